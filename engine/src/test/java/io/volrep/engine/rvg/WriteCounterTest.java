package io.volrep.engine.rvg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WriteCounterTest {
    @Test
    void countsWhatEndsBeyondTheAcknowledgedLsn() {
        WriteCounter c = new WriteCounter();
        for (long end = 100; end <= 500; end += 100) {
            c.logged(end);
        }
        assertEquals(5, c.outstanding(0));
        assertEquals(5, c.outstanding(99));
        assertEquals(4, c.outstanding(100));
        assertEquals(2, c.outstanding(350));
        assertEquals(0, c.outstanding(500));
        assertEquals(5, c.total());
    }

    /**
     * A write whose completion ran late on its submitter's thread is logged after writes beyond it: it is
     * still owed (counting it at its place only left the later ends too low, and latency protection
     * admitted writes past the high mark: LatencyProtectionTest saw 50-53 owed with a mark of 40).
     */
    @Test
    void aWriteLoggedOutOfLsnOrderIsStillOwed() {
        WriteCounter c = new WriteCounter();
        c.logged(200);
        c.logged(300);
        c.logged(100);
        assertEquals(3, c.outstanding(50));
        assertEquals(2, c.outstanding(150));
        assertEquals(1, c.outstanding(250));
        assertEquals(0, c.outstanding(300));
    }

    @Test
    void forgettingWhatEveryRlinkAcknowledgedChangesNoAnswerAboveIt() {
        WriteCounter c = new WriteCounter();
        for (long end = 100; end <= 1000; end += 100) {
            c.logged(end);
        }
        c.forgetBelow(650);
        assertEquals(4, c.outstanding(650));
        assertEquals(4, c.outstanding(600));
        assertEquals(1, c.outstanding(900));
        c.logged(550); // late, below the entries that are left
        assertEquals(6, c.outstanding(540));
        assertEquals(5, c.outstanding(560));
        assertEquals(4, c.outstanding(600));
        assertEquals(1, c.outstanding(900));
    }
}
