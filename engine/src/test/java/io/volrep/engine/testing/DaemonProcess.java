package io.volrep.engine.testing;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.volrep.engine.client.EngineClient;

/**
 * vxrepd as a separate process, so tests can kill it with SIGKILL mid-write. Its config lowers the
 * SRL minimum to 4m; its console output goes to {@code <dir>/<host>.out}.
 */
public final class DaemonProcess implements Closeable {
    private final Path conf;
    private final Path stateDir;
    private final Path out;
    private Process process;
    private String haltAt = "";

    public DaemonProcess(Path dir, String host, String extraConfig) throws IOException {
        this.stateDir = dir.resolve(host);
        this.conf = dir.resolve(host + ".conf");
        this.out = dir.resolve(host + ".out");
        Files.createDirectories(stateDir);
        Files.writeString(conf, "vxrep { host = " + host + ", state-dir = \"" + stateDir + "\", srl.min-size = 4m\n"
                + extraConfig + "\n}\n");
    }

    public Path stateDir() {
        return stateDir;
    }

    public Path nbdSocket() {
        return stateDir.resolve("nbd.sock");
    }

    public String nbdUri(String dg, String volume) {
        return "nbd+unix:///" + dg + "/" + volume + "?socket=" + nbdSocket();
    }

    /**
     * From the next start on, the daemon dies on the spot (as with SIGKILL) when a role transfer reaches
     * {@code point} (io.volrep.engine.role.RoleHook); "" runs the plain daemon.
     */
    public DaemonProcess haltAt(String point) {
        this.haltAt = point;
        return this;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** Waits for the process to end by itself (a halt at a role transfer point). */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public DaemonProcess start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(Arrays.asList(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path")));
        if (haltAt.isEmpty()) {
            cmd.addAll(List.of("io.volrep.engine.daemon.VxRepd", "--conf", conf.toString()));
        } else {
            cmd.addAll(List.of("io.volrep.engine.daemon.HaltingVxRepd", "--conf", conf.toString(), "--halt-at", haltAt));
        }
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        EngineClient client = client();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!client.daemonRunning()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("vxrepd did not start; its output:\n" + Files.readString(out));
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        return this;
    }

    public EngineClient client() {
        return new EngineClient(stateDir.resolve("admin.sock"), System.getProperty("user.dir"));
    }

    public String ok(String line) throws IOException {
        Captured c = run(line);
        if (c.status != 0) {
            throw new AssertionError(line + " failed: " + c);
        }
        return c.out();
    }

    /** Runs a command line (split on spaces) and returns its output and status, whatever the status. */
    public Captured run(String line) throws IOException {
        return run(line, false);
    }

    /** As {@link #run(String)}, answering {@code answer} to the command's questions (an admin typing y or n). */
    public Captured run(String line, boolean answer) throws IOException {
        Captured c = new Captured(answer);
        c.status = client().run(Arrays.asList(line.trim().split("\\s+")), c);
        return c;
    }

    /** As {@link #ok(String)}, answering yes to the command's confirmation question. */
    public String confirmed(String line) throws IOException {
        Captured c = run(line, true);
        if (c.status != 0 || c.questions() == 0) {
            throw new AssertionError(line + " failed or asked nothing: " + c);
        }
        return c.out();
    }

    /** SIGKILL: no shutdown hook, no draining, nothing flushed. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("vxrepd did not die after SIGKILL");
        }
    }

    /** SIGTERM and wait for the clean shutdown; returns the exit status. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("vxrepd did not stop within 60s of SIGTERM");
        }
        return process.exitValue();
    }

    public String output() throws IOException {
        return Files.readString(out);
    }

    @Override
    public String toString() {
        return "vxrepd " + stateDir.getFileName();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
