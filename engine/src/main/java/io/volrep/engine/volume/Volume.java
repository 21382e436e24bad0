package io.volrep.engine.volume;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.volrep.engine.io.BlockDevice;

/**
 * A volume of a disk group as the daemon holds it: its record, its open device and, for RVG data
 * volumes, its DCM. The daemon opens every volume once at boot and is the only process that does.
 * Thread-safe: the record is replaced atomically by the disk group; the device does positional I/O.
 */
public final class Volume {
    private final BlockDevice device;
    private final Path dcmFile;
    private volatile VolumeRecord record;
    private volatile DcmBitmap dcm;
    private final AtomicInteger openers = new AtomicInteger();
    private final VolumeIo io = new VolumeIo();

    Volume(VolumeRecord record, BlockDevice device, Path dcmFile, DcmBitmap dcm) {
        this.record = record;
        this.device = device;
        this.dcmFile = dcmFile;
        this.dcm = dcm;
    }

    public String name() {
        return record.name();
    }

    public VolumeRecord record() {
        return record;
    }

    void record(VolumeRecord r) {
        this.record = r;
    }

    public BlockDevice device() {
        return device;
    }

    public Optional<DcmBitmap> dcm() {
        return Optional.ofNullable(dcm);
    }

    void dcm(DcmBitmap d) {
        this.dcm = d;
    }

    public Path dcmFile() {
        return dcmFile;
    }

    /** Persists the DCM, if the volume has one. */
    public void persistDcm() throws IOException {
        DcmBitmap d = dcm;
        if (d != null) {
            d.persist(dcmFile);
        }
    }

    /** I/O counters since the daemon opened the volume. */
    public VolumeIo io() {
        return io;
    }

    /** NBD clients (and other users) currently holding the volume open. */
    public int openers() {
        return openers.get();
    }

    public void opened() {
        openers.incrementAndGet();
    }

    public void closed() {
        openers.decrementAndGet();
    }

    void closeDevice() throws IOException {
        device.close();
    }

    @Override
    public String toString() {
        return "volume " + record.name() + " (" + record.path() + ")";
    }
}
