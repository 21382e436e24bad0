package io.volrep.engine.testing;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import io.volrep.engine.api.VolrepException;

/**
 * Several daemons in this JVM that replicate to each other: host i listens on 127.0.(i+1).1 at one
 * shared port, all share one key, and every host's table names the others.
 */
public final class TestRds implements Closeable {
    private final Map<String, TestHost> hosts = new LinkedHashMap<>();

    public TestRds(Path dir, String... names) throws IOException, VolrepException {
        this(dir, List.of(names), "");
    }

    /** @param extra more config for every host (HOCON inside {@code vxrep { }}); {@code {host}} stands for the host's name */
    public TestRds(Path dir, List<String> hostNames, String extra) throws IOException, VolrepException {
        this(dir, hostNames, extra, freePort(), Map.of());
    }

    /**
     * @param extraByHost more config per host (HOCON inside {@code vxrep { }}) keyed by host name, for
     *                    hosts that differ; a host without an entry gets none
     */
    public TestRds(Path dir, List<String> hostNames, Map<String, String> extraByHost) throws IOException, VolrepException {
        this(dir, hostNames, h -> extraByHost.getOrDefault(h, ""), freePort(), Map.of());
    }

    /**
     * @param port   the peer port every host listens on (see {@link #freePort()})
     * @param routes host table entries that replace the direct address, keyed {@code "from>to"}: e.g.
     *               {@code "seattle>london" -> "127.0.0.1:40123"} sends seattle's traffic for london
     *               through a test proxy there
     */
    public TestRds(Path dir, List<String> hostNames, String extra, int port, Map<String, String> routes)
            throws IOException, VolrepException {
        this(dir, hostNames, h -> extra.replace("{host}", h), port, routes);
    }

    private TestRds(Path dir, List<String> hostNames, Function<String, String> extraFor, int port, Map<String, String> routes)
            throws IOException, VolrepException {
        String[] names = hostNames.toArray(new String[0]);
        Path key = dir.resolve("rds.key");
        Files.writeString(key, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        for (int i = 0; i < names.length; i++) {
            StringBuilder table = new StringBuilder();
            for (int k = 0; k < names.length; k++) {
                if (k != i) {
                    String entry = routes.getOrDefault(names[i] + ">" + names[k], address(k));
                    table.append(names[k]).append(" = \"").append(entry).append("\"\n");
                }
            }
            String cfg = "peer { listen-address = \"" + address(i) + "\", port = " + port + ", key-file = \"" + key + "\" }\n"
                    + "hosts {\n" + table + "}\n" + extraFor.apply(names[i]);
            hosts.put(names[i], new TestHost(dir, names[i], cfg));
        }
    }

    public static String address(int i) {
        return "127.0." + (i + 1) + ".1";
    }

    /**
     * A TCP port free now on the addresses of the first {@value #ADDRESSES} hosts. Chosen below Linux's
     * ephemeral range (32768-60999): a port from that range, free when asked, can be taken a moment
     * later as the local port of some outgoing connection, and a host then fails to listen on it.
     */
    public static int freePort() throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(20000, 32000);
            if (freeEverywhere(port)) {
                return port;
            }
        }
        throw new IOException("no TCP port in 20000-32000 is free on 127.0.1.1-127.0." + ADDRESSES + ".1");
    }

    private static final int ADDRESSES = 8;

    private static boolean freeEverywhere(int port) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < ADDRESSES; i++) {
                ServerSocket s = new ServerSocket();
                held.add(s);
                s.bind(new java.net.InetSocketAddress(InetAddress.getByName(address(i)), port), 1);
            }
            return true;
        } catch (java.net.BindException e) {
            return false;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    public TestRds start() throws IOException, VolrepException {
        for (TestHost h : hosts.values()) {
            h.start();
        }
        return this;
    }

    public TestHost host(String name) {
        return hosts.get(name);
    }

    /** The same command on every host. */
    public void everywhere(String line) throws IOException {
        for (TestHost h : hosts.values()) {
            h.ok(line);
        }
    }

    /** Waits up to {@code timeout} for a condition; fails with {@code what} if it never holds. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
        }
    }

    @Override
    public void close() throws IOException {
        List<IOException> errors = new ArrayList<>();
        for (TestHost h : hosts.values()) {
            try {
                h.close();
            } catch (IOException e) {
                errors.add(e);
            }
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
    }
}
