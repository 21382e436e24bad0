package io.volrep.engine.srl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.io.NativeBlockDevice;

@Timeout(120)
class SrlWriterTest {
    @TempDir
    Path dir;
    private InstrumentedDevice dev;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @BeforeEach
    void setUp() throws Exception {
        Path f = dir.resolve("srl");
        NativeBlockDevice.createSparseFile(f, SrlHeader.DATA_START + 16 * 1024 * 1024);
        dev = new InstrumentedDevice(NativeBlockDevice.open(f, false));
        Srl.format(dev, "gc");
    }

    @AfterEach
    void tearDown() throws Exception {
        pool.shutdownNow();
        dev.close();
    }

    private static byte[] content(int thread, int seq, int length) {
        byte[] b = new byte[length];
        new Random(thread * 100_003L + seq).nextBytes(b);
        return b;
    }

    @Test
    void concurrentAppendsAreGroupCommittedAndReadBackInOrder() throws Exception {
        Srl srl = Srl.open(dev, () -> Long.MAX_VALUE);
        SrlWriter w = srl.startWriter(1 << 20, 256, null, Clock.systemUTC());
        long syncsBefore = dev.syncs();
        long writesBefore = dev.writes();
        int threads = 8;
        int perThread = 500;
        List<Future<Map<Long, byte[]>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                Random rnd = new Random(thread);
                List<CompletableFuture<Long>> fs = new ArrayList<>();
                List<byte[]> sent = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    byte[] data = content(thread, i, 1 + rnd.nextInt(4096));
                    sent.add(data);
                    fs.add(w.append(RecordType.DATA, thread, i, ByteBuffer.wrap(data)));
                }
                Map<Long, byte[]> byLsn = new HashMap<>();
                for (int i = 0; i < perThread; i++) {
                    byLsn.put(fs.get(i).get(30, TimeUnit.SECONDS), sent.get(i));
                }
                return byLsn;
            }));
        }
        Map<Long, byte[]> expected = new HashMap<>();
        for (Future<Map<Long, byte[]>> r : results) {
            expected.putAll(r.get(60, TimeUnit.SECONDS));
        }
        int records = threads * perThread;
        assertEquals(records, expected.size(), "every append got its own LSN");
        long syncs = dev.syncs() - syncsBefore;
        System.out.printf("group commit: %d records, %d syncs, %.1f records per sync%n",
                records, syncs, (double) records / syncs);
        assertTrue(syncs * 4 < records, syncs + " syncs for " + records + " records");
        assertTrue(dev.writes() - writesBefore >= records / 256, "a written batch holds at most 256 records");

        SrlReader reader = srl.reader(srl.header().epochStart());
        long previous = -1;
        int seen = 0;
        for (SrlRecord r; (r = reader.next()) != null; seen++) {
            assertTrue(r.lsn() > previous);
            previous = r.lsn();
            assertEquals(ByteBuffer.wrap(expected.get(r.lsn())), r.data(), r.toString());
            assertEquals(ByteBuffer.wrap(content(r.volumeIndex(), (int) r.volumeOffset(), r.data().remaining())),
                    r.data());
        }
        assertEquals(records, seen);
        assertEquals(w.durableLsn(), reader.position());
        w.close();
        assertEquals(w.durableLsn(), w.writtenLsn());
    }

    /**
     * Appends go to the device in whole sectors (around the page cache): each lone append ends inside a
     * sector, which the next write rewrites with the same leading bytes, and the first append after a
     * reopen starts inside one it must read back first. Nothing of an earlier write may be lost.
     */
    @Test
    void appendsAreWrittenInWholeSectorsAndKeepTheRecordsBeforeThemInTheirFirstSector() throws Exception {
        Map<Long, byte[]> expected = new HashMap<>();
        Random rnd = new Random(11);
        long end = 0;
        for (int round = 0; round < 3; round++) {
            Srl srl = Srl.open(dev, () -> Long.MAX_VALUE);
            assertEquals(end, srl.recovery().endLsn(), "round " + round + " recovers every record written");
            SrlWriter w = srl.startWriter(1 << 20, 1024, null, Clock.systemUTC());
            for (int i = 0; i < 100; i++) {
                byte[] data = new byte[1 + rnd.nextInt(9000)];
                rnd.nextBytes(data);
                expected.put(w.append(RecordType.DATA, 0, i, ByteBuffer.wrap(data)).get(10, TimeUnit.SECONDS), data);
            }
            end = w.durableLsn();
            assertTrue(end % NativeBlockDevice.ALIGNMENT != 0, "the round ends inside a sector");
            w.close();
        }
        for (long[] write : dev.bulkWrites()) {
            assertEquals(0, write[0] % NativeBlockDevice.ALIGNMENT, "offset " + write[0]);
            assertEquals(0, write[1] % NativeBlockDevice.ALIGNMENT, "length " + write[1] + " at " + write[0]);
        }
        assertTrue(dev.bulkWrites().size() >= 300, "one write per lone append");

        assertReadsExactly(Srl.open(dev, () -> Long.MAX_VALUE).reader(0), expected);
    }

    /**
     * A crash in the middle of a write that rewrites the sector an earlier write ended in: the sector
     * reached the disk with the new records' first bytes, the rest did not. Every record acknowledged
     * before is recovered; the torn one is not.
     */
    @Test
    void aWriteTornAfterItsFirstSectorLosesNothingAcknowledgedBefore() throws Exception {
        Srl srl = Srl.open(dev, () -> Long.MAX_VALUE);
        SrlWriter w = srl.startWriter(1 << 20, 1024, null, Clock.systemUTC());
        Map<Long, byte[]> acknowledged = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            byte[] data = content(1, i, 1000 + i);
            acknowledged.put(w.append(RecordType.DATA, 1, i, ByteBuffer.wrap(data)).get(10, TimeUnit.SECONDS), data);
        }
        long end = w.durableLsn();
        assertTrue(end % NativeBlockDevice.ALIGNMENT != 0);
        dev.tearNextBulkWrite();
        CompletableFuture<Long> torn = w.append(RecordType.DATA, 1, 99, ByteBuffer.wrap(content(1, 99, 20_000)));
        ExecutionException e = assertThrows(ExecutionException.class, () -> torn.get(10, TimeUnit.SECONDS));
        assertCausedByInjected(e);
        w.abort(new IllegalStateException("simulated crash"));

        try (NativeBlockDevice restarted = NativeBlockDevice.open(Path.of(dev.path()), false)) {
            Srl after = Srl.open(restarted, () -> Long.MAX_VALUE);
            assertEquals(end, after.recovery().endLsn(), after.recovery().endReason());
            assertEquals(5, acknowledged.size());
            assertReadsExactly(after.reader(0), acknowledged);
        }
    }

    /**
     * A reader close behind the writer (an RLINK sender) takes the records from memory: appends go around
     * the page cache, so reading them from the device would be a disk read each time. One that fell
     * further behind than the memory holds reads the device and gets the same records.
     */
    @Test
    void aReaderTrailingTheWriterTakesTheRecordsFromMemory() throws Exception {
        Srl srl = Srl.open(dev, () -> 0L); // an RLINK keeps everything
        SrlWriter w = srl.startWriter(1 << 20, 256, null, Clock.systemUTC());
        SrlReader trailing = srl.reader(0);
        Map<Long, byte[]> expected = new HashMap<>();
        long readsBefore = dev.reads();
        for (int i = 0; i < 200; i++) {
            byte[] data = content(2, i, 3000 + i);
            long lsn = w.append(RecordType.DATA, 2, i, ByteBuffer.wrap(data)).get(10, TimeUnit.SECONDS);
            expected.put(lsn, data);
            SrlRecord r = trailing.next();
            assertEquals(lsn, r.lsn());
            assertEquals(ByteBuffer.wrap(data), r.data());
        }
        assertEquals(readsBefore, dev.reads(), "no record was read back from the device");

        int records = 0;
        for (int i = 200; records * 3000L < 2L * RecentRecords.capacityFor(srl.header().geometry()); i++, records++) {
            byte[] data = content(2, i, 3000);
            expected.put(w.append(RecordType.DATA, 2, i, ByteBuffer.wrap(data)).get(10, TimeUnit.SECONDS), data);
        }
        assertReadsExactly(srl.reader(0), expected);
        assertTrue(dev.reads() > readsBefore, "the oldest records came from the device");
        w.close();
    }

    /** The reader returns exactly the records of {@code expected} (LSN to data), each with its data. */
    private static void assertReadsExactly(SrlReader reader, Map<Long, byte[]> expected) throws Exception {
        int seen = 0;
        for (SrlRecord r; (r = reader.next()) != null; seen++) {
            assertEquals(ByteBuffer.wrap(expected.get(r.lsn())), r.data(), r.toString());
        }
        assertEquals(expected.size(), seen);
    }

    @Test
    void oneAppendAtATimeStillCompletesEachAfterItsSync() throws Exception {
        Srl srl = Srl.open(dev, () -> Long.MAX_VALUE);
        SrlWriter w = srl.startWriter(1 << 20, 256, null, Clock.systemUTC());
        long syncsBefore = dev.syncs();
        for (int i = 0; i < 20; i++) {
            long lsn = w.append(RecordType.DATA, 0, i, ByteBuffer.allocate(10)).get(10, TimeUnit.SECONDS);
            assertTrue(w.durableLsn() > lsn);
            assertEquals(syncsBefore + i + 1, dev.syncs(), "a lone append is synced before it completes");
        }
        w.close();
    }

    @Test
    void theFirstWriteErrorFailsThatAppendAndEveryLaterOne() throws Exception {
        Srl srl = Srl.open(dev, () -> Long.MAX_VALUE);
        SrlWriter w = srl.startWriter(1 << 20, 256, null, Clock.systemUTC());
        for (int i = 0; i < 5; i++) {
            w.append(RecordType.DATA, 0, i, ByteBuffer.allocate(100)).get(10, TimeUnit.SECONDS);
        }
        dev.failAfterWrites(0);
        ExecutionException first = assertThrows(ExecutionException.class,
                () -> w.append(RecordType.DATA, 0, 5, ByteBuffer.allocate(100)).get(10, TimeUnit.SECONDS));
        assertCausedByInjected(first);
        List<CompletableFuture<Long>> later = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            later.add(w.append(RecordType.DATA, 0, 6 + i, ByteBuffer.allocate(100)));
        }
        for (CompletableFuture<Long> f : later) {
            assertCausedByInjected(assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS)));
        }
        assertSame(dev.injected(), w.failure());
        w.close();
    }

    @Test
    void aSyncErrorFailsTheWholeQueuedBatch() throws Exception {
        Srl srl = Srl.open(dev, () -> Long.MAX_VALUE);
        SrlWriter w = srl.startWriter(1 << 20, 1024, null, Clock.systemUTC());
        w.append(RecordType.DATA, 0, 0, ByteBuffer.allocate(100)).get(10, TimeUnit.SECONDS);
        long durable = w.durableLsn();
        long writes = dev.writes();
        dev.failSyncs();   // the next batch's pwrite succeeds, its sync fails
        List<CompletableFuture<Long>> fs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            fs.add(w.append(RecordType.DATA, 0, i, ByteBuffer.allocate(1000)));
        }
        for (CompletableFuture<Long> f : fs) {
            assertCausedByInjected(assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS)));
        }
        assertEquals(durable, w.durableLsn(), "nothing after the failure is durable");
        // The writer may have written the next batch while the failing sync ran, but nothing after that.
        long after = dev.writes();
        assertTrue(after > writes, "the batch was written before its sync failed");
        for (int i = 0; i < 10; i++) {
            CompletableFuture<Long> f = w.append(RecordType.DATA, 0, 300 + i, ByteBuffer.allocate(1000));
            assertCausedByInjected(assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS)));
        }
        assertEquals(after, dev.writes(), "the writer stopped writing");
        w.close();
    }

    /**
     * The writer writes the next batch while the last one syncs; a sync completes only what was written
     * before it began, so the next batch waits for a sync of its own.
     */
    @Test
    void theNextBatchIsWrittenWhileTheLastSyncsAndWaitsForASyncOfItsOwn() throws Exception {
        Srl srl = Srl.open(dev, () -> Long.MAX_VALUE);
        SrlWriter w = srl.startWriter(1 << 20, 256, null, Clock.systemUTC());
        long syncs = dev.syncs();
        dev.holdSyncs();
        CompletableFuture<Long> a = w.append(RecordType.DATA, 0, 0, ByteBuffer.allocate(100));
        assertTrue(dev.awaitSyncHeld(10_000), "a's sync began");
        long writes = dev.writes();
        CompletableFuture<Long> b = w.append(RecordType.DATA, 0, 1, ByteBuffer.allocate(100));
        io.volrep.engine.testing.TestRds.await(java.time.Duration.ofSeconds(10), "b to be written", () -> dev.writes() > writes);
        assertEquals(writes + 1, dev.writes(), "b was written while a's sync was under way");
        assertTrue(!a.isDone() && !b.isDone(), "nothing completes before its sync");
        java.util.concurrent.atomic.AtomicBoolean bDoneWithA = new java.util.concurrent.atomic.AtomicBoolean(true);
        a.thenRun(() -> bDoneWithA.set(b.isDone()));
        dev.releaseSyncs();
        long lsnB = b.get(10, TimeUnit.SECONDS);
        assertTrue(a.get() < lsnB);
        assertTrue(!bDoneWithA.get(), "the sync that began before b was written did not complete b");
        assertEquals(syncs + 2, dev.syncs(), "one sync for a, one for b");
        assertTrue(w.durableLsn() > lsnB);
        w.close();
    }

    @Test
    void appendsAfterCloseFailAndBadAppendsAreRefused() throws Exception {
        Srl srl = Srl.open(dev, () -> Long.MAX_VALUE);
        SrlWriter w = srl.startWriter(1 << 20, 256, null, Clock.systemUTC());
        assertThrows(IllegalStateException.class, () -> srl.startWriter(1 << 20, 256, null, Clock.systemUTC()));
        assertThrows(IllegalArgumentException.class,
                () -> w.append(RecordType.WRAP, 0, 0, ByteBuffer.allocate(0)));
        assertThrows(IllegalArgumentException.class,
                () -> w.append(RecordType.DATA, 0, 0, ByteBuffer.allocate(srl.geometry().maxDataLength() + 1)));
        w.close();
        w.close();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> w.append(RecordType.DATA, 0, 0, ByteBuffer.allocate(1)).get(10, TimeUnit.SECONDS));
        assertEquals(ErrorCode.WRONG_STATE, ((VolrepException) e.getCause()).code());
        assertNull(w.failure());
    }

    private void assertCausedByInjected(ExecutionException e) {
        Throwable c = e.getCause();
        assertTrue(c instanceof VolrepException, String.valueOf(c));
        assertEquals(ErrorCode.IO_ERROR, ((VolrepException) c).code());
        assertSame(dev.injected(), c.getCause(), "the cause is the device's error");
        assertTrue(c.getMessage().contains(dev.path()), c.getMessage());
    }
}
