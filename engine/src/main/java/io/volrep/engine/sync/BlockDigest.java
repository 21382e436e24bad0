package io.volrep.engine.sync;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import com.kenai.jffi.MemoryIO;
import net.openhft.hashing.LongTupleHashFunction;

import io.volrep.engine.conf.SyncDigest;

/**
 * The digest of one block of a synchronization, with the algorithm of {@code vxrep.sync.digest}.
 * Not thread-safe (SHA-256 keeps state between calls): one per hashing task.
 */
sealed interface BlockDigest permits BlockDigest.Xxh3, BlockDigest.Sha256 {

    /** The digest of bytes {@code [position, limit)} of {@code block}; leaves its position and limit alone. */
    byte[] digest(ByteBuffer block);

    static BlockDigest of(SyncDigest algorithm) {
        return switch (algorithm) {
            case XXH3_128 -> new Xxh3();
            case SHA_256 -> new Sha256();
        };
    }

    /**
     * XXH3-128 from zero-allocation-hashing, in the canonical byte order (high 64 bits first, big-endian),
     * so a digest reads as xxhsum and the other xxHash tools print it.
     */
    final class Xxh3 implements BlockDigest {
        private static final LongTupleHashFunction XXH3 = LongTupleHashFunction.xx128();
        private final long[] result = XXH3.newResultArray();

        /*
         * Memory by address, arrays by offset: both through the library's one Unsafe access. Its
         * ByteBuffer access would see several buffer classes (allocated, mapped read-only, heap), and once
         * it had, the hash of every one of them ran several times slower (the JIT's calls turn
         * megamorphic). The library's own path for direct buffers reads their address through sun.nio.ch,
         * which Java 17 does not export to it; jffi reads it through JNI.
         */
        @Override
        public byte[] digest(ByteBuffer block) {
            if (block.isDirect()) {
                XXH3.hashMemory(MemoryIO.getInstance().getDirectBufferAddress(block) + block.position(), block.remaining(), result);
            } else if (block.hasArray()) {
                XXH3.hashBytes(block.array(), block.arrayOffset() + block.position(), block.remaining(), result);
            } else {
                byte[] copy = new byte[block.remaining()];
                block.duplicate().get(copy);
                XXH3.hashBytes(copy, result);
            }
            return ByteBuffer.allocate(16).putLong(result[1]).putLong(result[0]).array();
        }
    }

    /** SHA-256 from the JDK. */
    final class Sha256 implements BlockDigest {
        private final MessageDigest md;

        Sha256() {
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no SHA-256", e);
            }
        }

        @Override
        public byte[] digest(ByteBuffer block) {
            md.update(block.duplicate());
            return md.digest();
        }
    }
}
