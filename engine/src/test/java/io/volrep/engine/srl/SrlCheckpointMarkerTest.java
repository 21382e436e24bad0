package io.volrep.engine.srl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.io.NativeBlockDevice;

/** Checkpoint marker records: round trip, what readers and recovery make of them, the epoch rule. */
@Timeout(60)
class SrlCheckpointMarkerTest {
    @TempDir
    Path dir;
    private Path file;
    private NativeBlockDevice dev;

    @BeforeEach
    void setUp() throws Exception {
        file = dir.resolve("srl");
        NativeBlockDevice.createSparseFile(file, SrlHeader.DATA_START + 1024 * 1024);
        dev = NativeBlockDevice.open(file, false);
        Srl.format(dev, "ckpt");
    }

    @AfterEach
    void tearDown() throws IOException {
        dev.close();
    }

    /** One record to append: DATA of {@code size} bytes, or a marker named {@code name}. */
    private record Rec(RecordType type, int size, String name) {
        static Rec data(int size) {
            return new Rec(RecordType.DATA, size, null);
        }

        static Rec start(String name) {
            return new Rec(RecordType.CHECKPOINT_START, 0, name);
        }

        static Rec end(String name) {
            return new Rec(RecordType.CHECKPOINT_END, 0, name);
        }
    }

    /** Appends the records, waits until each is durable, then abandons the writer (a crash). */
    private static List<Long> writeAndCrash(Srl srl, Rec... recs) throws Exception {
        SrlWriter w = srl.startWriter(1 << 20, 1024, null, Clock.systemUTC());
        List<Long> lsns = new ArrayList<>();
        for (Rec r : recs) {
            ByteBuffer data = r.type == RecordType.DATA ? ByteBuffer.wrap(new byte[r.size]) : SrlMarker.payload(r.name);
            lsns.add(w.append(r.type, 0, 0, data).get(10, TimeUnit.SECONDS));
        }
        w.abort(new IllegalStateException("simulated crash"));
        return lsns;
    }

    private static List<String> readAll(Srl srl, long from) throws Exception {
        List<String> out = new ArrayList<>();
        SrlReader r = srl.reader(from);
        for (SrlRecord rec; (rec = r.next()) != null; ) {
            Optional<SrlMarker> m = SrlMarker.of(rec);
            out.add(rec.type() + "@" + rec.lsn() + m.map(x -> ":" + x.name()).orElse(""));
        }
        return out;
    }

    @Test
    void markersRoundTripAndReadersReturnThemInLsnOrder() throws Exception {
        Srl srl = Srl.open(dev, () -> Long.MAX_VALUE);
        List<Long> l = writeAndCrash(srl, Rec.data(100), Rec.start("presync"), Rec.data(3000), Rec.end("presync"),
                Rec.data(10));
        assertEquals(l.get(0) + SrlRecord.encodedSize(100), l.get(1));
        assertEquals(l.get(1) + SrlRecord.encodedSize("presync".length()), l.get(2));
        List<String> want = List.of("DATA@" + l.get(0), "CHECKPOINT_START@" + l.get(1) + ":presync", "DATA@" + l.get(2),
                "CHECKPOINT_END@" + l.get(3) + ":presync", "DATA@" + l.get(4));
        assertEquals(want, readAll(srl, 0));

        Srl again = Srl.open(dev, () -> Long.MAX_VALUE);
        assertEquals(5, again.recovery().records());
        assertEquals(List.of(new SrlMarker(RecordType.CHECKPOINT_START, l.get(1), "presync"),
                new SrlMarker(RecordType.CHECKPOINT_END, l.get(3), "presync")), again.recovery().markers());
        assertEquals(want, readAll(again, 0));
        assertEquals(List.of("CHECKPOINT_START@" + l.get(1) + ":presync", "DATA@" + l.get(2),
                "CHECKPOINT_END@" + l.get(3) + ":presync", "DATA@" + l.get(4)), readAll(again, l.get(1)));
    }

    @Test
    void aDataRecordIsNoMarkerAndBadMarkerNamesAreRefused() {
        SrlRecord data = new SrlRecord(RecordType.DATA, 1, 0, 0, 0, 0, 0, ByteBuffer.wrap("presync".getBytes()));
        assertTrue(SrlMarker.of(data).isEmpty());
        SrlRecord badUtf8 = new SrlRecord(RecordType.CHECKPOINT_START, 1, 0, 0, 0, 0, 0,
                ByteBuffer.wrap(new byte[] {(byte) 0xc3, 0x28}));
        assertTrue(SrlMarker.of(badUtf8).isEmpty());
        assertTrue(RecordType.CHECKPOINT_END.isMarker() && !RecordType.DATA.isMarker() && !RecordType.WRAP.isMarker());
        assertEquals(3, RecordType.CHECKPOINT_START.code());
        assertEquals(4, RecordType.CHECKPOINT_END.code());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> SrlMarker.payload(""));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SrlMarker.payload("x".repeat(SrlMarker.MAX_NAME_BYTES + 1)));
    }

    /**
     * A marker that reached the disk beyond a torn record in an old epoch (a reordered write) has the
     * right LSN and a good CRC; it must never count, not even once the new epoch has written exactly up
     * to its position. It starts a sector, as the writer zero-pads the rest of the sector it ends in.
     */
    @Test
    void aStaleMarkerBeyondATornTailIsNeverAccepted() throws Exception {
        Srl first = Srl.open(dev, () -> Long.MAX_VALUE);
        List<Long> l = writeAndCrash(first, Rec.data(100), Rec.data(3868), Rec.start("stale"));
        long torn = l.get(1);
        long staleLsn = l.get(2);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(SrlHeader.DATA_START + torn + SrlRecord.HEADER_SIZE + 500);
            raf.write(0xee);
        }
        Srl second = Srl.open(dev, () -> Long.MAX_VALUE);
        assertEquals(torn, second.recovery().endLsn());
        assertEquals(List.of(), second.recovery().markers());
        assertEquals(List.of("DATA@" + l.get(0)), readAll(second, 0));

        List<Long> fresh = writeAndCrash(second, Rec.data(3868));
        assertEquals(torn, fresh.get(0));
        assertEquals(0, staleLsn % 4096);
        Srl third = Srl.open(dev, () -> Long.MAX_VALUE);
        assertEquals(staleLsn, third.recovery().endLsn());
        assertTrue(third.recovery().endReason().contains("stale record of epoch " + first.epoch()),
                third.recovery().endReason());
        assertEquals(List.of(), third.recovery().markers());
        assertEquals(List.of("DATA@" + l.get(0), "DATA@" + torn), readAll(third, 0));
        assertNull(third.reader(staleLsn).next());
    }
}
