package io.volrep.engine.rvg;

import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts a Primary RVG's application writes by SRL position, so that latency protection can tell how
 * many writes an RLINK has yet to acknowledge (the product's marks count writes, not bytes). Each
 * logged write records the running count at its end LSN; an RLINK that acknowledged up to LSN
 * {@code a} owes the writes counted after the last end at or below {@code a}. The SRL writer
 * completes writes in LSN order, so the counts rise with the LSNs.
 *
 * <p>Counts start at zero when the RVG starts: writes logged before a restart that a Secondary still
 * owes are not counted. Thread-safe.
 */
final class WriteCounter {
    private final ConcurrentSkipListMap<Long, Long> countAtEnd = new ConcurrentSkipListMap<>();
    private final AtomicLong logged = new AtomicLong();
    private volatile long forgottenCount;

    /** A write that ends at {@code endLsn} is durable in the SRL. */
    void logged(long endLsn) {
        countAtEnd.put(endLsn, logged.incrementAndGet());
    }

    /** Writes logged so far. */
    long total() {
        return logged.get();
    }

    /** Writes that end beyond {@code ackedLsn}. */
    long outstanding(long ackedLsn) {
        Map.Entry<Long, Long> floor = countAtEnd.floorEntry(ackedLsn);
        long base = floor == null ? forgottenCount : floor.getValue();
        return Math.max(0, logged.get() - base);
    }

    /** Drops the entries no RLINK can ask about any more: those below the one at or before {@code lsn}. */
    void forgetBelow(long lsn) {
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
