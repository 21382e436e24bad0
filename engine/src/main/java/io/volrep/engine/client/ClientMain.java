package io.volrep.engine.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.volrep.engine.api.VolrepException;

/**
 * The thin client behind {@code bin/vradmin}, {@code bin/vxprint} and the other command launchers:
 * {@code ClientMain COMMAND [--conf FILE] ARGS...} sends the command line to this host's daemon,
 * copies its output to stdout/stderr as it arrives and exits with its status.
 */
public final class ClientMain {
    private ClientMain() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println("usage: ClientMain COMMAND [--conf FILE] [ARGS...]");
            return 2;
        }
        if (args.size() == 2 && args.get(0).equals("--cds-training")) {
            return ClientTraining.run(java.nio.file.Path.of(args.get(1)));
        }
        List<String> argv = new ArrayList<>(args);
        Optional<String> conf = Optional.empty();
        if (argv.size() >= 3 && argv.get(1).equals("--conf")) {
            conf = Optional.of(argv.get(2));
            argv.subList(1, 3).clear();
        }
        EngineClient client;
        try {
            client = EngineClient.forHost(conf, System.getenv());
        } catch (VolrepException e) {
            err.println(e.render(argv.get(0)));
            return e.code().exitStatus();
        }
        try {
            return client.run(argv, new StreamIo(out, err,
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), " [y,n,q,?] (default: n) ", false));
        } catch (IOException e) {
            err.println(e.getMessage());
            return 1;
        }
    }
}
