package io.volrep.engine.srl;

/**
 * Where the circular data area of an SRL lies and how a stream position (LSN) maps onto it.
 *
 * <p>The LSN is a byte position in the endless log stream; the stream is cut into laps of
 * {@code dataSize} bytes and lap {@code k} occupies the data area for LSNs
 * {@code [k*dataSize, (k+1)*dataSize)}. A record never straddles the end of a lap: when fewer than
 * {@link SrlRecord#HEADER_SIZE} bytes remain the stream skips implicitly to the next lap (no bytes are
 * written), and when a header fits but the record does not, the writer stores a {@link RecordType#WRAP}
 * record there. Readers apply the same rule. Immutable and thread-safe.
 *
 * @param dataStart device offset of the first byte of the data area
 * @param dataSize  bytes in the data area; one lap of the stream
 */
public record SrlGeometry(long dataStart, long dataSize) {

    public SrlGeometry {
        if (dataStart < 0 || dataSize < 4L * SrlRecord.HEADER_SIZE) {
            throw new IllegalArgumentException("bad SRL geometry: data start " + dataStart + ", size " + dataSize);
        }
    }

    /** Device offset of the byte at {@code lsn}. */
    public long physical(long lsn) {
        return dataStart + Math.floorMod(lsn, dataSize);
    }

    /** Bytes from {@code lsn} to the end of its lap. */
    public long lapRemaining(long lsn) {
        return dataSize - Math.floorMod(lsn, dataSize);
    }

    /** The first LSN of the lap after the one holding {@code lsn}. */
    public long nextLapStart(long lsn) {
        return lsn + lapRemaining(lsn);
    }

    /** Where the next record header may start: {@code lsn}, or the next lap when no header fits. */
    public long headerPosition(long lsn) {
        return lapRemaining(lsn) < SrlRecord.HEADER_SIZE ? nextLapStart(lsn) : lsn;
    }

    /** Largest data length of one record: a quarter of the data area, so a full lap always holds several. */
    public int maxDataLength() {
        return (int) Math.min(Integer.MAX_VALUE - SrlRecord.HEADER_SIZE, dataSize / 4 - SrlRecord.HEADER_SIZE);
    }
}
