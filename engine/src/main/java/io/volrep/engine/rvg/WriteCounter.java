package io.volrep.engine.rvg;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Counts a Primary RVG's application writes by SRL position, so that latency protection can tell how
 * many writes an RLINK has yet to acknowledge (the product's marks count writes, not bytes). Each logged
 * write records, at its end LSN, how many logged writes end at or below it; an RLINK that acknowledged up
 * to LSN {@code a} owes the writes counted beyond the last end at or below {@code a}.
 *
 * <p>Writes are usually logged in LSN order (the applier completes them in that order), but not always: a
 * write that completes before its submitter has registered the completion callback is counted on the
 * submitter's thread, which may run late. Such a write also raises the counts of the ends beyond it, so
 * that an out-of-order write is never missing from what an RLINK owes (an undercount let latency
 * protection admit writes past the high mark).
 *
 * <p>Counts start at zero when the RVG starts: writes logged before a restart that a Secondary still
 * owes are not counted. Thread-safe.
 */
final class WriteCounter {
    /** For each logged write's end LSN: the logged writes that end at or below it. */
    private final TreeMap<Long, Long> countAtEnd = new TreeMap<>();
    private long logged;
    /** The count of the last entry dropped by {@link #forgetBelow}. */
    private long forgottenCount;

    /** A write that ends at {@code endLsn} is durable in the SRL. */
    synchronized void logged(long endLsn) {
        logged++;
        Map.Entry<Long, Long> below = countAtEnd.floorEntry(endLsn);
        countAtEnd.put(endLsn, (below == null ? forgottenCount : below.getValue()) + 1);
        if (countAtEnd.lastKey() > endLsn) { // it came late: the ends beyond it were counted without it
            for (Map.Entry<Long, Long> later : countAtEnd.tailMap(endLsn, false).entrySet()) {
                later.setValue(later.getValue() + 1);
            }
        }
    }

    /** Writes logged so far. */
    synchronized long total() {
        return logged;
    }

    /** Writes that end beyond {@code ackedLsn}. */
    synchronized long outstanding(long ackedLsn) {
        Map.Entry<Long, Long> floor = countAtEnd.floorEntry(ackedLsn);
        long base = floor == null ? forgottenCount : floor.getValue();
        return Math.max(0, logged - base);
    }

    /** Drops the entries no RLINK can ask about any more: those below the one at or before {@code lsn}. */
    synchronized void forgetBelow(long lsn) {
        Long floor = countAtEnd.floorKey(lsn);
        if (floor == null) {
            return;
        }
        NavigableMap<Long, Long> head = countAtEnd.headMap(floor, false);
        if (!head.isEmpty()) {
            forgottenCount = head.lastEntry().getValue();
            head.clear();
        }
    }
}
