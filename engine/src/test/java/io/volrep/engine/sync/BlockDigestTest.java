package io.volrep.engine.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import io.volrep.engine.conf.SyncDigest;
import io.volrep.engine.io.NativeBlockDevice;

/**
 * Both block digests against published values and the reference tools ({@code xxhsum -H2} of xxhash
 * 0.8.1, {@code sha256sum}), on heap buffers and on the aligned direct buffers that volumes are read into.
 */
class BlockDigestTest {
    private static final int BLOCK = 64 * 1024;

    /** The test block: byte i is (31 i + 7) mod 256. */
    private static byte[] pattern() {
        byte[] b = new byte[BLOCK];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    private static String hex(SyncDigest d, ByteBuffer block) {
        return HexFormat.of().formatHex(BlockDigest.of(d).digest(block));
    }

    @ParameterizedTest
    @CsvSource({
            "XXH3_128, '', 99aa06d3014798d86001c324468d497f",
            "XXH3_128, ClickHouse, 14c27b7bef95d36fecf5520ca2daf030",
            "SHA_256, abc, ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"})
    void shortInputsGiveTheReferenceDigests(SyncDigest d, String text, String expected) {
        assertEquals(expected, hex(d, ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII))));
    }

    @ParameterizedTest
    @CsvSource({
            "XXH3_128, 2c7dfeea59d29a74cf188822048798b0",
            "SHA_256, ef4636928161808e87035fa51983821677527ccd9661991c5d0126a778b2268a"})
    void aBlockGivesTheReferenceDigestInAnyBuffer(SyncDigest d, String expected) {
        byte[] block = pattern();
        assertEquals(expected, hex(d, ByteBuffer.wrap(block)));

        // The block in the middle of a volume read buffer: only [position, limit) counts.
        ByteBuffer read = NativeBlockDevice.alignedBuffer(3 * BLOCK);
        read.position(BLOCK).put(block).position(BLOCK).limit(2 * BLOCK);
        assertEquals(expected, hex(d, read));
        assertEquals(BLOCK, read.position(), "position left alone");
        assertEquals(2 * BLOCK, read.limit(), "limit left alone");
    }

    @ParameterizedTest
    @EnumSource(SyncDigest.class)
    void equalBlocksAreEqualAndAnyChangedByteDiffers(SyncDigest d) {
        BlockDigest digest = BlockDigest.of(d);
        byte[] block = pattern();
        byte[] same = digest.digest(ByteBuffer.wrap(block));
        assertEquals(d.bytes(), same.length);
        ByteBuffer direct = ByteBuffer.allocateDirect(BLOCK).put(block).flip();
        assertArrayEquals(same, digest.digest(direct), "the same bytes, the same digest, however held");
        assertArrayEquals(same, BlockDigest.of(d).digest(ByteBuffer.wrap(block.clone())));

        for (int at : new int[] {0, 1, 7, 8, 4095, BLOCK / 2, BLOCK - 9, BLOCK - 1}) {
            byte[] changed = block.clone();
            changed[at] ^= 1;
            assertFalse(Arrays.equals(same, digest.digest(ByteBuffer.wrap(changed))), "bit 0 of byte " + at + " flipped");
        }
        assertFalse(Arrays.equals(same, digest.digest(ByteBuffer.wrap(block, 0, BLOCK - 1))), "one byte shorter");
        assertFalse(Arrays.equals(digest.digest(ByteBuffer.allocate(BLOCK)), digest.digest(ByteBuffer.allocate(BLOCK / 2))),
                "zero blocks of two lengths");
    }
}
