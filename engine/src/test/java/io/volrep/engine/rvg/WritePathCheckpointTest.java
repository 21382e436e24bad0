package io.volrep.engine.rvg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.io.BlockDevice;
import io.volrep.engine.io.NativeBlockDevice;
import io.volrep.engine.srl.RecordType;
import io.volrep.engine.srl.Srl;
import io.volrep.engine.srl.SrlHeader;
import io.volrep.engine.srl.SrlMarker;
import io.volrep.engine.srl.SrlReader;
import io.volrep.engine.srl.SrlRecord;

/** Checkpoint markers in the write path, and soft retention: kept while there is room, never waited for. */
@Timeout(120)
class WritePathCheckpointTest {
    private static final long SRL_DATA = 1024 * 1024;
    private static final int BLOCK = 64 * 1024;

    @TempDir
    Path dir;
    private final List<BlockDevice> opened = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (BlockDevice d : opened) {
            d.close();
        }
    }

    private BlockDevice device(String name, long size) throws Exception {
        Path f = dir.resolve(name);
        NativeBlockDevice.createSparseFile(f, size);
        BlockDevice d = NativeBlockDevice.open(f, false);
        opened.add(d);
        return d;
    }

    private static WritePathOptions options() {
        return WritePathOptions.defaults().withCheckpoint(BLOCK, 5);
    }

    private static byte[] block(int seed) {
        byte[] b = new byte[BLOCK];
        java.util.Arrays.fill(b, (byte) seed);
        return b;
    }

    private static long write(WritePath wp, int slot, int seed) throws Exception {
        return wp.write(0, (long) slot * BLOCK, ByteBuffer.wrap(block(seed))).get(20, TimeUnit.SECONDS);
    }

    /** Waits (bounded) until the persisted applied LSN reaches {@code lsn}. */
    private static void awaitApplied(WritePath wp, long lsn) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (wp.appliedLsn() < lsn) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("applied LSN stuck at " + wp.appliedLsn() + ", wanted " + lsn);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void markersAreOrderedAmongWritesAndNotReplayedOntoVolumes() throws Exception {
        BlockDevice srl = device("srl", SrlHeader.DATA_START + SRL_DATA);
        Srl.format(srl, "r");
        BlockDevice vol = device("dv", 16L * BLOCK);
        long[] kept = {Long.MAX_VALUE};
        LongUnaryOperator keepFrom = wanted -> kept[0] >= wanted ? kept[0] : Long.MAX_VALUE;
        WritePath wp = WritePath.open(srl, List.of(vol), options(), keepFrom);
        long before = write(wp, 0, 1);
        kept[0] = wp.durableLsn();
        long start = wp.mark(RecordType.CHECKPOINT_START, "cp1").get(20, TimeUnit.SECONDS);
        long inside = write(wp, 1, 2);
        long end = wp.mark(RecordType.CHECKPOINT_END, "cp1").get(20, TimeUnit.SECONDS);
        assertEquals(before + SrlRecord.encodedSize(BLOCK), start);
        assertEquals(start + SrlRecord.encodedSize(3), inside);
        assertEquals(inside + SrlRecord.encodedSize(BLOCK), end);
        awaitApplied(wp, end + SrlRecord.encodedSize(3));   // a marker moves the applied LSN past itself
        kept[0] = start;
        wp.close();

        assertEquals(start, wp.srl().tailLsn());            // held by the kept LSN, not by the applied one
        WritePath again = WritePath.open(srl, List.of(vol), options(), keepFrom);
        assertEquals(List.of(new SrlMarker(RecordType.CHECKPOINT_START, start, "cp1"),
                new SrlMarker(RecordType.CHECKPOINT_END, end, "cp1")), again.srl().recovery().markers());
        SrlReader r = again.srl().reader(start);
        List<RecordType> types = new ArrayList<>();
        for (SrlRecord rec; (rec = r.next()) != null; ) {
            types.add(rec.type());
        }
        assertEquals(List.of(RecordType.CHECKPOINT_START, RecordType.DATA, RecordType.CHECKPOINT_END), types);
        byte[] got = new byte[2 * BLOCK];
        vol.read(0, ByteBuffer.wrap(got));
        assertArrayEquals(block(1), java.util.Arrays.copyOfRange(got, 0, BLOCK));
        assertArrayEquals(block(2), java.util.Arrays.copyOfRange(got, BLOCK, 2 * BLOCK));
        again.close();
    }

    /**
     * A kept LSN holds the tail while the log has room; once the writes need its space the tail moves past
     * it, and not one write waits for it (the log is wrapped three times over).
     */
    @Test
    void softRetentionHoldsTheTailOnlyWhileTheLogHasRoom() throws Exception {
        BlockDevice srl = device("srl", SrlHeader.DATA_START + SRL_DATA);
        Srl.format(srl, "r");
        BlockDevice vol = device("dv", 16L * BLOCK);
        long[] kept = {Long.MAX_VALUE};
        LongUnaryOperator keepFrom = wanted -> kept[0] >= wanted ? kept[0] : Long.MAX_VALUE;
        WritePath wp = WritePath.open(srl, List.of(vol), options(), keepFrom);
        write(wp, 0, 0);
        kept[0] = wp.mark(RecordType.CHECKPOINT_START, "keep").get(20, TimeUnit.SECONDS);
        long k = kept[0];
        for (int i = 1; i <= 8; i++) {       // about half the log
            write(wp, i % 16, i);
        }
        awaitApplied(wp, wp.durableLsn());
        assertTrue(wp.srl().tailLsn() <= k, "tail " + wp.srl().tailLsn() + " passed the kept LSN " + k);
        assertTrue(wp.appliedLsn() > k + 4 * BLOCK);

        List<CompletableFuture<Long>> more = new ArrayList<>();
        for (int i = 0; i < 3 * SRL_DATA / BLOCK; i++) {
            more.add(wp.write(0, (long) (i % 16) * BLOCK, ByteBuffer.wrap(block(100 + i))));
        }
        CompletableFuture.allOf(more.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertTrue(wp.srl().tailLsn() > k, "tail " + wp.srl().tailLsn() + " still at or below " + k);
        wp.close();
    }
}
