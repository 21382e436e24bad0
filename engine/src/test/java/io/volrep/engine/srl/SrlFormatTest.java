package io.volrep.engine.srl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.io.BlockDevice;
import io.volrep.engine.io.NativeBlockDevice;

/** format with initialize allocates a sparse SRL file's blocks; the log it leaves is empty and usable. */
class SrlFormatTest {
    @TempDir
    Path dir;

    @Test
    void initializeAllocatesTheFileAndLeavesAnEmptyLog() throws Exception {
        Path sparse = dir.resolve("sparse");
        Path filled = dir.resolve("filled");
        long size = 8L << 20;
        NativeBlockDevice.createSparseFile(sparse, size);
        NativeBlockDevice.createSparseFile(filled, size);
        try (BlockDevice a = NativeBlockDevice.open(sparse, false); BlockDevice b = NativeBlockDevice.open(filled, false)) {
            java.util.List<long[]> progress = new java.util.ArrayList<>();
            Srl.format(a, "rvg-a", false, (done, total) -> progress.add(new long[] {done, total}));
            assertEquals(0, progress.size(), "nothing is written without initialize");
            Srl.format(b, "rvg-b", true, (done, total) -> progress.add(new long[] {done, total}));
            long data = size - SrlHeader.DATA_START;
            assertEquals(2, progress.size(), "one call per 4 MiB piece: " + progress.size());
            assertEquals(4L << 20, progress.get(0)[0]);
            assertEquals(data, progress.get(1)[0]);
            assertEquals(data, progress.get(1)[1]);
            assertTrue(allocated(sparse) < size / 2, "plain format leaves the file sparse: " + allocated(sparse));
            assertTrue(allocated(filled) >= size - SrlHeader.DATA_START, "initialize allocates it: " + allocated(filled));
            Srl srl = Srl.open(b, () -> Long.MAX_VALUE);
            assertEquals(0, srl.recovery().records());
            SrlWriter w = srl.startWriter(1 << 20, 64, () -> { }, java.time.Clock.systemUTC());
            long lsn = w.append(RecordType.DATA, 0, 0, ByteBuffer.allocate(4096)).get(30, TimeUnit.SECONDS);
            assertEquals(0, lsn);
            w.close();
        }
    }

    private static long allocated(Path f) throws Exception {
        Process p = new ProcessBuilder("du", "-B1", f.toString()).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor(30, TimeUnit.SECONDS);
        return Long.parseLong(out.split("\\s+")[0]);
    }
}
