package io.volrep.engine.srl;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * The stream bytes the SRL writer appended last, kept in memory so that readers trailing it (RLINK
 * senders) take them from here instead of reading them back from the disk: appends go around the page
 * cache, and a read-back there is a disk read, which a synchronous RLINK waits for on every write.
 *
 * <p>It records nothing until a reader is made ({@link #want}): an RVG without Secondaries has no reader,
 * and its appends should not pay for a copy nobody reads.
 *
 * <p>A ring of {@code capacity} bytes indexed by LSN, holding the stream {@code [low, high)}. One writer
 * (the SRL writer thread) appends contiguous stream bytes; a jump (the next lap, a new writer) starts
 * the ring over. Any number of readers copy out of it without locks, seqlock style: the writer moves
 * {@code low} past the bytes it is about to overwrite before it overwrites them, and a reader checks
 * {@code low} again after copying, so it never returns bytes of a later part of the stream.
 */
final class RecentRecords {
    private final byte[] ring;
    private volatile long low;
    private volatile long high;
    private volatile boolean wanted;

    RecentRecords(int capacity) {
        ring = new byte[capacity];
    }

    /** The ring's size for an SRL: a fraction of its data area, at most {@value #MAX_BYTES} bytes. */
    static int capacityFor(SrlGeometry geometry) {
        return (int) Math.min(MAX_BYTES, Math.max(SrlRecord.HEADER_SIZE, geometry.dataSize() / 8));
    }

    static final int MAX_BYTES = 32 << 20;

    /** A reader exists: from the next append on, appends are kept. Any thread; idempotent. */
    void want() {
        wanted = true;
    }

    /** Writer thread: the stream bytes {@code [lsn, lsn + src.remaining())} were written to the SRL. */
    void appended(long lsn, ByteBuffer src) {
        if (!wanted) {
            return; // high stays behind, so the first append kept starts the ring over
        }
        int n = src.remaining();
        long end = lsn + n;
        boolean contiguous = lsn == high;
        if (!contiguous || n > ring.length) {
            low = end; // nothing is held until this append is in
        } else if (end - low > ring.length) {
            low = end - ring.length; // the oldest bytes are about to be overwritten
        }
        if (n > ring.length) {
            return;
        }
        // The new bytes must not become visible to a reader before the new low does.
        VarHandle.fullFence();
        int at = (int) Math.floorMod(lsn, (long) ring.length);
        int first = Math.min(n, ring.length - at);
        src.duplicate().get(ring, at, first);
        if (first < n) {
            src.duplicate().position(src.position() + first).get(ring, 0, n - first);
        }
        high = end;
        if (!contiguous) {
            low = lsn;
        }
    }

    /**
     * Fills {@code dst} with the stream bytes from {@code lsn} if the ring still holds all of them and
     * returns true; returns false, {@code dst} unchanged in position, otherwise. Any thread.
     */
    boolean read(long lsn, ByteBuffer dst) {
        int n = dst.remaining();
        if (lsn < low || lsn + n > high) {
            return false;
        }
        int pos = dst.position();
        int at = (int) Math.floorMod(lsn, (long) ring.length);
        int first = Math.min(n, ring.length - at);
        dst.put(ring, at, first);
        if (first < n) {
            dst.put(ring, 0, n - first);
        }
        VarHandle.acquireFence(); // the copy above happens before the check below
        if (lsn < low) {
            dst.position(pos);
            return false;
        }
        return true;
    }
}
