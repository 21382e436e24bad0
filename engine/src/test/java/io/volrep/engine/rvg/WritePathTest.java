package io.volrep.engine.rvg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.io.BlockDevice;
import io.volrep.engine.io.NativeBlockDevice;
import io.volrep.engine.srl.InstrumentedDevice;
import io.volrep.engine.srl.Srl;
import io.volrep.engine.srl.SrlHeader;

@Timeout(120)
class WritePathTest {
    private static final int VOLUME_SIZE = 256 * 1024;

    @TempDir
    Path dir;
    private final List<BlockDevice> opened = new ArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    /** One write as issued, with the LSN it got. */
    private record Issued(int volume, long offset, byte[] data, long lsn) {
    }

    @AfterEach
    void tearDown() throws Exception {
        pool.shutdownNow();
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

    private BlockDevice srl(long dataSize) throws Exception {
        BlockDevice d = device("srl", SrlHeader.DATA_START + dataSize);
        Srl.format(d, "hr_rvg");
        return d;
    }

    private List<BlockDevice> volumes() throws Exception {
        return List.of(device("dv01", VOLUME_SIZE), device("dv02", VOLUME_SIZE));
    }

    /** Random overlapping writes from 4 threads; returns them with their LSNs. */
    private List<Issued> writeConcurrently(WritePath wp, int perThread, int maxLength, int hotBytes) throws Exception {
        List<Future<List<Issued>>> parts = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            parts.add(pool.submit(() -> {
                Random rnd = new Random(thread);
                List<CompletableFuture<Long>> fs = new ArrayList<>();
                List<Issued> issued = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    byte[] data = new byte[1 + rnd.nextInt(maxLength)];
                    rnd.nextBytes(data);
                    int volume = rnd.nextInt(2);
                    long offset = rnd.nextInt(hotBytes - data.length);
                    issued.add(new Issued(volume, offset, data, -1));
                    fs.add(wp.write(volume, offset, ByteBuffer.wrap(data)));
                }
                List<Issued> done = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    Issued w = issued.get(i);
                    done.add(new Issued(w.volume, w.offset, w.data, fs.get(i).get(60, TimeUnit.SECONDS)));
                }
                return done;
            }));
        }
        List<Issued> all = new ArrayList<>();
        for (Future<List<Issued>> p : parts) {
            all.addAll(p.get(90, TimeUnit.SECONDS));
        }
        return all;
    }

    /** The volumes as they must be: the writes applied in LSN order. */
    private static byte[][] oracle(List<Issued> writes) {
        byte[][] image = new byte[2][VOLUME_SIZE];
        writes.stream().sorted(Comparator.comparingLong(Issued::lsn))
                .forEach(w -> System.arraycopy(w.data, 0, image[w.volume], (int) w.offset, w.data.length));
        return image;
    }

    private static byte[] read(BlockDevice d, long offset, int length) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(length);
        d.read(offset, b);
        return b.array();
    }

    private static void assertVolumes(byte[][] expected, List<BlockDevice> volumes) throws Exception {
        for (int v = 0; v < 2; v++) {
            assertArrayEquals(expected[v], read(volumes.get(v), 0, VOLUME_SIZE), "volume " + v);
        }
    }

    @Test
    void overlappingConcurrentWritesEndOnTheVolumesInLsnOrder() throws Exception {
        List<BlockDevice> vols = volumes();
        BlockDevice srl = srl(8 << 20);
        WritePath wp = WritePath.open(srl, vols, WritePathOptions.defaults());
        List<Issued> writes = writeConcurrently(wp, 250, 8192, 64 * 1024);
        assertEquals(writes.size(), writes.stream().mapToLong(Issued::lsn).distinct().count());
        assertVolumes(oracle(writes), vols);
        wp.flush().get(10, TimeUnit.SECONDS);
        wp.close();
        wp.close();
        assertEquals(wp.durableLsn(), wp.appliedLsn());

        WritePath again = WritePath.open(srl, vols, WritePathOptions.defaults());
        assertEquals(0, again.recordsReplayed());
        assertEquals(wp.durableLsn(), again.appliedLsn());
        assertEquals(wp.epoch() + 1, again.epoch());
        again.close();
        assertVolumes(oracle(writes), vols);
    }

    @Test
    void aReadAfterTheWriteCompletesSeesIt() throws Exception {
        List<BlockDevice> vols = volumes();
        try (WritePath wp = WritePath.open(srl(1 << 20), vols, WritePathOptions.defaults())) {
            Random rnd = new Random(3);
            for (int i = 0; i < 100; i++) {
                byte[] data = new byte[1 + rnd.nextInt(5000)];
                rnd.nextBytes(data);
                long offset = rnd.nextInt(8192);
                long lsn = wp.write(i % 2, offset, ByteBuffer.wrap(data)).get(10, TimeUnit.SECONDS);
                assertTrue(lsn < wp.durableLsn());
                assertArrayEquals(data, read(vols.get(i % 2), offset, data.length));
            }
            assertEquals(wp.nextLsn(), wp.usedBytes(), "nothing reclaimed yet, the tail is at 0");
        }
    }

    @Test
    void afterACrashEveryAcknowledgedWriteIsReplayedOntoTheVolumes() throws Exception {
        List<BlockDevice> vols = volumes();
        BlockDevice srl = srl(4 << 20);
        WritePathOptions noCheckpoints = WritePathOptions.defaults().withCheckpoint(1L << 40, 1_000_000);
        WritePath wp = WritePath.open(srl, vols, noCheckpoints);
        int blocks = VOLUME_SIZE / 4096;
        List<CompletableFuture<Long>> fs = new ArrayList<>();
        List<byte[]> sent = new ArrayList<>();
        Random rnd = new Random(11);
        for (int i = 0; i < 2 * blocks; i++) {       // one 4 KiB write per block of both volumes
            byte[] data = new byte[4096];
            rnd.nextBytes(data);
            sent.add(data);
            fs.add(wp.write(i % 2, 4096L * (i / 2), ByteBuffer.wrap(data)));
            if (i == blocks) {
                CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            }
        }
        wp.crashForTest();
        List<Integer> acknowledged = new ArrayList<>();
        for (int i = 0; i < fs.size(); i++) {
            if (fs.get(i).isDone() && !fs.get(i).isCompletedExceptionally()) {
                acknowledged.add(i);
            }
        }
        assertTrue(acknowledged.size() > blocks, acknowledged.size() + " writes acknowledged");
        assertEquals(0, SrlHeader.read(srl).appliedLsn(), "no checkpoint was persisted");
        for (BlockDevice v : vols) {          // lose everything the volumes got: only the SRL can bring it back
            v.write(0, ByteBuffer.allocate(VOLUME_SIZE));
        }

        WritePath again = WritePath.open(srl, vols, noCheckpoints);
        assertTrue(again.recordsReplayed() >= acknowledged.size(), again.recordsReplayed() + " replayed");
        assertEquals(again.srl().recovery().endLsn(), again.appliedLsn());
        for (int i = 0; i < sent.size(); i++) {
            byte[] onVolume = read(vols.get(i % 2), 4096L * (i / 2), 4096);
            if (acknowledged.contains(i)) {
                assertArrayEquals(sent.get(i), onVolume, "acknowledged write " + i);
            } else {
                boolean whole = java.util.Arrays.equals(sent.get(i), onVolume);
                assertTrue(whole || java.util.Arrays.equals(new byte[4096], onVolume), "write " + i + " is torn");
            }
        }
        again.close();
    }

    @Test
    void whenTheSrlIsFullWritersWaitForSpaceAndAllComplete() throws Exception {
        List<BlockDevice> vols = volumes();
        BlockDevice srl = srl(128 * 1024);
        WritePath wp = WritePath.open(srl, vols, WritePathOptions.defaults());
        List<Issued> writes = writeConcurrently(wp, 200, 8192, VOLUME_SIZE);
        long laps = wp.nextLsn() / wp.capacity();
        assertTrue(laps >= 10, "only " + laps + " laps");
        assertTrue(wp.usedBytes() <= wp.capacity());
        assertVolumes(oracle(writes), vols);
        wp.close();
    }

    @Test
    void badRequestsAreRefusedAndWriteNothing() throws Exception {
        List<BlockDevice> vols = volumes();
        try (WritePath wp = WritePath.open(srl(1 << 20), vols, WritePathOptions.defaults())) {
            ByteBuffer data = ByteBuffer.allocate(512);
            assertEquals(ErrorCode.NO_SUCH_VOLUME, assertThrows(VolrepException.class, () -> wp.write(2, 0, data)).code());
            assertEquals(ErrorCode.NO_SUCH_VOLUME, assertThrows(VolrepException.class, () -> wp.write(-1, 0, data)).code());
            assertEquals(ErrorCode.BAD_SIZE,
                    assertThrows(VolrepException.class, () -> wp.write(0, VOLUME_SIZE - 511, data)).code());
            assertEquals(ErrorCode.BAD_SIZE, assertThrows(VolrepException.class, () -> wp.write(1, -1, data)).code());
            assertEquals(0, wp.nextLsn());
            assertEquals(0, wp.durableLsn());
        }
    }

    @Test
    void aDamagedSrlHeaderStopsTheOpen() throws Exception {
        BlockDevice srl = srl(1 << 20);
        List<BlockDevice> vols = volumes();
        try (RandomAccessFile raf = new RandomAccessFile(srl.path(), "rw")) {
            raf.seek(200);
            raf.write(1);
            raf.seek(SrlHeader.COPY_SIZE + 200);
            raf.write(1);
        }
        VolrepException e = assertThrows(VolrepException.class,
                () -> WritePath.open(srl, vols, WritePathOptions.defaults()));
        assertEquals(ErrorCode.DAMAGED_SRL, e.code());
    }

    @Test
    void aDataVolumeErrorFailsTheWriteAndStopsTheRvg() throws Exception {
        InstrumentedDevice dv01 = new InstrumentedDevice(device("dv01", VOLUME_SIZE));
        List<BlockDevice> vols = List.of(dv01, device("dv02", VOLUME_SIZE));
        WritePath wp = WritePath.open(srl(1 << 20), vols, WritePathOptions.defaults());
        wp.write(0, 0, ByteBuffer.allocate(100)).get(10, TimeUnit.SECONDS);
        dv01.failAfterWrites(0);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> wp.write(0, 0, ByteBuffer.allocate(100)).get(10, TimeUnit.SECONDS));
        assertEquals(dv01.injected(), e.getCause());
        wp.flush().handle((v, err) -> err).thenAccept(err -> assertEquals(dv01.injected(), err.getCause()))
                .get(10, TimeUnit.SECONDS);
        VolrepException later = assertThrows(VolrepException.class, () -> wp.write(1, 0, ByteBuffer.allocate(1)));
        assertEquals(ErrorCode.IO_ERROR, later.code());
        assertThrows(java.io.IOException.class, wp::close);
    }
}
