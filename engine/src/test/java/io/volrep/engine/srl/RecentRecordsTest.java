package io.volrep.engine.srl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RecentRecordsTest {

    /** The byte at stream position {@code lsn} in these tests: a function of the position alone. */
    private static byte at(long lsn) {
        return (byte) (lsn * 31 + (lsn >>> 8));
    }

    private static ByteBuffer stream(long lsn, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = at(lsn + i);
        }
        return ByteBuffer.wrap(b);
    }

    private static void assertStream(long lsn, ByteBuffer got) {
        assertEquals(0, got.remaining(), "filled");
        got.flip();
        assertArrayEquals(stream(lsn, got.remaining()).array(), Arrays.copyOf(got.array(), got.remaining()),
                "bytes from LSN " + lsn);
    }

    @Test
    void keepsNothingUntilAReaderWantsIt() {
        RecentRecords r = new RecentRecords(1000);
        r.appended(0, stream(0, 300));
        assertFalse(r.read(0, ByteBuffer.allocate(10)), "no reader yet: nothing kept");
        r.want();
        r.appended(300, stream(300, 300));
        assertFalse(r.read(0, ByteBuffer.allocate(10)));
        ByteBuffer b = ByteBuffer.allocate(300);
        assertTrue(r.read(300, b));
        assertStream(300, b);
    }

    @Test
    void holdsTheLastCapacityBytesOfTheStreamAndNothingBeforeThem() {
        RecentRecords r = new RecentRecords(1000);
        r.want();
        for (long lsn = 0; lsn < 5000; lsn += 300) {
            r.appended(lsn, stream(lsn, 300));
        }
        // Written up to 5100; the ring holds [4100, 5100) and wraps inside it.
        ByteBuffer b = ByteBuffer.allocate(1000);
        assertTrue(r.read(4100, b));
        assertStream(4100, b);
        ByteBuffer older = ByteBuffer.allocate(10);
        assertFalse(r.read(4099, older));
        assertEquals(0, older.position(), "a miss leaves the buffer alone");
        assertFalse(r.read(5095, ByteBuffer.allocate(10)), "nothing beyond what was appended");
    }

    @Test
    void aJumpInTheStreamStartsOverAndAnAppendLargerThanTheRingHoldsNothing() {
        RecentRecords r = new RecentRecords(1000);
        r.want();
        r.appended(0, stream(0, 600));
        r.appended(10_000, stream(10_000, 100)); // the next lap
        assertFalse(r.read(500, ByteBuffer.allocate(10)));
        ByteBuffer b = ByteBuffer.allocate(100);
        assertTrue(r.read(10_000, b));
        assertStream(10_000, b);
        r.appended(10_100, stream(10_100, 2000));
        assertFalse(r.read(10_000, ByteBuffer.allocate(10)));
        assertFalse(r.read(11_000, ByteBuffer.allocate(10)));
        r.appended(12_100, stream(12_100, 50));
        ByteBuffer c = ByteBuffer.allocate(50);
        assertTrue(r.read(12_100, c));
        assertStream(12_100, c);
    }

    /** Readers racing the writer get the right bytes or a miss, never bytes of another part of the stream. */
    @Test
    @Timeout(60)
    void readersRacingTheWriterNeverSeeOverwrittenBytes() throws Exception {
        RecentRecords r = new RecentRecords(4096);
        r.want();
        AtomicLong written = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong hits = new AtomicLong();
        Thread[] readers = new Thread[2];
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < readers.length; t++) {
            readers[t] = new Thread(() -> {
                ByteBuffer b = ByteBuffer.allocate(512);
                while (!done.get()) {
                    long end = written.get();
                    long lsn = Math.max(0, end - 4096 - 200 + (long) (Math.random() * 4096));
                    b.clear();
                    if (r.read(lsn, b)) {
                        for (int i = 0; i < 512; i++) {
                            if (b.get(i) != at(lsn + i)) {
                                synchronized (failure) {
                                    failure[0] = new AssertionError("byte " + (lsn + i) + " wrong");
                                }
                                return;
                            }
                        }
                        hits.incrementAndGet();
                    }
                }
            });
            readers[t].start();
        }
        long lsn = 0;
        // At least 200,000 appends, and on until the readers have had some hits while the ring moved (on
        // a busy machine they may not have run at all yet after the first 200,000).
        long giveUp = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        for (int i = 0; i < 200_000 || hits.get() < 100 && System.nanoTime() < giveUp; i++) {
            int n = 1 + (i * 7919) % 700;
            r.appended(lsn, stream(lsn, n));
            lsn += n;
            written.set(lsn);
        }
        done.set(true);
        for (Thread t : readers) {
            t.join();
        }
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
        assertTrue(hits.get() >= 100, "reads served from the ring while it moved: " + hits.get());
    }
}
