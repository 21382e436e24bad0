package io.volrep.engine.srl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.io.NativeBlockDevice;

/** Crash shapes: each test writes through the writer, abandons it without close, damages the tail, reopens. */
@Timeout(60)
class SrlRecoveryTest {
    @TempDir
    Path dir;
    private Path file;
    private NativeBlockDevice dev;
    private final List<String> warnings = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                synchronized (warnings) {
                    warnings.add(r.getMessage());
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        file = dir.resolve("srl");
        NativeBlockDevice.createSparseFile(file, SrlHeader.DATA_START + 1024 * 1024);
        dev = NativeBlockDevice.open(file, false);
        Srl.format(dev, "crashy");
        Logger.getLogger(SrlRecovery.class.getName()).addHandler(capture);
    }

    @AfterEach
    void tearDown() throws IOException {
        Logger.getLogger(SrlRecovery.class.getName()).removeHandler(capture);
        dev.close();
    }

    private static byte[] payload(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    /** Appends records of the given sizes, waits until each is durable, then abandons the writer. */
    private List<Long> writeAndCrash(Srl srl, int firstSeed, int... sizes) throws Exception {
        SrlWriter w = srl.startWriter(1 << 20, 1024, null, Clock.systemUTC());
        List<Long> lsns = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            lsns.add(w.append(RecordType.DATA, 0, 4096L * (firstSeed + i), ByteBuffer.wrap(payload(sizes[i], firstSeed + i)))
                    .get(10, TimeUnit.SECONDS));
        }
        w.abort(new IllegalStateException("simulated crash"));
        return lsns;
    }

    private void overwrite(long lsn, int skip, byte[] bytes) throws IOException {
        long physical = SrlHeader.DATA_START + lsn + skip;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(physical);
            raf.write(bytes);
        }
    }

    /** The seeds (first data byte's generator) of the records from the tail, in LSN order. */
    private List<Integer> seedsFromTail(Srl srl) throws Exception {
        List<Integer> seeds = new ArrayList<>();
        SrlReader r = srl.reader(srl.tailLsn());
        for (SrlRecord rec; (rec = r.next()) != null; ) {
            int seed = (int) (rec.volumeOffset() / 4096);
            assertEquals(ByteBuffer.wrap(payload(rec.data().remaining(), seed)), rec.data(), rec.toString());
            seeds.add(seed);
        }
        return seeds;
    }

    @Test
    void aCleanEndKeepsEveryRecord() throws Exception {
        List<Long> lsns = writeAndCrash(Srl.open(dev, () -> Long.MAX_VALUE), 0, 100, 2000, 300);
        Srl srl = Srl.open(dev, () -> Long.MAX_VALUE);
        assertEquals(lsns.get(2) + SrlRecord.encodedSize(300), srl.recovery().endLsn());
        assertEquals(3, srl.recovery().records());
        assertEquals(0, srl.recovery().tornBytes());
        assertEquals(List.of(0, 1, 2), seedsFromTail(srl));
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void aTornLastRecordIsDroppedAndLogged() throws Exception {
        List<Long> lsns = writeAndCrash(Srl.open(dev, () -> Long.MAX_VALUE), 0, 100, 2000, 5000);
        long last = lsns.get(2);
        overwrite(last, SrlRecord.HEADER_SIZE + 3000, new byte[] {1, 2, 3});   // garbage inside the data
        Srl srl = Srl.open(dev, () -> Long.MAX_VALUE);
        assertEquals(last, srl.recovery().endLsn());
        assertEquals(SrlRecord.encodedSize(5000), srl.recovery().tornBytes());
        assertEquals(List.of(0, 1), seedsFromTail(srl));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("torn record at LSN " + last + " (offset " + (SrlHeader.DATA_START + last)),
                warnings.get(0));
    }

    @Test
    void aRecordCutShortOrWithADamagedHeaderIsDropped() throws Exception {
        List<Long> lsns = writeAndCrash(Srl.open(dev, () -> Long.MAX_VALUE), 0, 100, 2000, 5000, 700);
        overwrite(lsns.get(3), SrlRecord.HEADER_SIZE + 350, new byte[350]);    // second half never written
        overwrite(lsns.get(2), SrlRecord.OFF_LENGTH, new byte[] {0x7f, 0, 0, 0}); // length field garbled
        Srl srl = Srl.open(dev, () -> Long.MAX_VALUE);
        assertEquals(lsns.get(2), srl.recovery().endLsn());
        assertEquals(List.of(0, 1), seedsFromTail(srl));
    }

    @Test
    void damageBelowTheAppliedLsnIsADamagedSrlNotATruncation() throws Exception {
        Srl first = Srl.open(dev, () -> 0L);          // an RLINK keeps the tail at 0
        List<Long> lsns = writeAndCrash(first, 0, 100, 200, 300);
        first.persistApplied(lsns.get(2) + SrlRecord.encodedSize(300));
        overwrite(lsns.get(1), SrlRecord.HEADER_SIZE + 10, new byte[] {9});
        VolrepException e = assertThrows(VolrepException.class, () -> Srl.open(dev, () -> Long.MAX_VALUE));
        assertEquals(ErrorCode.DAMAGED_SRL, e.code());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("LSN " + lsns.get(1)),
                e.getMessage());
    }

    /**
     * The essential case: a record beyond a torn one reached the disk in the old epoch (a reordered
     * write). It has the right LSN and a good CRC. It must never come back, neither right after the
     * crash nor after the new epoch has written exactly up to its position and crashed again. It starts
     * a sector: the writer zero-pads the rest of the sector it ends in, which would hide it otherwise.
     */
    @Test
    void aStaleRecordBeyondATornOneIsNeverAccepted() throws Exception {
        Srl first = Srl.open(dev, () -> Long.MAX_VALUE);
        List<Long> lsns = writeAndCrash(first, 0, 100, 200, 3604, 400);
        long tornLsn = lsns.get(2);
        long staleLsn = lsns.get(3);
        overwrite(tornLsn, SrlRecord.HEADER_SIZE + 500, new byte[] {(byte) 0xee});

        // Crash 1 recovered: the log ends at the torn record; the stale one after it is not part of it.
        Srl second = Srl.open(dev, () -> Long.MAX_VALUE);
        assertEquals(tornLsn, second.recovery().endLsn());
        assertEquals(first.epoch() + 1, second.epoch());
        assertEquals(tornLsn, second.header().epochStart());
        assertEquals(List.of(0, 1), seedsFromTail(second));

        // Crash 2 before any new record: nothing changes.
        Srl third = Srl.open(dev, () -> Long.MAX_VALUE);
        assertEquals(tornLsn, third.recovery().endLsn());
        assertEquals(List.of(0, 1), seedsFromTail(third));

        // The new epoch writes one record of the torn one's size, ending exactly where the stale record
        // starts, and crashes: the stale record now directly follows a valid one with a matching LSN.
        List<Long> fresh = writeAndCrash(third, 50, 3604);
        assertEquals(tornLsn, fresh.get(0));
        assertEquals(staleLsn, fresh.get(0) + SrlRecord.encodedSize(3604));
        assertEquals(0, staleLsn % 4096);
        Srl fourth = Srl.open(dev, () -> Long.MAX_VALUE);
        assertEquals(staleLsn, fourth.recovery().endLsn());
        assertTrue(fourth.recovery().endReason().contains("stale record of epoch " + first.epoch()),
                fourth.recovery().endReason());
        assertEquals(List.of(0, 1, 50), seedsFromTail(fourth));

        // And once more, after the next epoch writes past it: only current records follow.
        List<Long> later = writeAndCrash(fourth, 60, 10, 20);
        assertEquals(staleLsn, later.get(0));
        Srl fifth = Srl.open(dev, () -> Long.MAX_VALUE);
        assertEquals(List.of(0, 1, 50, 60, 61), seedsFromTail(fifth));
        assertNull(fifth.reader(fifth.recovery().endLsn()).next());
    }
}
