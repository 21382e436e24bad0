package io.volrep.engine.rvg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.io.BlockDevice;
import io.volrep.engine.io.NativeBlockDevice;
import io.volrep.engine.srl.Srl;
import io.volrep.engine.srl.SrlHeader;

/** A Secondary's write path remembers where replication resumes, across crashes and SRL wraps. */
@Timeout(120)
class SecondaryWritePathTest {
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

    private static ByteBuffer block(int fill) {
        byte[] b = new byte[4096];
        java.util.Arrays.fill(b, (byte) fill);
        return ByteBuffer.wrap(b);
    }

    @Test
    void resumePointSurvivesACrashAndTheTailPassingIt() throws Exception {
        BlockDevice srl = device("srl", SrlHeader.DATA_START + 128 * 1024);
        Srl.format(srl, "sec");
        List<BlockDevice> vols = List.of(device("dv01", 1 << 20));
        WritePathOptions opts = WritePathOptions.defaults().withCheckpoint(1L << 40, 1_000_000);
        WritePath wp = WritePath.open(srl, vols, opts);
        CompletableFuture<Long> last = null;
        for (int i = 1; i <= 10; i++) {
            last = wp.writeReplicated(0, i * 4096L, block(i), 1_000L * i, 100_000L * i);
        }
        last.get(30, TimeUnit.SECONDS);
        assertEquals(1_000_000L, wp.sourceEnd());
        wp.crashForTest();

        WritePath again = WritePath.open(srl, vols, opts);
        assertEquals(1_000_000L, again.sourceEnd(), "resume point recovered from the SRL records");
        assertEquals(10_000L, again.sourceTimestamp());
        ByteBuffer got = ByteBuffer.allocate(4096);
        vols.get(0).read(7 * 4096L, got);
        assertArrayEquals(block(7).array(), got.array());
        // A second crash before any new update arrives: the replayed records are behind the applied
        // LSN now, so the resume point must have been saved with it, or replication would resend
        // updates this Secondary already applied (and the volumes would leave the Primary's order).
        again.crashForTest();
        again = WritePath.open(srl, vols, opts);
        assertEquals(1_000_000L, again.sourceEnd(), "resume point after a crash right after recovery");
        // Enough updates to wrap the 128 KiB log several times: the records holding the resume point go.
        for (int i = 11; i <= 200; i++) {
            last = again.writeReplicated(0, (i % 200) * 4096L, block(i), 1_000L * i, 100_000L * i);
        }
        last.get(30, TimeUnit.SECONDS);
        again.close();
        WritePath third = WritePath.open(srl, vols, opts);
        assertEquals(20_000_000L, third.sourceEnd(), "resume point from the SRL header once no record holds it");
        third.close();
    }

    @Test
    void rebaseMovesTheResumePointExactlyEvenDownwards() throws Exception {
        BlockDevice srl = device("srl", SrlHeader.DATA_START + 256 * 1024);
        Srl.format(srl, "sec");
        List<BlockDevice> vols = List.of(device("dv01", 1 << 20));
        WritePathOptions opts = WritePathOptions.defaults().withCheckpoint(1L << 40, 1_000_000);
        WritePath wp = WritePath.open(srl, vols, opts);
        CompletableFuture<Long> last = null;
        for (int i = 1; i <= 5; i++) {
            last = wp.writeReplicated(0, i * 4096L, block(i), 1_000L * i, 900_000L + i);
        }
        last.get(30, TimeUnit.SECONDS);
        wp.close();
        // A role transfer: the RVG now follows a Primary whose stream is at 300 (below the old 900005).
        Srl.rebaseSource(srl, wp.durableLsn(), 300);
        Srl.rebaseSource(srl, wp.durableLsn(), 300);
        WritePath next = WritePath.open(srl, vols, opts);
        assertEquals(300L, next.sourceEnd(), "replication resumes exactly at the rebased position");
        last = next.writeReplicated(0, 0, block(9), 9_000L, 500L);
        last.get(30, TimeUnit.SECONDS);
        next.crashForTest();
        WritePath after = WritePath.open(srl, vols, opts);
        assertEquals(500L, after.sourceEnd(), "after a crash, the new stream's records set it, not the old ones");
        after.close();
        ByteBuffer got = ByteBuffer.allocate(4096);
        vols.get(0).read(3 * 4096L, got);
        assertArrayEquals(block(3).array(), got.array(), "the data of the old stream stays");
    }

    @Test
    void rebaseRefusesAnSrlWithUnappliedRecords() throws Exception {
        BlockDevice srl = device("srl", SrlHeader.DATA_START + 256 * 1024);
        Srl.format(srl, "sec");
        List<BlockDevice> vols = List.of(device("dv01", 1 << 20));
        WritePath wp = WritePath.open(srl, vols, WritePathOptions.defaults().withCheckpoint(1L << 40, 1_000_000));
        wp.writeReplicated(0, 0, block(1), 1_000L, 100L).get(30, TimeUnit.SECONDS);
        long end = wp.durableLsn();
        wp.crashForTest();
        io.volrep.engine.api.VolrepException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.volrep.engine.api.VolrepException.class, () -> Srl.rebaseSource(srl, end, 7));
        assertEquals(io.volrep.engine.api.ErrorCode.WRONG_STATE, e.code());
        WritePath again = WritePath.open(srl, vols, WritePathOptions.defaults());
        assertEquals(100L, again.sourceEnd(), "a refused rebase changed nothing");
        again.close();
    }
}
