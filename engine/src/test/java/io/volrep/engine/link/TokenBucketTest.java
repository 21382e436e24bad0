package io.volrep.engine.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bucket's arithmetic on a manual clock. */
class TokenBucketTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void noLimitNeverWaits() {
        TokenBucket b = new TokenBucket(0, now::get);
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, b.tryTake(TokenBucket.CHUNK_BYTES));
        }
    }

    @Test
    void burstIsATenthOfASecondThenTheRateHolds() {
        long rate = 10_000_000; // capacity 1_000_000 bytes
        TokenBucket b = new TokenBucket(rate, now::get);
        assertEquals(5_000_000, b.tryTake(50_000)); // starts empty
        now.addAndGet(1_000_000_000L);
        int taken = 0;
        while (b.tryTake(50_000) == 0) {
            taken += 50_000;
        }
        assertEquals(1_000_000, taken);
        // 50_000 bytes at 10 MB/s: 5 ms
        assertEquals(5_000_000, b.tryTake(50_000));
        now.addAndGet(5_000_000);
        assertEquals(0, b.tryTake(50_000));
        // A long idle time refills only up to the capacity.
        now.addAndGet(60_000_000_000L);
        taken = 0;
        while (b.tryTake(50_000) == 0) {
            taken += 50_000;
        }
        assertEquals(1_000_000, taken);
    }

    @Test
    void smallRatesStillAllowOneChunk() {
        TokenBucket b = new TokenBucket(1000, now::get);
        now.addAndGet(3_600_000_000_000L);
        assertEquals(0, b.tryTake(TokenBucket.CHUNK_BYTES));
        assertEquals(TokenBucket.CHUNK_BYTES * 1_000_000L, b.tryTake(TokenBucket.CHUNK_BYTES));
    }

    @Test
    void rateChangesApplyToTheNextRequest() {
        TokenBucket b = new TokenBucket(1_000_000, now::get);
        now.addAndGet(1_000_000_000L);
        while (b.tryTake(TokenBucket.CHUNK_BYTES) == 0) {
            continue;
        }
        b.setRate(0);
        assertEquals(0, b.tryTake(TokenBucket.CHUNK_BYTES));
        b.setRate(2_000_000);
        assertEquals(32_768_000, b.tryTake(TokenBucket.CHUNK_BYTES)); // empty bucket: 65536 B at 2 MB/s
        assertThrows(IllegalArgumentException.class, () -> b.setRate(-1));
    }
}
