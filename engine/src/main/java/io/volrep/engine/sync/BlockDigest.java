package io.volrep.engine.sync;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import net.openhft.hashing.Access;
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
        /*
         * The library's own path for direct buffers reads their address through sun.nio.ch, which Java 17
         * does not export to it (IllegalAccessError). Its ByteBuffer access reads eight bytes at a time
         * with getLong instead; on a little-endian view that measured within 10% of the raw-memory path.
         */
        private static final Access<ByteBuffer> BYTES = Access.toByteBuffer();
        private final long[] result = XXH3.newResultArray();

        @Override
        public byte[] digest(ByteBuffer block) {
            ByteBuffer le = block.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            XXH3.hash(le, BYTES, le.position(), le.remaining(), result);
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
