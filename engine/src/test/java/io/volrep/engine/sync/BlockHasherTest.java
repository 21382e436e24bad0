package io.volrep.engine.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.volrep.engine.conf.SyncDigest;
import io.volrep.engine.io.NativeBlockDevice;

/**
 * Chunks hashed from a mapping of the volume (buffered devices) against chunks read with pread (direct
 * devices): the same digests and bytes; and no mapping outlives the hasher.
 */
class BlockHasherTest {
    private static final int BLOCK = 64 * 1024;
    private static final int CHUNK_BLOCKS = 16;
    @TempDir
    Path dir;
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** A volume of 5 MiB and a half block (a short last chunk and block), random bytes and one zero block. */
    private Path volume() throws IOException {
        byte[] image = new byte[5 * (1 << 20) + BLOCK / 2];
        new Random(3).nextBytes(image);
        java.util.Arrays.fill(image, 2 * BLOCK, 3 * BLOCK, (byte) 0);
        Path f = dir.resolve("vol");
        Files.write(f, image);
        return f;
    }

    private record Hashed(List<byte[]> digests, List<Boolean> zeros, byte[] bytes) {
    }

    private Hashed hash(Path f, boolean direct, SyncDigest d) throws Exception {
        List<byte[]> digests = new ArrayList<>();
        List<Boolean> zeros = new ArrayList<>();
        ByteBuffer all = ByteBuffer.allocate((int) Files.size(f));
        try (NativeBlockDevice dev = NativeBlockDevice.open(f, direct);
             BlockHasher h = new BlockHasher(List.of(new BlockHasher.Extent(dev, dev.size())), BLOCK, CHUNK_BLOCKS, pool, 3,
                     Optional.of(d), true)) {
            for (BlockHasher.Chunk k; (k = h.next()) != null; ) {
                for (int i = 0; i < k.count(); i++) {
                    digests.add(k.digests()[i]);
                    zeros.add(k.zero(i));
                }
                all.put(k.bytes(0, k.length()));
                k.release();
            }
        }
        return new Hashed(digests, zeros, all.array());
    }

    @ParameterizedTest
    @EnumSource(SyncDigest.class)
    void mappedAndReadChunksHashAlike(SyncDigest d) throws Exception {
        Path f = volume();
        Hashed mapped = hash(f, false, d);
        Hashed read = hash(f, true, d); // O_DIRECT: read with pread (or buffered where the file system refuses it)
        assertEquals(read.digests().size(), mapped.digests().size());
        for (int i = 0; i < read.digests().size(); i++) {
            assertArrayEquals(read.digests().get(i), mapped.digests().get(i), "block " + i);
        }
        assertEquals(read.zeros(), mapped.zeros());
        assertEquals(true, mapped.zeros().get(2));
        assertArrayEquals(Files.readAllBytes(f), mapped.bytes());
        assertArrayEquals(Files.readAllBytes(f), read.bytes());
    }

    /** Closed with chunks read ahead and one taken and not released: no mapping of the volume is left. */
    @Test
    void closingReleasesEveryMapping() throws Exception {
        Path f = volume();
        try (NativeBlockDevice dev = NativeBlockDevice.open(f, false)) {
            BlockHasher h = new BlockHasher(List.of(new BlockHasher.Extent(dev, dev.size())), BLOCK, CHUNK_BLOCKS, pool, 3,
                    Optional.of(SyncDigest.XXH3_128), true);
            BlockHasher.Chunk first = h.next();
            Thread.sleep(200); // the reads ahead finish, most likely: close() must release them as well
            assertTrue(mappings(f) >= 1, "the taken chunk is mapped"); // adjacent mappings may show as one
            first.release();
            h.close();
            assertEquals(0, mappings(f), "mappings of " + f + " after close");
        }
    }

    private static long mappings(Path f) throws IOException {
        String path = f.toRealPath().toString();
        try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(l -> l.endsWith(path)).count();
        }
    }

    /**
     * A volume file cut short after it was opened: the hasher's mapped reads past its new end are refused
     * with an IOException that says so, instead of faulting (SIGBUS) in the JVM.
     */
    @Test
    void aVolumeThatShrankIsRefusedNotMapped() throws Exception {
        Path f = dir.resolve("shrinks");
        Files.write(f, new byte[4 << 20]);
        try (NativeBlockDevice dev = NativeBlockDevice.open(f, false)) {
            try (var raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
                raf.setLength(1 << 20);
            }
            try (BlockHasher h = new BlockHasher(List.of(new BlockHasher.Extent(dev, dev.size())), 4096, 16, pool, 3,
                    Optional.of(SyncDigest.XXH3_128), false)) {
                for (int i = 0; i < 16; i++) {
                    h.next().release(); // the first MiB is still there
                }
                IOException e = assertThrows(IOException.class, h::next);
                assertTrue(e.getMessage().contains("it shrank"), e.getMessage());
            }
        }
    }
}
