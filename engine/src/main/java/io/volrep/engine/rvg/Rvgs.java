package io.volrep.engine.rvg;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.event.EventBus;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.DiskGroups;
import io.volrep.engine.volume.RvgRecord;

/**
 * The RVGs of this host at run time, keyed by disk group and name. At boot every RVG recorded as
 * ACTIVE is started again, which recovers its SRL onto its data volumes. Thread-safe.
 */
public final class Rvgs {
    private static final Logger LOG = Logger.getLogger(Rvgs.class.getName());

    private final DiskGroups diskGroups;
    private final WritePathOptions options;
    private final Map<String, Rvg> rvgs = new TreeMap<>();
    private final EventBus events;
    private volatile Replicator replicator = Replicator.NONE;

    public Rvgs(DiskGroups diskGroups, WritePathOptions options, EventBus events) {
        this.diskGroups = diskGroups;
        this.options = options;
        this.events = events;
    }

    /** This daemon's events. */
    public EventBus events() {
        return events;
    }

    /** Installs replication; call before {@link #load()}. */
    public void replicator(Replicator r) {
        this.replicator = r;
    }

    /** Creates the run-time objects for every recorded RVG and restarts the ones left ACTIVE. */
    public void load() {
        for (DiskGroup dg : diskGroups.all()) {
            for (RvgRecord r : dg.config().rvgs()) {
                Rvg rvg;
                try {
                    rvg = register(dg, r);
                } catch (VolrepException e) {
                    LOG.severe("RVG " + dg.name() + "/" + r.name() + " has a bad RLINK record: " + e.getMessage());
                    continue;
                }
                if (rvg.state() == RvgState.ACTIVE) {
                    dg.lock().lock();
                    try {
                        rvg.start();
                    } catch (VolrepException | IOException e) {
                        LOG.severe(rvg + " could not be started at boot: " + e.getMessage());
                    } finally {
                        dg.lock().unlock();
                    }
                }
            }
        }
    }

    /** Adds the run-time object for a newly recorded RVG. */
    public synchronized Rvg register(DiskGroup dg, RvgRecord record) throws VolrepException {
        Rvg rvg = new Rvg(dg, record, options, new Replicator() {
            @Override
            public void started(Rvg r) {
                replicator.started(r);
            }

            @Override
            public void stopping(Rvg r) {
                replicator.stopping(r);
            }

            @Override
            public void rlinkChanged(Rvg r, Rlink link) {
                replicator.rlinkChanged(r, link);
            }

            @Override
            public void attributesChanged(Rvg r, Rlink link) {
                replicator.attributesChanged(r, link);
            }
        }, events);
        rvgs.put(key(dg.name(), record.name()), rvg);
        return rvg;
    }

    public synchronized void unregister(Rvg rvg) {
        rvgs.remove(key(rvg.diskGroup().name(), rvg.name()));
    }

    public synchronized Optional<Rvg> find(String dg, String name) {
        return Optional.ofNullable(rvgs.get(key(dg, name)));
    }

    public Rvg require(DiskGroup dg, String name) throws VolrepException {
        return find(dg.name(), name).orElseThrow(() -> new VolrepException(ErrorCode.NO_SUCH_RVG, "RVG " + name
                + " does not exist in disk group " + dg.name() + ": vradmin -g " + dg.name() + " printrvg lists the RVGs"));
    }

    public synchronized List<Rvg> in(String dg) {
        return rvgs.values().stream().filter(r -> r.diskGroup().name().equals(dg)).toList();
    }

    public synchronized List<Rvg> all() {
        return List.copyOf(rvgs.values());
    }

    /** Stops every started RVG (daemon shutdown): drains SRLs onto data volumes. */
    public void stopAll() {
        for (Rvg rvg : all()) {
            if (!rvg.started()) {
                continue;
            }
            rvg.diskGroup().lock().lock();
            try {
                rvg.shutdown();
            } catch (IOException e) {
                LOG.severe(rvg + " did not stop cleanly: " + e.getMessage());
            } finally {
                rvg.diskGroup().lock().unlock();
            }
        }
    }

    private static String key(String dg, String rvg) {
        return dg + "/" + rvg;
    }
}
