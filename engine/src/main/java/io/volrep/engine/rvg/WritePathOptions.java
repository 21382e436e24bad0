package io.volrep.engine.rvg;

import java.util.function.LongSupplier;

/**
 * Tuning of one RVG's {@link WritePath}.
 *
 * @param maxBatchBytes      group commit: most record bytes the SRL writer puts in one pwrite + sync
 * @param maxBatchRecords    group commit: most records in one batch
 * @param checkpointBytes    the applied LSN is persisted after this many data bytes were applied ...
 * @param checkpointMillis   ... or after this many milliseconds with unpersisted applied writes
 * @param retainFrom         lowest LSN replication still needs (slowest RLINK's acknowledged LSN);
 *                           {@code Long.MAX_VALUE} when there is no RLINK
 */
public record WritePathOptions(int maxBatchBytes, int maxBatchRecords, long checkpointBytes, long checkpointMillis,
                               LongSupplier retainFrom) {

    public WritePathOptions {
        if (maxBatchBytes < 4096 || maxBatchRecords < 1 || checkpointBytes < 1 || checkpointMillis < 1
                || retainFrom == null) {
            throw new IllegalArgumentException("bad write path options: " + maxBatchBytes + " batch bytes, "
                    + maxBatchRecords + " batch records, checkpoint every " + checkpointBytes + " bytes / "
                    + checkpointMillis + " ms");
        }
    }

    /** 1 MiB or 1024 records per batch; applied LSN persisted every 64 MiB or second; no RLINK. */
    public static WritePathOptions defaults() {
        return new WritePathOptions(1 << 20, 1024, 64L << 20, 1000, () -> Long.MAX_VALUE);
    }

    public WritePathOptions withBatch(int bytes, int records) {
        return new WritePathOptions(bytes, records, checkpointBytes, checkpointMillis, retainFrom);
    }

    public WritePathOptions withCheckpoint(long bytes, long millis) {
        return new WritePathOptions(maxBatchBytes, maxBatchRecords, bytes, millis, retainFrom);
    }

    public WritePathOptions withRetainFrom(LongSupplier supplier) {
        return new WritePathOptions(maxBatchBytes, maxBatchRecords, checkpointBytes, checkpointMillis, supplier);
    }
}
