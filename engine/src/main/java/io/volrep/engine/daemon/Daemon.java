package io.volrep.engine.daemon;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.event.EventBus;
import io.volrep.engine.command.CommandRegistry;
import io.volrep.engine.command.Commands;
import io.volrep.engine.command.Engine;
import io.volrep.engine.conf.HostConfig;
import io.volrep.engine.command.remote.CommandRelay;
import io.volrep.engine.command.remote.EventRelay;
import io.volrep.engine.command.remote.RemoteOps;
import io.volrep.engine.command.remote.StatusOps;
import io.volrep.engine.nbd.NbdServer;
import io.volrep.engine.peer.Peers;
import io.volrep.engine.role.RoleHook;
import io.volrep.engine.role.RoleService;
import io.volrep.engine.rvg.replication.ReplicationService;
import io.volrep.engine.sync.SyncService;
import io.volrep.engine.nbd.NbdServerConfig;
import io.volrep.engine.rvg.Rvgs;
import io.volrep.engine.rvg.WritePathOptions;
import io.volrep.engine.volume.DiskGroups;

/**
 * One host's daemon: owns the state directory, every disk group, volume and RVG in it, and serves
 * the admin socket and NBD. Several can run in one JVM (tests): all state comes through the config.
 */
public final class Daemon implements Closeable {
    private static final Logger LOG = Logger.getLogger(Daemon.class.getName());

    private final HostConfig config;
    private final RoleHook roleHook;
    private RoleService roles;
    private StateLock lock;
    private DiskGroups diskGroups;
    private Rvgs rvgs;
    private AdminServer admin;
    private Optional<Peers> peers = Optional.empty();
    private ReplicationService replication;
    private SyncService sync;
    private ExecutorService volumeIo;
    private NbdServer nbd;
    private volatile boolean closed;

    public Daemon(HostConfig config) {
        this(config, RoleHook.NONE);
    }

    /** A daemon whose role transfers report their steps to {@code roleHook} (a test seam). */
    public Daemon(HostConfig config, RoleHook roleHook) {
        this.config = config;
        this.roleHook = roleHook;
    }

    public HostConfig config() {
        return config;
    }

    /** Takes the state lock, loads and recovers everything, then opens the sockets. */
    public void start() throws VolrepException, IOException {
        Files.createDirectories(config.stateDir());
        lock = StateLock.acquire(config.stateDir());
        try {
            diskGroups = new DiskGroups(config.stateDir(), config.directIo());
            diskGroups.load();
            rvgs = new Rvgs(diskGroups, WritePathOptions.defaults()
                    .withBatch((int) Math.min(Integer.MAX_VALUE, config.groupCommitMaxBytes()), config.groupCommitMaxRecords()),
                    new EventBus(config.host(), Clock.systemUTC()));
            peers = Peers.start(config);
            if (peers.isPresent()) {
                replication = new ReplicationService(peers.get(), rvgs);
                rvgs.replicator(replication);
            }
            rvgs.load();
            sync = new SyncService(config, diskGroups, rvgs, peers);
            Engine engine = engine();
            roles = new RoleService(engine, roleHook);
            peers.ifPresent(p -> {
                RemoteOps.register(p, engine);
                StatusOps.register(p, engine);
                EventRelay.register(p, engine);
                CommandRelay.register(p, Commands.local(engine, roles));
            });
            roles.start();
            CommandRegistry registry = Commands.registry(engine, roles);
            admin = new AdminServer(config.adminSocket(), registry, config.host());
            // The admin socket last: clients (and vxlab, and tests) take it as the sign that the host is ready.
            startNbd();
            admin.start();
        } catch (VolrepException | IOException | RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("vxrepd for host " + config.host() + " started (state " + config.stateDir() + ")");
    }

    private void startNbd() throws VolrepException, IOException {
        AtomicInteger n = new AtomicInteger();
        volumeIo = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "volume-io-" + config.host() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        NbdServerConfig nc = NbdServerConfig.unix(config.nbdSocket());
        if (config.nbdGroup().isPresent()) {
            nc = nc.withSocketGroup(config.nbdGroup().get());
        }
        if (config.nbdTcp().isPresent()) {
            nc = nc.withTcp(tcpAddress(config.nbdTcp().get()));
        }
        nbd = new NbdServer(new VolumeExports(diskGroups, rvgs, volumeIo), nc);
        nbd.start();
    }

    private InetSocketAddress tcpAddress(String hostPort) throws VolrepException {
        int colon = hostPort.lastIndexOf(':');
        try {
            return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new VolrepException(io.volrep.engine.api.ErrorCode.BAD_CONFIG, "bad value for vxrep.nbd.tcp in "
                    + config.source() + ": '" + hostPort + "' is not ADDRESS:PORT");
        }
    }

    /** The NBD server, for tests and status output. */
    public NbdServer nbd() {
        return nbd;
    }

    /** Role transfer on this host (migrate, takeover, failback). */
    public RoleService roles() {
        return roles;
    }

    /** This daemon's events (for tests and status). */
    public EventBus events() {
        return rvgs.events();
    }

    public Engine engine() {
        return new Engine(config, diskGroups, rvgs, peers, sync);
    }

    /** Clean shutdown: stop serving, drain every SRL onto its data volumes, close volumes, release the lock. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (admin != null) {
            admin.close();
        }
        if (nbd != null) {
            nbd.close();
        }
        if (volumeIo != null) {
            volumeIo.shutdown();
            try {
                volumeIo.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (roles != null) {
            roles.close();
        }
        if (rvgs != null) {
            rvgs.stopAll();
        }
        if (replication != null) {
            replication.close();
        }
        if (sync != null) {
            sync.close();
        }
        peers.ifPresent(Peers::close);
        if (diskGroups != null) {
            diskGroups.closeAll();
        }
        if (lock != null) {
            lock.close();
        }
        LOG.info("vxrepd for host " + config.host() + " stopped");
    }
}
