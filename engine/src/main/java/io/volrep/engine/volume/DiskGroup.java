package io.volrep.engine.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.io.BlockDevice;
import io.volrep.engine.io.NativeBlockDevice;

/**
 * A disk group: its persisted config, its open volumes and the lock that serializes changes to it.
 * Every change is persist-then-apply: the new config reaches the metadata file before memory sees it,
 * so a crash never leaves memory ahead of disk. Callers hold {@link #lock()} across check and change.
 */
public final class DiskGroup {
    private static final Logger LOG = Logger.getLogger(DiskGroup.class.getName());

    private final Path dir;
    private final boolean direct;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Volume> volumes = new LinkedHashMap<>();
    private volatile DiskGroupConfig config;

    private DiskGroup(Path dir, DiskGroupConfig config, boolean direct) {
        this.dir = dir;
        this.config = config;
        this.direct = direct;
    }

    /** Creates the directory and the first metadata file of a new, empty disk group. */
    static DiskGroup create(Path dir, DiskGroupConfig config, boolean direct) throws IOException {
        Files.createDirectories(dir);
        DiskGroupFile.write(dir, config);
        return new DiskGroup(dir, config, direct);
    }

    /** Reads the metadata and opens every volume; a damaged file or a missing device is an error. */
    static DiskGroup load(Path dir, boolean direct) throws VolrepException, IOException {
        DiskGroupConfig cfg = DiskGroupFile.read(dir);
        DiskGroup dg = new DiskGroup(dir, cfg, direct);
        try {
            for (VolumeRecord v : cfg.volumes()) {
                dg.volumes.put(v.name(), dg.openVolume(v));
            }
        } catch (VolrepException | IOException e) {
            dg.closeAll();
            throw e;
        }
        return dg;
    }

    public String name() {
        return config.name();
    }

    public Path dir() {
        return dir;
    }

    public DiskGroupConfig config() {
        return config;
    }

    public ReentrantLock lock() {
        return lock;
    }

    public Optional<Volume> volume(String name) {
        synchronized (volumes) {
            return Optional.ofNullable(volumes.get(name));
        }
    }

    public Volume requireVolume(String name) throws VolrepException {
        return volume(name).orElseThrow(() -> new VolrepException(ErrorCode.NO_SUCH_VOLUME, "volume " + name
                + " does not exist in disk group " + name() + ": vxprint -g " + name() + " lists its volumes"));
    }

    public Collection<Volume> volumes() {
        synchronized (volumes) {
            return java.util.List.copyOf(volumes.values());
        }
    }

    /** Persists {@code next}, then makes it current. Caller holds the lock. */
    public void commit(DiskGroupConfig next) throws IOException {
        checkLocked();
        DiskGroupFile.write(dir, next);
        config = next;
        synchronized (volumes) {
            for (VolumeRecord r : next.volumes()) {
                Volume v = volumes.get(r.name());
                if (v != null) {
                    v.record(r);
                }
            }
        }
    }

    /** Records a new volume and opens it. Caller holds the lock. */
    public Volume addVolume(VolumeRecord record) throws VolrepException, IOException {
        checkLocked();
        Volume v = openVolume(record);
        try {
            commit(config.withVolume(record));
        } catch (IOException e) {
            v.closeDevice();
            throw e;
        }
        synchronized (volumes) {
            volumes.put(record.name(), v);
        }
        LOG.info(() -> "disk group " + name() + ": volume " + record.name() + " created on " + record.path());
        return v;
    }

    /** Forgets a volume (config first) and closes it; returns the record that was removed. */
    public VolumeRecord removeVolume(String name) throws VolrepException, IOException {
        checkLocked();
        Volume v = requireVolume(name);
        commit(config.withoutVolume(name));
        synchronized (volumes) {
            volumes.remove(name);
        }
        v.closeDevice();
        Files.deleteIfExists(v.dcmFile());
        return v.record();
    }

    /** Reopens a volume after its backing file changed size (growto). */
    public void reopen(String name) throws VolrepException, IOException {
        checkLocked();
        Volume old = requireVolume(name);
        Volume fresh = openVolume(old.record());
        synchronized (volumes) {
            volumes.put(name, fresh);
        }
        old.closeDevice();
    }

    /** Creates (or drops, with region 0) the DCM of a volume, in memory and on disk. */
    public void setDcm(Volume v, long regionSize) throws IOException {
        if (regionSize == 0) {
            v.dcm(null);
            Files.deleteIfExists(v.dcmFile());
            return;
        }
        DcmBitmap dcm = new DcmBitmap(regionSize, v.record().size());
        dcm.persist(v.dcmFile());
        v.dcm(dcm);
    }

    private Volume openVolume(VolumeRecord r) throws VolrepException, IOException {
        BlockDevice dev;
        try {
            dev = NativeBlockDevice.open(Path.of(r.path()), direct);
        } catch (IOException e) {
            throw new VolrepException(ErrorCode.IO_ERROR, "cannot open volume " + r.name() + " of disk group "
                    + name() + " on " + r.path() + " (" + e.getMessage() + "): restore the device or file, then restart vxrepd", e);
        }
        if (dev.size() < r.size()) {
            dev.close();
            throw new VolrepException(ErrorCode.SIZE_MISMATCH, "volume " + r.name() + " of disk group " + name()
                    + " is recorded as " + r.size() + " bytes but " + r.path() + " has only " + dev.size()
                    + ": restore the device, then restart vxrepd");
        }
        Path dcmFile = dir.resolve(r.name() + ".dcm");
        DcmBitmap dcm = r.hasDcm() && Files.exists(dcmFile) ? DcmBitmap.load(dcmFile) : null;
        if (r.hasDcm() && dcm == null) {
            dcm = new DcmBitmap(r.dcmRegion(), r.size());
            dcm.markAll();
            LOG.warning("disk group " + name() + ": DCM of " + r.name() + " is missing; marked every region dirty");
        }
        return new Volume(r, dev, dcmFile, dcm);
    }

    void closeAll() {
        for (Volume v : volumes()) {
            try {
                v.closeDevice();
            } catch (IOException e) {
                LOG.warning("closing " + v + ": " + e.getMessage());
            }
        }
    }

    private void checkLocked() {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("disk group " + name() + " changed without its lock");
        }
    }

    @Override
    public String toString() {
        return "disk group " + name();
    }
}
