package io.volrep.engine.bench.consistency;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.volrep.engine.nbd.NbdClient;

/**
 * {@code vxbench workload} and {@code vxbench verify}: the stamped workload and the consistency
 * checker from the command line, so an admin (or a test) can write through a Primary, then prove a
 * Secondary (or the Primary after a crash) is consistent.
 */
public final class ConsistencyCommand {
    public static final String USAGE = String.join("\n",
            "usage: vxbench workload --uri URI [--uri URI...] --log FILE [--qd 16] [--blocks 4096]",
            "                        (--count N | --time 10s) [--first-seq N] [--seed N]",
            "       vxbench verify --uri URI [--uri URI...] --log FILE [--log FILE...] [--primary]",
            "  workload  writes self-describing 4 KiB blocks to the volumes (one URI each, in the same order",
            "            every time), several in flight, and records every write and acknowledgement in FILE",
            "  verify    reads the volumes and proves they hold a prefix of the logged writes: prints k, the",
            "            prefix, and the lag; --primary also requires every acknowledged write. Exit 1 if not.",
            "  --first-seq  sequence numbers start above N: give a later run a higher N than the last one");

    private ConsistencyCommand() {
    }

    public static int run(String verb, List<String> args, PrintStream out, PrintStream err) {
        List<String> uris = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        int qd = 16;
        long blocks = 4096;
        long count = Long.MAX_VALUE;
        Duration time = null;
        long firstSeq = 0;
        long seed = 1;
        boolean primary = false;
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--uri" -> uris.add(value(args, ++i, a));
                    case "--log" -> logs.add(Path.of(value(args, ++i, a)));
                    case "--qd" -> qd = (int) number(value(args, ++i, a), 1, 1024, a);
                    case "--blocks" -> blocks = number(value(args, ++i, a), 1, 1L << 30, a);
                    case "--count" -> count = number(value(args, ++i, a), 1, Long.MAX_VALUE, a);
                    case "--time" -> time = duration(value(args, ++i, a));
                    case "--first-seq" -> firstSeq = number(value(args, ++i, a), 0, Long.MAX_VALUE / 2, a);
                    case "--seed" -> seed = number(value(args, ++i, a), 0, Long.MAX_VALUE, a);
                    case "--primary" -> primary = true;
                    default -> throw new IllegalArgumentException("unknown argument " + a);
                }
            }
            if (uris.isEmpty() || logs.isEmpty()) {
                throw new IllegalArgumentException("give at least one --uri and a --log");
            }
            if (verb.equals("workload") && (logs.size() != 1 || (count == Long.MAX_VALUE) == (time == null))) {
                throw new IllegalArgumentException("workload takes one --log and exactly one of --count and --time");
            }
        } catch (IllegalArgumentException e) {
            err.println("vxbench: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            return verb.equals("workload")
                    ? workload(uris, logs.get(0), qd, blocks, count, time, firstSeq, seed, out)
                    : verify(uris, logs, primary, out);
        } catch (IOException | InterruptedException e) {
            err.println("vxbench: " + e.getMessage());
            return 1;
        }
    }

    private static int workload(List<String> uris, Path logFile, int qd, long blocks, long count, Duration time, long firstSeq,
                                long seed, PrintStream out) throws IOException, InterruptedException {
        List<NbdClient> clients = connect(uris);
        try (WriteLog log = WriteLog.create(logFile)) {
            StampWorkload w = new StampWorkload(clients, blocks, log, firstSeq);
            Thread timer = null;
            if (time != null) {
                Duration limit = time;
                timer = new Thread(() -> {
                    try {
                        Thread.sleep(limit.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    w.stop();
                });
                timer.setDaemon(true);
                timer.start();
            }
            w.run(qd, count, seed);
            out.println("workload: " + w.acknowledged() + " writes acknowledged, last sequence " + w.lastIssued()
                    + (w.failure() != null ? "; stopped by " + w.failure().getMessage() : ""));
            return w.failure() == null ? 0 : 1;
        } finally {
            clients.forEach(NbdClient::abort);
        }
    }

    private static int verify(List<String> uris, List<Path> logFiles, boolean primary, PrintStream out) throws IOException {
        List<WriteLog.Write> writes = new ArrayList<>();
        Set<Long> acked = new HashSet<>();
        for (Path f : logFiles) {
            WriteLog.Contents c = WriteLog.read(f);
            writes.addAll(c.writes());
            acked.addAll(c.acked());
        }
        List<NbdClient> clients = connect(uris);
        try {
            WriteLog.Contents all = new WriteLog.Contents(writes, acked);
            ConsistencyCheck.Result r = primary ? ConsistencyCheck.primary(clients, all) : ConsistencyCheck.prefix(clients, all);
            out.println("verify: " + r.summary());
            r.problems().stream().limit(20).forEach(p -> out.println("  " + p));
            return r.ok() ? 0 : 1;
        } finally {
            clients.forEach(NbdClient::abort);
        }
    }

    private static List<NbdClient> connect(List<String> uris) throws IOException {
        List<NbdClient> out = new ArrayList<>();
        for (String u : uris) {
            out.add(NbdClient.connect(u));
        }
        return out;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static long number(String v, long min, long max, String option) {
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " takes a whole number from " + min + " to " + max + ", not " + v);
    }

    private static Duration duration(String v) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]+)(ms|s|m)").matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("--time takes a duration such as 500ms, 10s or 2m, not " + v);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }
}
