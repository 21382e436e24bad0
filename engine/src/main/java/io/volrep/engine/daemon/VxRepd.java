package io.volrep.engine.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.conf.HostConfig;

/**
 * {@code vxrepd [--conf FILE]}: runs the host daemon in the foreground until SIGTERM or SIGINT,
 * which shut it down cleanly. Exit status 2 for a bad config or usage, 1 if it cannot start.
 */
public final class VxRepd {
    private VxRepd() {
    }

    public static void main(String[] args) {
        Optional<String> conf = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--conf") && i + 1 < args.length) {
                conf = Optional.of(args[++i]);
            } else if (args[i].equals("-h") || args[i].equals("--help")) {
                System.out.println("usage: vxrepd [--conf FILE]\n  runs the volrep host daemon in the foreground;"
                        + " the config is FILE, else $" + HostConfig.ENV + ", else " + HostConfig.DEFAULT_FILE);
                return;
            } else {
                System.err.println("vxrepd: " + ErrorCode.USAGE.tag() + " ERROR: unknown argument '" + args[i]
                        + "'\nusage: vxrepd [--conf FILE]");
                System.exit(2);
            }
        }
        HostConfig config;
        try {
            config = HostConfig.load(HostConfig.locate(conf, System.getenv()));
            Files.createDirectories(config.stateDir());
            DaemonLog.install(config);
        } catch (VolrepException e) {
            System.err.println(e.render("vxrepd"));
            System.exit(e.code().exitStatus());
            return;
        } catch (IOException e) {
            System.err.println("vxrepd: " + ErrorCode.IO_ERROR.tag() + " ERROR: " + e.getMessage());
            System.exit(1);
            return;
        }
        Daemon daemon = new Daemon(config);
        try {
            daemon.start();
        } catch (VolrepException e) {
            System.err.println(e.render("vxrepd"));
            System.exit(e.code().exitStatus());
        } catch (IOException e) {
            System.err.println("vxrepd: " + ErrorCode.IO_ERROR.tag() + " ERROR: cannot start: " + e.getMessage());
            System.exit(1);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int status = 0;
            try {
                daemon.close();
            } catch (IOException e) {
                System.err.println("vxrepd: shutdown: " + e.getMessage());
                status = 1;
            } finally {
                stopped.countDown();
            }
            // A JVM ended by SIGTERM exits 143 even after a clean shutdown; the daemon drained every
            // SRL, so it says so with 0 (what systemd and scripts expect of a clean stop).
            for (java.util.logging.Handler h : java.util.logging.Logger.getLogger("").getHandlers()) {
                h.flush();
            }
            Runtime.getRuntime().halt(status);
        }, "vxrepd-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
