package io.volrep.engine.testing;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.typesafe.config.ConfigFactory;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.client.EngineClient;
import io.volrep.engine.conf.HostConfig;
import io.volrep.engine.daemon.Daemon;

/**
 * A daemon in this JVM on a temp state directory, driven through its real admin socket. The SRL
 * minimum is lowered to 4m so tests use small volumes.
 */
public final class TestHost implements Closeable {
    private final HostConfig config;
    private Daemon daemon;

    public TestHost(Path dir, String name, String extraConfig) throws VolrepException {
        this.config = HostConfig.from(ConfigFactory.parseString("vxrep { host = " + name + ", state-dir = \""
                + dir.resolve(name) + "\", srl.min-size = 4m, srl.initialize = false, log.level = WARNING\n" + extraConfig + " }"), "test config of " + name);
    }

    public TestHost(Path dir, String name) throws VolrepException {
        this(dir, name, "");
    }

    public TestHost start() throws VolrepException, IOException {
        Files.createDirectories(config.stateDir());
        daemon = new Daemon(config);
        daemon.start();
        return this;
    }

    public Daemon daemon() {
        return daemon;
    }

    public HostConfig config() {
        return config;
    }

    /** Runs a command line given as one string split on spaces (no quoting needed in tests). */
    public Captured run(String line) throws IOException {
        return run(Arrays.asList(line.trim().split("\\s+")));
    }

    public Captured run(List<String> argv) throws IOException {
        Captured c = new Captured();
        c.status = new EngineClient(config.adminSocket(), System.getProperty("user.dir")).run(new ArrayList<>(argv), c);
        return c;
    }

    /**
     * {@code vxprint} output without what moves on its own while nothing is commanded: the applied LSN
     * and the log use that the applier's background checkpoints advance. For "changes nothing" checks.
     */
    public static String steady(String print) {
        return print.replaceAll("applied_lsn=\\d+", "applied_lsn=*").replaceAll("used=\\S+ of", "used=* of")
                .replaceAll("\\(\\d+%\\)", "(*%)");
    }

    /**
     * Starts a command that runs until interrupted ({@code vrnotify}, {@code vxrlink -i}) on a thread of its
     * own, its output into {@code c}; interrupting the thread closes the client, as Ctrl-C does.
     */
    public Thread runInBackground(String line, Captured c) {
        Thread t = new Thread(() -> {
            try {
                c.status = new EngineClient(config.adminSocket(), "/").run(new ArrayList<>(Arrays.asList(line.trim().split("\\s+"))), c);
            } catch (IOException e) {
                c.err("client ended: " + e + "\n");
            }
        }, "client " + line);
        t.start();
        return t;
    }

    /** Runs and fails the test with the output unless the status is 0. */
    public String ok(String line) throws IOException {
        Captured c = run(line);
        if (c.status != 0) {
            throw new AssertionError(line + " failed: " + c);
        }
        return c.out();
    }

    /** Runs a command and returns its output whatever its status (for polling conditions). */
    public String run0(String line) {
        try {
            Captured c = run(line);
            return c.out() + c.err();
        } catch (IOException e) {
            return e.toString();
        }
    }

    public void stop() throws IOException {
        if (daemon != null) {
            daemon.close();
            daemon = null;
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
