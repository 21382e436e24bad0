package io.volrep.engine.rvg;

/**
 * Where the updates (DATA records) still in a Primary's SRL end and when they were written, in LSN
 * order, so that "how many writes, and how long, is a Secondary behind" is a binary search instead of
 * a read of the log ({@code vxrlink status}, {@code vxrlink updates}, {@code vrstat}). Two longs per
 * update; entries at or below the SRL tail are dropped as new ones arrive, so it never holds more
 * updates than the log does. Filled at open from the records recovery read, then by the write path as
 * appends become durable. Thread-safe.
 */
final class UpdateIndex {
    private long[] ends = new long[1024];
    private long[] millis = new long[1024];
    private int head;
    private int size;
    private long lastEnd;
    private long lastMillis;

    /** An update ending at {@code endLsn}, written at {@code writtenMillis}, is durable. Ends must ascend. */
    synchronized void added(long endLsn, long writtenMillis, long tailLsn) {
        if (endLsn <= lastEnd) {
            return;
        }
        trim(tailLsn);
        if (size == ends.length) {
            grow();
        }
        int at = (head + size) % ends.length;
        ends[at] = endLsn;
        millis[at] = writtenMillis;
        size++;
        lastEnd = endLsn;
        lastMillis = writtenMillis;
    }

    private void grow() {
        long[] e = new long[ends.length * 2];
        long[] m = new long[ends.length * 2];
        for (int i = 0; i < size; i++) {
            e[i] = ends[(head + i) % ends.length];
            m[i] = millis[(head + i) % ends.length];
        }
        ends = e;
        millis = m;
        head = 0;
    }

    private void trim(long tailLsn) {
        while (size > 0 && ends[head] <= tailLsn) {
            head = (head + 1) % ends.length;
            size--;
        }
    }

    /** Index (0..size) of the first update that ends above {@code lsn}. */
    private int firstAbove(long lsn) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[(head + mid) % ends.length] <= lsn) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Updates that end above {@code lsn}: those a Secondary holding everything below {@code lsn} lacks. */
    synchronized long countAbove(long lsn) {
        return size - firstAbove(lsn);
    }

    /** When the oldest update ending above {@code lsn} was written; 0 if there is none. */
    synchronized long firstMillisAbove(long lsn) {
        int i = firstAbove(lsn);
        return i == size ? 0 : millis[(head + i) % ends.length];
    }

    /** The end LSN of the newest update, 0 if none is known. */
    synchronized long lastEnd() {
        return lastEnd;
    }

    /** When the newest update was written (milliseconds since the epoch), 0 if unknown. */
    synchronized long lastMillis() {
        return lastMillis;
    }

    @Override
    public synchronized String toString() {
        return "UpdateIndex(" + size + " updates, last end " + lastEnd + ")";
    }
}
