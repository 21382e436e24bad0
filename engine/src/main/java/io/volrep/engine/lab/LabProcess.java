package io.volrep.engine.lab;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Starting, finding and stopping the vxrepd process of one lab host. */
final class LabProcess {
    private LabProcess() {
    }

    /** The host's daemon if its pid file names a live vxrepd process. */
    static Optional<ProcessHandle> running(LabLayout lab, String host) throws IOException {
        Path pidFile = lab.pidFile(host);
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains("VxRepd")).orElse(true));
    }

    /**
     * JVM options of a lab daemon: {@code $VOLREP_DAEMON_OPTS}, else the same default as {@code bin/vxrepd},
     * so that the lab (and every benchmark run in it) measures the daemon as it runs on a server. With
     * the serial collector and half the heap a Secondary spent 40% of an autosync copying 1 MiB
     * synchronization frames between generations (497 MiB/s against 640-800 with G1).
     */
    static final String DEFAULT_DAEMON_OPTS = "-Xmx1g -XX:+UseG1GC";

    /** Starts vxrepd for the host as a separate process that outlives this one. */
    static ProcessHandle spawn(LabLayout lab, String host) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String opts = Optional.ofNullable(System.getenv("VOLREP_DAEMON_OPTS")).filter(o -> !o.isBlank())
                .orElse(DEFAULT_DAEMON_OPTS);
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(Arrays.asList(opts.trim().split("\\s+")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "io.volrep.engine.daemon.VxRepd", "--conf", lab.conf(host).toString()));
        File log = lab.consoleLog(host).toFile();
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Files.writeString(lab.pidFile(host), p.pid() + "\n");
        return p.toHandle();
    }

    /** SIGTERM, then wait; SIGKILL if it does not end in time. Returns true if it ended by itself. */
    static boolean stop(ProcessHandle p, Duration timeout) {
        p.destroy();
        try {
            p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            p.destroyForcibly();
            return false;
        }
    }

    static void pause(Duration d) {
        LockSupport.parkNanos(d.toNanos());
    }
}
