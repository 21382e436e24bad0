package io.volrep.engine.sync;

import java.util.List;

/**
 * What one finished synchronization session did.
 *
 * @param comparedBytes   bytes of the source volumes hashed and compared (or copied, for a full sync)
 * @param differingBlocks blocks whose digests differed (0 for a full sync, which does not compare)
 * @param ranges          the differing ranges kept, adjacent blocks merged (at most {@value SyncProgress#MAX_RANGES})
 * @param rangeCount      how many differing ranges there were in all
 * @param sentBytes       bytes of DATA and ZERO messages sent
 * @param writtenBytes    bytes the target wrote (zero runs count their length)
 */
public record SyncResult(String host, SyncMode mode, long comparedBytes, long differingBlocks, List<SyncProgress.Range> ranges,
                         long rangeCount, long sentBytes, long writtenBytes, double seconds) {

    public SyncResult {
        ranges = List.copyOf(ranges);
    }

    /** Compared (or copied) bytes per second. */
    public double bytesPerSecond() {
        return comparedBytes / Math.max(1e-3, seconds);
    }
}
