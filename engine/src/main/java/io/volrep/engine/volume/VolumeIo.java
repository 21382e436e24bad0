package io.volrep.engine.volume;

import java.util.concurrent.atomic.LongAdder;

/**
 * I/O counters of one volume since the daemon opened it ({@code vrstat -V}): reads and writes by
 * applications (NBD) and, on a Secondary, the writes replication applies. Counting costs two adds
 * per operation. Thread-safe.
 */
public final class VolumeIo {
    /** The counters at one moment; times are the sums of each operation's duration. */
    public record Snapshot(long reads, long writes, long bytesRead, long bytesWritten, long readNanos, long writeNanos) {
        public Snapshot minus(Snapshot earlier) {
            return new Snapshot(reads - earlier.reads, writes - earlier.writes, bytesRead - earlier.bytesRead,
                    bytesWritten - earlier.bytesWritten, readNanos - earlier.readNanos, writeNanos - earlier.writeNanos);
        }

        public double avgReadMillis() {
            return reads == 0 ? 0 : readNanos / 1e6 / reads;
        }

        public double avgWriteMillis() {
            return writes == 0 ? 0 : writeNanos / 1e6 / writes;
        }
    }

    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder readNanos = new LongAdder();
    private final LongAdder writeNanos = new LongAdder();

    public void read(long bytes, long nanos) {
        reads.increment();
        bytesRead.add(bytes);
        readNanos.add(nanos);
    }

    public void wrote(long bytes, long nanos) {
        writes.increment();
        bytesWritten.add(bytes);
        writeNanos.add(nanos);
    }

    public Snapshot snapshot() {
        return new Snapshot(reads.sum(), writes.sum(), bytesRead.sum(), bytesWritten.sum(), readNanos.sum(), writeNanos.sum());
    }
}
