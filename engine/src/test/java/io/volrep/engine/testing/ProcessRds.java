package io.volrep.engine.testing;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several vxrepd processes ({@link DaemonProcess}) on 127.0.x.1 sharing one peer port and key, each
 * with the others in its host table: an RDS whose hosts a test can SIGKILL. Names as in the
 * documentation (seattle, london, tokyo). {@link #diagnostics} gathers what each host says and its log.
 */
public final class ProcessRds implements Closeable {
    private final Map<String, DaemonProcess> hosts = new LinkedHashMap<>();

    public ProcessRds(Path dir, String... names) throws IOException {
        Path key = dir.resolve("rds.key");
        Files.writeString(key, "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0\n");
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        int port = TestRds.freePort();
        for (int i = 0; i < names.length; i++) {
            StringBuilder table = new StringBuilder();
            for (int k = 0; k < names.length; k++) {
                if (k != i) {
                    table.append(names[k]).append(" = \"").append(TestRds.address(k)).append("\"\n");
                }
            }
            hosts.put(names[i], new DaemonProcess(dir, names[i], "peer { listen-address = \"" + TestRds.address(i)
                    + "\", port = " + port + ", key-file = \"" + key + "\" }\nhosts {\n" + table + "}"));
        }
    }

    /** Starts every host. */
    public ProcessRds start() throws IOException {
        for (DaemonProcess h : hosts.values()) {
            h.start();
        }
        return this;
    }

    public DaemonProcess host(String name) {
        DaemonProcess h = hosts.get(name);
        if (h == null) {
            throw new IllegalArgumentException("no host " + name + " in this RDS");
        }
        return h;
    }

    /** The same command on every host. */
    public void everywhere(String line) throws IOException {
        for (DaemonProcess h : hosts.values()) {
            h.ok(line);
        }
    }

    /** Each command on each running host ({@code host: command}), then every host's daemon log. */
    public String diagnostics(List<String> commands) {
        StringBuilder b = new StringBuilder();
        for (String c : commands) {
            String host = c.substring(0, c.indexOf(':'));
            String line = c.substring(c.indexOf(':') + 1).trim();
            b.append("== ").append(host).append(": ").append(line).append('\n');
            try {
                b.append(host(host).alive() ? host(host).run(line).toString() : "(not running)").append('\n');
            } catch (IOException e) {
                b.append(e).append('\n');
            }
        }
        for (Map.Entry<String, DaemonProcess> e : hosts.entrySet()) {
            try {
                b.append("== log of ").append(e.getKey()).append('\n').append(e.getValue().output());
            } catch (IOException x) {
                b.append("== log of ").append(e.getKey()).append(": ").append(x).append('\n');
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        hosts.values().forEach(DaemonProcess::close);
    }
}
