package io.volrep.engine.rvg;

/**
 * Where an RVG's SRL stands, for judging checkpoints: records at or above {@code tailLsn} are kept, the
 * log ends at {@code endLsn}, and one lap of the circular log is {@code capacity} bytes. Taken live from
 * the write path of a started RVG, or from the SRL header of a stopped one (whose applied LSN is the end
 * of the log after a clean stop). Immutable.
 *
 * @param live false when read from the header of a stopped RVG's SRL
 */
public record SrlPosition(long tailLsn, long endLsn, long capacity, boolean live) {

    /** Whether the record at {@code lsn} is still in the retained log. */
    public boolean holds(long lsn) {
        return lsn >= tailLsn;
    }

    /** Bytes of log from {@code lsn} to the end of the log. */
    public long bytesSince(long lsn) {
        return Math.max(0, endLsn - lsn);
    }

    /** Percent of the SRL that the log from {@code lsn} to its end fills, 0 to 100. */
    public int percentSince(long lsn) {
        return (int) Math.min(100, bytesSince(lsn) * 100 / capacity);
    }

    /** Bytes the log may still grow before the writer reaches {@code lsn}'s place again and overwrites it. */
    public long bytesBeforeWrap(long lsn) {
        return Math.max(0, lsn + capacity - endLsn);
    }
}
