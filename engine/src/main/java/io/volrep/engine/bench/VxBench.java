package io.volrep.engine.bench;

import java.io.PrintStream;
import java.util.Arrays;

import io.volrep.engine.bench.consistency.ConsistencyCommand;

/**
 * {@code vxbench}: drives a block workload through NBD and reports throughput, IOPS and latency.
 * Exit 0 on success, 1 when the run fails or a request errs, 2 on bad usage.
 */
public final class VxBench {
    private VxBench() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    public static int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 1 && (argv[0].equals("help") || argv[0].equals("--help"))) {
            out.println(BenchArgs.USAGE);
            out.println(ConsistencyCommand.USAGE);
            return 0;
        }
        if (argv.length > 0 && (argv[0].equals("workload") || argv[0].equals("verify"))) {
            return ConsistencyCommand.run(argv[0], Arrays.asList(argv).subList(1, argv.length), out, err);
        }
        if (argv.length == 0 || !argv[0].equals("run")) {
            err.println("vxbench: " + (argv.length == 0 ? "no command" : "unknown command " + argv[0]));
            err.println(BenchArgs.USAGE);
            return 2;
        }
        BenchArgs args;
        try {
            args = BenchArgs.parse(Arrays.asList(argv).subList(1, argv.length));
        } catch (IllegalArgumentException e) {
            err.println("vxbench: " + e.getMessage());
            err.println(BenchArgs.USAGE);
            return 2;
        }
        try {
            BenchReport report = new BenchRun(args).run();
            out.println(args.json() ? report.json() : report.text());
            return report.errors() == 0 ? 0 : 1;
        } catch (Exception e) {
            err.println("vxbench: " + e.getMessage());
            return 1;
        }
    }
}
