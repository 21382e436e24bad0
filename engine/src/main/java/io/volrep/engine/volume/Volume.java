package io.volrep.engine.volume;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
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
    private final AtomicReference<Claim> claim = new AtomicReference<>();
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

    /**
     * A command's hold on a volume while it works on it outside the disk group lock (createpri and
     * addsec write zeros over an SRL for seconds to minutes): other commands, NBD clients and
     * synchronizations leave a claimed volume alone. In memory only: a daemon that dies mid-way leaves
     * the volume free, and the command did not change its record.
     */
    public static final class Claim {
        private final String purpose;

        /** @param purpose what the volume is being made into, for the errors others get ("the SRL of RVG hr_rvg") */
        public Claim(String purpose) {
            this.purpose = purpose;
        }

        @Override
        public String toString() {
            return purpose;
        }
    }

    /** Takes the volume for {@code c}; false when another claim holds it. */
    public boolean claim(Claim c) {
        return claim.compareAndSet(null, c) || claim.get() == c;
    }

    /** Gives up {@code c}'s hold, if it still has it. */
    public void release(Claim c) {
        claim.compareAndSet(c, null);
    }

    /**
     * Refuses when a claim other than {@code mine} (may be null) holds the volume; {@code action} is what
     * the caller wanted to do, for the next step in the error.
     */
    public void checkUnclaimed(Claim mine, String action) throws VolrepException {
        Claim c = claim.get();
        if (c != null && c != mine) {
            throw new VolrepException(ErrorCode.VOLUME_BUSY, "volume " + name() + " is being made into " + c
                    + " by another command: wait until it has finished, then " + action);
        }
    }

    void closeDevice() throws IOException {
        device.close();
    }

    @Override
    public String toString() {
        return "volume " + record.name() + " (" + record.path() + ")";
    }
}
