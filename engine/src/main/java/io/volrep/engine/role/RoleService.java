package io.volrep.engine.role;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.peer.PeerMessage;
import io.volrep.engine.peer.Peers;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.DiskGroup;

/**
 * Role transfer on this host: the entry points of the vradmin verbs (migrate, takeover, fbsync,
 * makesec), the peer operations other hosts call during a transfer, and the monitor that finishes
 * what a crash or an unreachable host left. One transfer per RVG at a time: verbs, peer operations
 * and the monitor hold the RVG's transfer lock, and take the disk group lock only for local changes
 * (never across a call to another host). Thread-safe.
 */
public final class RoleService implements Closeable {
    private static final long LOCK_WAIT_SECONDS = 30;

    /** A step that may fail the way commands fail. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws VolrepException, IOException;
    }

    private final Engine engine;
    private final RoleHook hook;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Migration migration;
    private final Takeover takeover;
    private final Failback failback;
    private final RoleMonitor monitor;

    public RoleService(Engine engine, RoleHook hook) {
        this.engine = engine;
        this.hook = hook;
        this.migration = new Migration(this);
        this.takeover = new Takeover(this);
        this.failback = new Failback(this);
        this.monitor = new RoleMonitor(this);
    }

    /** Registers the peer operations and starts the monitor (which first finishes recorded transfers). */
    public void start() {
        engine.peers().ifPresent(p -> RolePeerOps.register(p, this));
        monitor.start();
    }

    @Override
    public void close() {
        monitor.stop();
    }

    // ---- verbs ----

    /** {@code vradmin migrate} on the Primary; returns what to print. */
    public List<String> migrate(Rvg rvg, String newPrimary) throws VolrepException, IOException {
        return migration.run(rvg, newPrimary);
    }

    /** What migrate checks before it changes anything, so the verb can refuse before asking for confirmation. */
    public void checkMigrate(Rvg rvg, String newPrimary) throws VolrepException, IOException {
        underDg(rvg, () -> MigrationChecks.check(host(), rvg, newPrimary));
    }

    /** {@code vradmin takeover} on a Secondary; {@code mode} is failback, autofb or none. */
    public List<String> takeover(Rvg rvg, String mode) throws VolrepException, IOException {
        return takeover.run(rvg, mode);
    }

    /** {@code vradmin fbsync} on the new Primary (or forwarded to it from the acting Secondary). */
    public List<String> fbsync(Rvg rvg) throws VolrepException, IOException {
        return failback.fbsync(rvg);
    }

    /** {@code vradmin makesec} on the original Primary. */
    public List<String> makesec(Rvg rvg, String newPrimary, boolean force) throws VolrepException, IOException {
        return failback.makesec(rvg, newPrimary, force);
    }

    /** The configuration errors of the RDS as this host knows them (printrvg -l, repstatus). */
    public List<String> configErrors(Rvg rvg) {
        return ConfigErrors.of(engine.config().host(), rvg);
    }

    /** Asks {@code host} to run a role operation (forwarded verbs use it). */
    public Map<String, String> call(String host, String op, Map<String, String> fields) throws VolrepException, IOException {
        return peers().call(host, op, fields);
    }

    // ---- shared by the role classes ----

    Engine engine() {
        return engine;
    }

    RoleHook hook() {
        return hook;
    }

    String host() {
        return engine.config().host();
    }

    Peers peers() throws VolrepException {
        return engine.requirePeers();
    }

    Migration migration() {
        return migration;
    }

    Takeover takeoverSteps() {
        return takeover;
    }

    Failback failback() {
        return failback;
    }

    /** The RVG a peer request names ({@code dg}, {@code rvg}). */
    Rvg rvg(PeerMessage m) throws VolrepException {
        DiskGroup dg = engine.diskGroups().require(m.field("dg"));
        return engine.rvgs().require(dg, m.field("rvg"));
    }

    /** Runs {@code body} holding the RVG's transfer lock (waiting at most 30 s for it). */
    <T> T locked(Rvg rvg, Step<T> body) throws VolrepException, IOException {
        ReentrantLock lock = lockOf(rvg);
        try {
            if (!lock.tryLock(LOCK_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new VolrepException(ErrorCode.TRANSFER_IN_PROGRESS, "another role transfer of RVG " + rvg.name()
                        + " is running on " + host() + ": wait for it, then try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the role transfer lock of RVG " + rvg.name(), e);
        }
        try {
            return body.run();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code body} if the RVG's transfer lock is free now (the monitor); returns whether it ran. */
    boolean tryLocked(Rvg rvg, Step<Void> body) throws VolrepException, IOException {
        ReentrantLock lock = lockOf(rvg);
        if (!lock.tryLock()) {
            return false;
        }
        try {
            body.run();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code body} holding the disk group lock of the RVG. */
    static <T> T underDg(Rvg rvg, Step<T> body) throws VolrepException, IOException {
        rvg.diskGroup().lock().lock();
        try {
            return body.run();
        } finally {
            rvg.diskGroup().lock().unlock();
        }
    }

    private ReentrantLock lockOf(Rvg rvg) {
        return locks.computeIfAbsent(rvg.diskGroup().name() + "/" + rvg.name(), k -> new ReentrantLock());
    }
}
