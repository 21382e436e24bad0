package io.volrep.engine.daemon;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.util.logging.Logger;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.CommandRegistry;
import io.volrep.engine.command.Commands;
import io.volrep.engine.command.Engine;
import io.volrep.engine.conf.HostConfig;
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
    private StateLock lock;
    private DiskGroups diskGroups;
    private Rvgs rvgs;
    private AdminServer admin;
    private volatile boolean closed;

    public Daemon(HostConfig config) {
        this.config = config;
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
                    .withBatch((int) Math.min(Integer.MAX_VALUE, config.groupCommitMaxBytes()), config.groupCommitMaxRecords()));
            rvgs.load();
            Engine engine = new Engine(config, diskGroups, rvgs);
            CommandRegistry registry = Commands.registry(engine);
            admin = new AdminServer(config.adminSocket(), registry, config.host());
            admin.start();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("vxrepd for host " + config.host() + " started (state " + config.stateDir() + ")");
    }

    public Engine engine() {
        return new Engine(config, diskGroups, rvgs);
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
        if (rvgs != null) {
            rvgs.stopAll();
        }
        if (diskGroups != null) {
            diskGroups.closeAll();
        }
        if (lock != null) {
            lock.close();
        }
        LOG.info("vxrepd for host " + config.host() + " stopped");
    }
}
