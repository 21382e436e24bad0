package io.volrep.engine.daemon;

import java.nio.file.Files;
import java.nio.file.Path;

import io.volrep.engine.conf.HostConfig;

/**
 * Test-only vxrepd: {@code --conf FILE [--halt-at POINT]}. Like {@link VxRepd}, except that the process
 * dies on the spot (Runtime.halt: no shutdown hook, nothing drained or flushed, like SIGKILL) when a role
 * transfer on this host reaches POINT (see {@link io.volrep.engine.role.RoleHook}).
 */
public final class HaltingVxRepd {
    private HaltingVxRepd() {
    }

    public static void main(String[] args) throws Exception {
        String conf = null;
        String haltAt = "";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--conf" -> conf = args[i + 1];
                case "--halt-at" -> haltAt = args[i + 1];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        HostConfig config = HostConfig.load(Path.of(conf));
        Files.createDirectories(config.stateDir());
        DaemonLog.install(config);
        String point = haltAt;
        Daemon daemon = new Daemon(config, reached -> {
            if (reached.equals(point)) {
                System.out.println("HaltingVxRepd: halting at " + reached);
                System.out.flush();
                Runtime.getRuntime().halt(137);
            }
        });
        daemon.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                daemon.close();
            } catch (java.io.IOException e) {
                System.err.println("HaltingVxRepd: shutdown: " + e.getMessage());
            }
        }));
        Thread.currentThread().join();
    }
}
