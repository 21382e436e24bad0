package io.volrep.engine.lab;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    /** Starts vxrepd for the host as a separate process that outlives this one. */
    static ProcessHandle spawn(LabLayout lab, String host) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                "io.volrep.engine.daemon.VxRepd", "--conf", lab.conf(host).toString());
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
