package io.volrep.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NativeBlockDeviceTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void alignedAndUnalignedIoRoundTrip(boolean direct) throws IOException {
        Path f = dir.resolve("vol");
        NativeBlockDevice.createSparseFile(f, 1 << 20);
        Random rnd = new Random(7);
        byte[] image = new byte[1 << 20];
        try (NativeBlockDevice dev = NativeBlockDevice.open(f, direct)) {
            assertEquals(1 << 20, dev.size());
            for (int i = 0; i < 200; i++) {
                int len = 1 + rnd.nextInt(20000);
                int off = rnd.nextInt(image.length - len);
                byte[] data = new byte[len];
                rnd.nextBytes(data);
                System.arraycopy(data, 0, image, off, len);
                ByteBuffer src = rnd.nextBoolean() ? ByteBuffer.wrap(data) : direct(data);
                dev.write(off, src);
                assertEquals(0, src.remaining());
            }
            dev.sync();
            ByteBuffer all = ByteBuffer.allocate(image.length);
            dev.read(0, all);
            assertArrayEquals(image, all.array());
            ByteBuffer part = ByteBuffer.allocateDirect(777);
            dev.read(12345, part);
            part.flip();
            byte[] got = new byte[777];
            part.get(got);
            byte[] want = new byte[777];
            System.arraycopy(image, 12345, want, 0, 777);
            assertArrayEquals(want, got);
        }
    }

    /**
     * Heap buffers (and, with O_DIRECT, direct ones at unaligned addresses) go through an aligned staging
     * buffer cached per thread up to 1 MiB: sizes around and past it, sector-aligned and not, and unaligned
     * read-modify-writes that reuse the same staging buffer.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void buffersOfEverySizeRoundTripThroughTheStagingBuffer(boolean direct) throws IOException {
        Path f = dir.resolve("vol");
        NativeBlockDevice.createSparseFile(f, 4 << 20);
        Random rnd = new Random(11);
        byte[] image = new byte[4 << 20];
        try (NativeBlockDevice dev = NativeBlockDevice.open(f, direct)) {
            int a = NativeBlockDevice.ALIGNMENT;
            for (int len : new int[] {(2 << 20) + 1, 1 << 20, 100, (1 << 20) + 1, 70_000, 1, 1 << 20, 16 * a, a, 2 << 20}) {
                boolean aligned = len % a == 0;
                int off = aligned ? a * rnd.nextInt((image.length - len) / a) : rnd.nextInt(image.length - len);
                byte[] data = new byte[len];
                rnd.nextBytes(data);
                System.arraycopy(data, 0, image, off, len);
                dev.write(off, aligned && len % 2 == 0 ? unalignedDirect(data) : ByteBuffer.wrap(data));
                ByteBuffer back = ByteBuffer.allocate(len);
                dev.read(off, back);
                assertArrayEquals(data, back.array(), "heap read back of " + len + " bytes at " + off);
                ByteBuffer backDirect = unalignedDirect(new byte[len]).clear();
                backDirect.limit(len);
                dev.read(off, backDirect);
                backDirect.flip();
                byte[] got = new byte[len];
                backDirect.get(got);
                assertArrayEquals(data, got, "direct read back of " + len + " bytes at " + off);
            }
            ByteBuffer all = ByteBuffer.allocate(image.length);
            dev.read(0, all);
            assertArrayEquals(image, all.array());
        }
    }

    /** A direct buffer holding {@code data} at an address one byte past an O_DIRECT boundary. */
    private static ByteBuffer unalignedDirect(byte[] data) {
        ByteBuffer b = NativeBlockDevice.alignedBuffer(data.length + 1).position(1).slice();
        b.put(data).flip();
        return b;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void ioOutsideTheDeviceIsRefused(boolean direct) throws IOException {
        Path f = dir.resolve("small");
        NativeBlockDevice.createSparseFile(f, 8192);
        try (NativeBlockDevice dev = NativeBlockDevice.open(f, direct)) {
            assertThrows(IOException.class, () -> dev.write(8000, ByteBuffer.allocate(500)));
            assertThrows(IOException.class, () -> dev.read(-1, ByteBuffer.allocate(1)));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void unalignedWriteLeavesTheNeighbouringBlocksAlone(boolean direct) throws IOException {
        Path f = dir.resolve("neighbours");
        NativeBlockDevice.createSparseFile(f, 64 * 1024);
        byte[] ff = new byte[64 * 1024];
        java.util.Arrays.fill(ff, (byte) 0xff);
        java.nio.file.Files.write(f, ff);
        try (NativeBlockDevice dev = NativeBlockDevice.open(f, direct)) {
            for (int i = 0; i < 50; i++) { // the bounce buffer's own alignment varies between allocations
                dev.write(4096 + 10, ByteBuffer.wrap(new byte[] {1, 2, 3}));
            }
            dev.sync();
        }
        byte[] after = java.nio.file.Files.readAllBytes(f);
        ff[4106] = 1;
        ff[4107] = 2;
        ff[4108] = 3;
        assertArrayEquals(ff, after);
    }

    @org.junit.jupiter.api.Test
    void alignedBufferHasExactlyTheCapacityAskedForAndAnAlignedAddress() {
        for (int n : new int[] {1, 224, 4095, 4096, 4097, 8192, 100_000}) {
            for (int i = 0; i < 20; i++) {
                ByteBuffer b = NativeBlockDevice.alignedBuffer(n);
                assertEquals(n, b.capacity(), "capacity for " + n);
                assertEquals(n, b.limit());
                assertEquals(0, b.alignmentOffset(0, NativeBlockDevice.ALIGNMENT), "address alignment for " + n);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void missingFileIsAnError() {
        IOException e = assertThrows(IOException.class, () -> NativeBlockDevice.open(dir.resolve("nope"), false));
        assertEquals(dir.resolve("nope") + ": no such file or device", e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void platformFlagsAreKnownForLinuxAndAix() {
        assertEquals(0x4000, PlatformFlags.forPlatform("Linux", "amd64").oDirect());
        assertEquals(0x10000, PlatformFlags.forPlatform("Linux", "aarch64").oDirect());
        assertEquals(0x08000000, PlatformFlags.forPlatform("AIX", "ppc64").oDirect());
        assertEquals(false, PlatformFlags.forPlatform("SunOS", "sparcv9").supportsDirect());
    }

    private static ByteBuffer direct(byte[] data) {
        ByteBuffer b = ByteBuffer.allocateDirect(data.length);
        b.put(data).flip();
        return b;
    }

    /**
     * A mapped range holds what reads return, writes not yet synced included, from an unaligned offset too;
     * it refuses use after close, and a direct device maps nothing (its writes bypass the cache a mapping reads).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void mappedRangesSeeEveryCompletedWrite(boolean direct) throws IOException {
        Path f = dir.resolve("vol");
        NativeBlockDevice.createSparseFile(f, 1 << 20);
        byte[] image = new byte[1 << 20];
        new Random(5).nextBytes(image);
        try (NativeBlockDevice dev = NativeBlockDevice.open(f, direct)) {
            dev.write(0, ByteBuffer.wrap(image)); // not synced: dirty in the page cache when buffered
            var mapped = dev.map(12345, 300_000);
            if (dev.isDirect()) {
                assertEquals(java.util.Optional.empty(), mapped);
                return;
            }
            MappedRegion m = mapped.orElseThrow();
            ByteBuffer b = m.bytes();
            assertEquals(300_000, b.remaining());
            byte[] got = new byte[b.remaining()];
            b.get(got);
            assertArrayEquals(java.util.Arrays.copyOfRange(image, 12345, 312345), got);
            dev.write(20_000, ByteBuffer.wrap(new byte[] {42}));
            assertEquals(42, m.bytes().get(20_000 - 12345), "a write after mapping shows through");
            m.close();
            m.close();
            assertThrows(IllegalStateException.class, m::bytes);
            assertThrows(IOException.class, () -> dev.map((1 << 20) - 10, 11), "past the end");
        }
    }
}
