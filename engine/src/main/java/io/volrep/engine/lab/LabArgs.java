package io.volrep.engine.lab;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The parsed vxlab command line.
 *
 * @param port the peer port every host of a new lab listens on ({@code vxlab up --port}), or empty for
 *             {@link LabLayout#PEER_PORT}
 */
record LabArgs(String verb, Path dir, Optional<List<String>> hosts, boolean example, Optional<String> host,
               OptionalInt port) {

    static final class BadUsage extends Exception {
        private static final long serialVersionUID = 1L;

        BadUsage(String message) {
            super(message);
        }
    }

    static LabArgs parse(List<String> args) throws BadUsage {
        if (args.isEmpty()) {
            throw new BadUsage("no verb given");
        }
        String verb = args.get(0);
        if (!List.of("up", "down", "status", "env").contains(verb)) {
            throw new BadUsage("unknown verb '" + verb + "'");
        }
        String envDir = System.getenv("VXLAB_DIR");
        Path dir = Path.of(envDir != null && !envDir.isBlank() ? envDir : VxLab.DEFAULT_DIR);
        Optional<List<String>> hosts = Optional.empty();
        boolean example = false;
        Optional<String> host = Optional.empty();
        OptionalInt port = OptionalInt.empty();
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--dir" -> dir = Path.of(value(args, ++i, a)).toAbsolutePath().normalize();
                case "--hosts" -> hosts = Optional.of(hostList(value(args, ++i, a)));
                case "--example" -> example = true;
                case "--port" -> port = OptionalInt.of(port(value(args, ++i, a)));
                default -> {
                    if (verb.equals("env") && host.isEmpty() && !a.startsWith("-")) {
                        host = Optional.of(a);
                    } else {
                        throw new BadUsage("unexpected argument '" + a + "' for vxlab " + verb);
                    }
                }
            }
        }
        if (!verb.equals("up") && (hosts.isPresent() || example || port.isPresent())) {
            throw new BadUsage("--hosts, --port and --example go with vxlab up");
        }
        if (verb.equals("env") && host.isEmpty()) {
            throw new BadUsage("vxlab env needs a host name");
        }
        return new LabArgs(verb, dir, hosts, example, host, port);
    }

    private static int port(String s) throws BadUsage {
        try {
            int p = Integer.parseInt(s);
            if (p >= 1024 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // the same answer as an out-of-range number
        }
        throw new BadUsage("--port takes a TCP port number from 1024 to 65535, not '" + s + "'");
    }

    private static String value(List<String> args, int i, String option) throws BadUsage {
        if (i >= args.size()) {
            throw new BadUsage(option + " needs a value");
        }
        return args.get(i);
    }

    private static List<String> hostList(String s) throws BadUsage {
        List<String> hosts = Arrays.stream(s.split(",")).map(String::trim).toList();
        if (hosts.isEmpty() || hosts.size() > 250 || hosts.stream().anyMatch(h -> !h.matches("[a-z][a-z0-9-]{0,30}"))
                || hosts.stream().distinct().count() != hosts.size()) {
            throw new BadUsage("--hosts takes distinct lower-case host names separated by commas, e.g. seattle,london");
        }
        return hosts;
    }
}
