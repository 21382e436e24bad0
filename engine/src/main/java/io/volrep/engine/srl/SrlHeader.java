package io.volrep.engine.srl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.io.BlockDevice;
import io.volrep.engine.io.NativeBlockDevice;

/**
 * The SRL header: identity, geometry and the positions that recovery starts from.
 *
 * <p>Two copies of {@value #COPY_SIZE} bytes sit at device offsets 0 and {@value #COPY_SIZE}; the data
 * area starts at {@value #DATA_START}. Byte layout of one copy (big-endian):
 * <pre>
 *    0  8 bytes  magic "VRSRLHDR"
 *    8  u32      format version ({@value #FORMAT_VERSION})
 *   12  u32      reserved, zero
 *   16  u64      sequence: +1 on every rewrite; copy (sequence % 2) holds it, the higher valid one wins
 *   24  u64      log id: random at format, folded into every record's CRC
 *   32  u64      data area start (device offset)
 *   40  u64      data area size
 *   48  u64      epoch: +1 each time the SRL is opened for writing
 *   56  u64      epoch start: the LSN where this epoch's writer began (the end of the log recovered at open)
 *   64  u64      applied LSN: every record below it is on the data volumes and synced there
 *   72  u64      tail LSN (retain-from): records at or above it are kept; the writer may reuse space below it
 *   80  u64      applied source end: on a Secondary, the Primary LSN just past the last update applied
 *                below the applied LSN (where replication resumes once the SRL holds no newer update); 0 on a Primary
 *   88  u16      RVG id length n (at most {@value #MAX_RVG_ID_BYTES})
 *   90  n bytes  RVG id, UTF-8
 *  ...           zero
 * 4092  u32      CRC32C of bytes 0..4091
 * </pre>
 *
 * <p>Crash story: a rewrite goes to the copy that does not hold the current state, followed by a sync,
 * so a torn rewrite leaves the previous state readable in the other copy. Reading takes the valid copy
 * with the highest sequence. Both copies without the magic: not an SRL ({@link ErrorCode#BAD_FORMAT}).
 * Magic present but no valid copy: {@link ErrorCode#DAMAGED_SRL}.
 *
 * <p>Format history: version 1, the first.
 *
 * <p>Instances are immutable values; the static I/O methods are thread-safe, but concurrent rewrites of
 * the same device must be serialized by the caller ({@link Srl} does).
 */
public record SrlHeader(long sequence, String rvgId, long logId, long dataStart, long dataSize,
                        long epoch, long epochStart, long appliedLsn, long tailLsn, long appliedSourceEnd) {
    public static final int COPY_SIZE = 4096;
    public static final long DATA_START = 2L * COPY_SIZE;
    public static final int FORMAT_VERSION = 1;
    public static final int MAX_RVG_ID_BYTES = 256;
    private static final byte[] MAGIC = "VRSRLHDR".getBytes(StandardCharsets.US_ASCII);
    private static final int OFF_CRC = COPY_SIZE - 4;

    public SrlHeader {
        if (rvgId.getBytes(StandardCharsets.UTF_8).length > MAX_RVG_ID_BYTES) {
            throw new IllegalArgumentException("RVG id longer than " + MAX_RVG_ID_BYTES + " bytes: " + rvgId);
        }
        if (tailLsn > appliedLsn || tailLsn < 0 || epochStart < 0) {
            throw new IllegalArgumentException("bad SRL positions: tail " + tailLsn + ", applied " + appliedLsn
                    + ", epoch start " + epochStart);
        }
    }

    public SrlGeometry geometry() {
        return new SrlGeometry(dataStart, dataSize);
    }

    /** The state after the next open: a new epoch starting at {@code end} of the recovered log. */
    SrlHeader nextEpoch(long end) {
        return new SrlHeader(sequence + 1, rvgId, logId, dataStart, dataSize, epoch + 1, end, appliedLsn, tailLsn,
                appliedSourceEnd);
    }

    /** The state with new applied and tail LSNs. */
    SrlHeader withPositions(long applied, long tail) {
        return withPositions(applied, tail, appliedSourceEnd);
    }

    /** The state with new applied and tail LSNs and the source end of the last applied update. */
    SrlHeader withPositions(long applied, long tail, long sourceEnd) {
        return new SrlHeader(sequence + 1, rvgId, logId, dataStart, dataSize, epoch, epochStart, applied, tail,
                Math.max(appliedSourceEnd, sourceEnd));
    }

    /**
     * The state with the applied source end set to exactly {@code sourceEnd}, also below the current one:
     * a Secondary whose volumes were restored from a copy resumes replication there (checkpoint attach).
     */
    SrlHeader withSourceEnd(long sourceEnd) {
        return new SrlHeader(sequence + 1, rvgId, logId, dataStart, dataSize, epoch, epochStart, appliedLsn, tailLsn,
                sourceEnd);
    }

    /**
     * The state after a role transfer rebased the SRL: the applied source end is exactly
     * {@code sourceEnd} (it may go down: the RVG now follows a Primary whose LSNs are another stream) and
     * the tail moves up to the applied LSN (records below belong to the old stream).
     */
    SrlHeader withSourceBase(long sourceEnd) {
        return new SrlHeader(sequence + 1, rvgId, logId, dataStart, dataSize, epoch, epochStart, appliedLsn, appliedLsn,
                sourceEnd);
    }

    /** One copy, {@value #COPY_SIZE} bytes in an aligned direct buffer ready to write. */
    ByteBuffer encode() {
        ByteBuffer b = NativeBlockDevice.alignedBuffer(COPY_SIZE);
        byte[] id = rvgId.getBytes(StandardCharsets.UTF_8);
        b.put(MAGIC).putInt(FORMAT_VERSION).putInt(0).putLong(sequence).putLong(logId)
                .putLong(dataStart).putLong(dataSize).putLong(epoch).putLong(epochStart)
                .putLong(appliedLsn).putLong(tailLsn).putLong(appliedSourceEnd).putShort((short) id.length).put(id);
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().position(0).limit(OFF_CRC));
        b.putInt(OFF_CRC, (int) crc.getValue());
        // Not clear(): an aligned slice may be larger than asked for, and the copy must be exactly COPY_SIZE.
        return b.position(0).limit(COPY_SIZE);
    }

    /** What one copy on disk holds. */
    private record Copy(SrlHeader header, boolean hasMagic, boolean otherVersion, String problem) {
        static Copy problem(boolean hasMagic, String problem) {
            return new Copy(null, hasMagic, false, problem);
        }
    }

    private static Copy decode(ByteBuffer b) {
        byte[] magic = new byte[MAGIC.length];
        b.get(0, magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            return Copy.problem(false, "no SRL magic");
        }
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().position(0).limit(OFF_CRC));
        if ((int) crc.getValue() != b.getInt(OFF_CRC)) {
            return Copy.problem(true, "checksum mismatch");
        }
        int version = b.getInt(8);
        if (version != FORMAT_VERSION) {
            return new Copy(null, true, true, "format version " + version + " (this volrep reads " + FORMAT_VERSION + ")");
        }
        int idLength = b.getShort(88) & 0xffff;
        if (idLength > MAX_RVG_ID_BYTES) {
            return Copy.problem(true, "RVG id length " + idLength);
        }
        byte[] id = new byte[idLength];
        b.get(90, id);
        try {
            return new Copy(new SrlHeader(b.getLong(16), new String(id, StandardCharsets.UTF_8), b.getLong(24),
                    b.getLong(32), b.getLong(40), b.getLong(48), b.getLong(56), b.getLong(64), b.getLong(72),
                    b.getLong(80)),
                    true, false, null);
        } catch (IllegalArgumentException e) {
            return Copy.problem(true, e.getMessage());
        }
    }

    /**
     * Reads both copies and returns the newest valid one.
     *
     * @throws VolrepException BAD_FORMAT when the device holds no SRL header or one of another format
     *                         version; DAMAGED_SRL when no copy is valid or the geometry does not fit the device
     */
    public static SrlHeader read(BlockDevice device) throws IOException, VolrepException {
        ByteBuffer both = NativeBlockDevice.alignedBuffer(2 * COPY_SIZE);
        device.read(0, both);
        Copy c0 = decode(both.slice(0, COPY_SIZE));
        Copy c1 = decode(both.slice(COPY_SIZE, COPY_SIZE));
        SrlHeader best = newer(c0.header, c1.header);
        if (best == null) {
            if (!c0.hasMagic && !c1.hasMagic) {
                throw new VolrepException(ErrorCode.BAD_FORMAT, device.path() + " is not an SRL (no SRL header): "
                        + "check the volume name, or format it as the SRL of an RVG");
            }
            String why = "copy 0: " + c0.problem + "; copy 1: " + c1.problem;
            ErrorCode code = c0.otherVersion || c1.otherVersion ? ErrorCode.BAD_FORMAT : ErrorCode.DAMAGED_SRL;
            throw new VolrepException(code, "both header copies of SRL " + device.path() + " are unusable (" + why
                    + "): restore the SRL from a backup or recreate the RVG");
        }
        if (best.dataStart < DATA_START || best.dataSize <= 0 || best.dataStart + best.dataSize > device.size()) {
            throw new VolrepException(ErrorCode.DAMAGED_SRL, "SRL " + device.path() + " header describes a data area ["
                    + best.dataStart + ", +" + best.dataSize + ") outside the device of " + device.size()
                    + " bytes: restore the SRL from a backup or recreate the RVG");
        }
        return best;
    }

    private static SrlHeader newer(SrlHeader a, SrlHeader b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return a.sequence >= b.sequence ? a : b;
    }

    /** Writes this state into copy {@code sequence % 2} and syncs the device. */
    public void write(BlockDevice device) throws IOException {
        device.write(copyOffset(), encode());
        device.sync();
    }

    /** Offset of the copy this state is written to. */
    long copyOffset() {
        return (sequence % 2) * COPY_SIZE;
    }
}
