package io.volrep.engine.volume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.zip.CRC32C;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;

/**
 * Data Change Map of one data volume: one bit per region of {@code regionSize} bytes, set when the
 * region may differ between Primary and Secondary (autosync, SRL overflow, fast failback).
 *
 * <p>File layout (big-endian): magic {@code "VRDCM\0\0\0"} (8), version (int), region size (long),
 * volume size (long), number of bits (long), CRC32C of everything before it and of the bitmap (int),
 * then the bitmap, {@code ceil(bits/8)} bytes, bit i of byte i/8 (LSB first). Crash story: persisted
 * with {@link AtomicFile}, so the file is the old or the new map; a bit set in memory but not yet
 * persisted is re-set by SRL recovery. Thread-safe: every method synchronizes on the map.
 */
public final class DcmBitmap {
    static final byte[] MAGIC = {'V', 'R', 'D', 'C', 'M', 0, 0, 0};
    static final int VERSION = 1;
    private static final int HEADER = 8 + 4 + 8 + 8 + 8 + 4;

    private final long regionSize;
    private final long volumeSize;
    private final long bits;
    private final BitSet map;

    public DcmBitmap(long regionSize, long volumeSize) {
        if (regionSize <= 0 || Long.bitCount(regionSize) != 1) {
            throw new IllegalArgumentException("DCM region size " + regionSize + " is not a power of two");
        }
        this.regionSize = regionSize;
        this.volumeSize = volumeSize;
        this.bits = (volumeSize + regionSize - 1) / regionSize;
        if (bits > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("volume of " + volumeSize + " bytes needs a larger DCM region");
        }
        this.map = new BitSet((int) bits);
    }

    public long regionSize() {
        return regionSize;
    }

    public long regions() {
        return bits;
    }

    /** Marks every region that {@code [offset, offset+length)} touches. */
    public synchronized void mark(long offset, long length) {
        if (length <= 0) {
            return;
        }
        int first = (int) (offset / regionSize);
        int last = (int) Math.min(bits - 1, (offset + length - 1) / regionSize);
        map.set(first, last + 1);
    }

    public synchronized void markAll() {
        map.set(0, (int) bits);
    }

    /** An independent map with the same regions dirty. */
    public synchronized DcmBitmap copy() {
        DcmBitmap c = new DcmBitmap(regionSize, volumeSize);
        c.map.or(map);
        return c;
    }

    public synchronized void clear(long region) {
        map.clear((int) region);
    }

    public synchronized void clearAll() {
        map.clear();
    }

    public synchronized boolean isDirty(long region) {
        return map.get((int) region);
    }

    /** The next dirty region at or after {@code from}, or -1. */
    public synchronized long nextDirty(long from) {
        return from >= bits ? -1 : map.nextSetBit((int) from);
    }

    public synchronized long dirtyRegions() {
        return map.cardinality();
    }

    /** Bytes of the volume covered by dirty regions (the last region counts only its real part). */
    public synchronized long dirtyBytes() {
        long n = (long) map.cardinality() * regionSize;
        if (bits > 0 && map.get((int) bits - 1)) {
            n -= bits * regionSize - volumeSize;
        }
        return n;
    }

    public void persist(Path file) throws IOException {
        byte[] bitmap;
        synchronized (this) {
            bitmap = new byte[(int) ((bits + 7) / 8)];
            byte[] raw = map.toByteArray();
            System.arraycopy(raw, 0, bitmap, 0, raw.length);
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER + bitmap.length);
        b.put(MAGIC).putInt(VERSION).putLong(regionSize).putLong(volumeSize).putLong(bits);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        crc.update(bitmap);
        b.putInt((int) crc.getValue()).put(bitmap);
        AtomicFile.write(file, b.array());
    }

    public static DcmBitmap load(Path file) throws VolrepException, IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < HEADER || !java.util.Arrays.equals(all, 0, 8, MAGIC, 0, 8)) {
            throw damaged(file, "not a DCM file");
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        b.position(8);
        int version = b.getInt();
        long region = b.getLong();
        long volSize = b.getLong();
        long nbits = b.getLong();
        int storedCrc = b.getInt();
        if (version != VERSION) {
            throw damaged(file, "format version " + version + " is not supported");
        }
        if (region <= 0 || Long.bitCount(region) != 1 || nbits != (volSize + region - 1) / region
                || all.length != HEADER + (nbits + 7) / 8) {
            throw damaged(file, "inconsistent header");
        }
        CRC32C crc = new CRC32C();
        crc.update(all, 0, HEADER - 4);
        crc.update(all, HEADER, all.length - HEADER);
        if ((int) crc.getValue() != storedCrc) {
            throw damaged(file, "checksum mismatch");
        }
        DcmBitmap dcm = new DcmBitmap(region, volSize);
        dcm.map.or(BitSet.valueOf(java.util.Arrays.copyOfRange(all, HEADER, all.length)));
        return dcm;
    }

    private static VolrepException damaged(Path file, String why) {
        return new VolrepException(ErrorCode.DAMAGED_METADATA, "DCM " + file + " is damaged (" + why
                + "): restore it, or remove it and resynchronize the Secondaries fully");
    }

    @Override
    public synchronized String toString() {
        return "DcmBitmap(" + bits + " regions of " + regionSize + ", " + map.cardinality() + " dirty)";
    }
}
