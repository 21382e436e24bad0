package io.volrep.engine.role;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.TransferRecord;

/**
 * One thread per daemon that finishes recorded role transfers: at boot first, then every second. It
 * rolls back a migration frozen before its commit point, drives a committed one forward (retrying the
 * hosts that do not answer), finishes moving a resume point, forgets a promotion once the old Primary
 * replicates from the new one, and on a new Primary keeps telling the old Primary it was taken over. It skips an RVG whose transfer lock a verb or a peer holds. The same
 * failure is logged once, not every second.
 */
final class RoleMonitor {
    private static final Logger LOG = Logger.getLogger(RoleMonitor.class.getName());
    private static final long PERIOD_MILLIS = 1000;

    private final RoleService roles;
    private final Map<String, String> lastFailure = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    RoleMonitor(RoleService roles) {
        this.roles = roles;
        this.thread = new Thread(this::run, "role-monitor " + roles.host());
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            for (Rvg rvg : roles.engine().rvgs().all()) {
                if (!running) {
                    return;
                }
                if (rvg.record().transfer().isPresent()) {
                    pass(rvg);
                }
            }
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                Thread.interrupted();
            }
        }
    }

    private void pass(Rvg rvg) {
        String key = rvg.diskGroup().name() + "/" + rvg.name();
        try {
            roles.tryLocked(rvg, () -> drive(rvg));
            lastFailure.remove(key);
        } catch (VolrepException | IOException | RuntimeException e) {
            String msg = String.valueOf(e.getMessage());
            if (!msg.equals(lastFailure.put(key, msg))) {
                LOG.warning("RVG " + key + ": role transfer not finished yet: " + msg + " (retrying every second)");
            }
        }
    }

    private Void drive(Rvg rvg) throws VolrepException, IOException {
        Optional<TransferRecord> t = rvg.record().transfer();
        if (t.isEmpty()) {
            return null;
        }
        if (t.get().is(TransferRecord.MIGRATE)) {
            roles.migration().resume(rvg);
        } else if (t.get().is(TransferRecord.PROMOTED)) {
            forgetPromotion(rvg, t.get());
        } else if (t.get().is(TransferRecord.TAKEOVER)) {
            roles.takeoverSteps().poll(rvg);
        } else if (t.get().rebasePending()) {
            RoleService.underDg(rvg, () -> {
                LocalRole.finishRebase(rvg);
                return null;
            });
        }
        return null;
    }

    /**
     * New Primary: the old Primary asks to promote this host again only until it has recorded that it
     * did; once it replicates from here as a Secondary it never asks again, and the record goes.
     */
    private static void forgetPromotion(Rvg rvg, TransferRecord t) throws VolrepException, IOException {
        if (rvg.rlinks().stream().anyMatch(l -> l.remoteHost().equals(t.peer()) && l.connected())) {
            RoleService.underDg(rvg, () -> {
                if (rvg.record().transfer().filter(x -> x.is(TransferRecord.PROMOTED)).isPresent()) {
                    rvg.recordTransfer(Optional.empty());
                }
                return null;
            });
        }
    }
}
