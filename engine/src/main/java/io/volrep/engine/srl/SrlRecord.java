package io.volrep.engine.srl;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One record of the SRL stream, and the record format.
 *
 * <p>Byte layout (big-endian), {@value #HEADER_SIZE}-byte header followed by the data:
 * <pre>
 *  0  u32  magic 0x56525243 ("VRRC")
 *  4  u8   type code ({@link RecordType})
 *  5  u8×3 reserved, zero
 *  8  u64  epoch of the writer that stored the record (see {@link SrlHeader})
 * 16  u64  LSN: the record's own stream position; a record read at another position is not this lap's
 * 24  i32  volume index within the RVG (DATA), else 0
 * 28  i32  data length in bytes
 * 32  i64  volume offset in bytes (DATA), else 0
 * 40  i64  timestamp, milliseconds since the epoch: when the Primary's writer placed the record
 *          (a Secondary keeps the Primary's timestamp of the update it logs)
 * 48  i64  source end: on a Secondary, the LSN just past this update in the Primary's SRL (where
 *          replication resumes after it); 0 on the Primary
 * 56  u32  reserved, zero
 * 60  u32  CRC32C over: the log id (8 bytes, from the SRL header), bytes 0..59, then the data
 * 64  data
 * </pre>
 * Folding the log id into the checksum makes records left on a device by an earlier SRL (formatted
 * again since) fail the checksum instead of passing for this log's records.
 *
 * <p>Crash story: a record is written once and never updated; a torn write fails the LSN or the CRC
 * check and ends the log at recovery. Instances are immutable values except for the data buffer, which
 * the holder must not modify; thread-safe to share once built.
 *
 * @param data the record's bytes from position to limit (empty for WRAP)
 */
public record SrlRecord(RecordType type, long epoch, long lsn, int volumeIndex, long volumeOffset,
                        long timestampMillis, long sourceEnd, ByteBuffer data) {
    public static final int MAGIC = 0x56525243;
    public static final int HEADER_SIZE = 64;
    static final int OFF_TYPE = 4;
    static final int OFF_EPOCH = 8;
    static final int OFF_LSN = 16;
    static final int OFF_VOLUME = 24;
    static final int OFF_LENGTH = 28;
    static final int OFF_VOLUME_OFFSET = 32;
    static final int OFF_TIMESTAMP = 40;
    static final int OFF_SOURCE_END = 48;
    static final int OFF_RESERVED = 56;
    static final int OFF_CRC = 60;

    /** Bytes a record with {@code dataLength} bytes of data occupies in the stream. */
    public static int encodedSize(int dataLength) {
        return HEADER_SIZE + dataLength;
    }

    /** The LSN just past this record. */
    public long endLsn() {
        return lsn + encodedSize(data.remaining());
    }

    /**
     * Encodes a record at the position of {@code dst} and advances it by {@link #encodedSize}; the data
     * buffer's position does not move.
     */
    static void encode(ByteBuffer dst, long logId, RecordType type, long epoch, long lsn, int volumeIndex,
                       long volumeOffset, long timestampMillis, long sourceEnd, ByteBuffer data) {
        int start = dst.position();
        int length = data.remaining();
        dst.putInt(MAGIC).put((byte) type.code()).put((byte) 0).putShort((short) 0)
                .putLong(epoch).putLong(lsn).putInt(volumeIndex).putInt(length)
                .putLong(volumeOffset).putLong(timestampMillis).putLong(sourceEnd)
                .putInt(0).putInt(0); // reserved, CRC slot
        dst.put(data.duplicate());
        CRC32C crc = new CRC32C();
        crc.update(logIdBytes(logId));
        crc.update(dst.duplicate().position(start).limit(start + OFF_CRC));
        crc.update(dst.duplicate().position(start + HEADER_SIZE).limit(start + HEADER_SIZE + length));
        int end = dst.position();
        dst.putInt(start + OFF_CRC, (int) crc.getValue());
        dst.position(end);
    }

    /**
     * Whether the CRC of the record at {@code buf}'s position holds, given that the buffer holds the
     * header and {@code dataLength} bytes of data. Does not move the buffer.
     */
    static boolean checksumMatches(ByteBuffer buf, long logId, int dataLength) {
        int start = buf.position();
        CRC32C crc = new CRC32C();
        crc.update(logIdBytes(logId));
        crc.update(buf.duplicate().limit(start + OFF_CRC));
        crc.update(buf.duplicate().position(start + HEADER_SIZE).limit(start + HEADER_SIZE + dataLength));
        return (int) crc.getValue() == buf.getInt(start + OFF_CRC);
    }

    /**
     * Decodes the record at {@code buf}'s position, whose checksum has been verified; the returned data
     * is a read-only view into {@code buf}. Returns null when the type code is unknown or a reserved
     * field is not zero.
     */
    static SrlRecord decodeVerified(ByteBuffer buf) {
        int s = buf.position();
        RecordType type = RecordType.fromCode(buf.get(s + OFF_TYPE) & 0xff);
        boolean reservedZero = buf.get(s + 5) == 0 && buf.getShort(s + 6) == 0 && buf.getInt(s + OFF_RESERVED) == 0;
        if (type == null || !reservedZero) {
            return null;
        }
        int length = buf.getInt(s + OFF_LENGTH);
        ByteBuffer data = buf.slice(s + HEADER_SIZE, length).asReadOnlyBuffer();
        return new SrlRecord(type, buf.getLong(s + OFF_EPOCH), buf.getLong(s + OFF_LSN), buf.getInt(s + OFF_VOLUME),
                buf.getLong(s + OFF_VOLUME_OFFSET), buf.getLong(s + OFF_TIMESTAMP), buf.getLong(s + OFF_SOURCE_END), data);
    }

    private static ByteBuffer logIdBytes(long logId) {
        return ByteBuffer.allocate(8).putLong(0, logId);
    }

    @Override
    public String toString() {
        return "SrlRecord(" + type + ", lsn " + lsn + ", epoch " + epoch + ", volume " + volumeIndex
                + " @" + volumeOffset + ", " + data.remaining() + " bytes)";
    }
}
