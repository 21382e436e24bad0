package io.volrep.engine.conf;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The block digest of difference-based synchronization ({@code vxrep.sync.digest}). Both hosts of a
 * session hash their blocks and compare the digests, so both must use the same one; the source names
 * its digest in the session's OPEN and the target refuses another.
 */
public enum SyncDigest {
    /**
     * XXH3 with 128 bits: not cryptographic, but several GB/s on one core, so hashing keeps up with the
     * disk. Two different blocks share a digest with odds of about 2^-128.
     */
    XXH3_128("xxh3-128", 16),
    /**
     * SHA-256: several times slower; for sites where someone who can write one side's volume must not
     * be able to craft a block that compares equal to the other side's.
     */
    SHA_256("sha-256", 32);

    private final String word;
    private final int bytes;

    SyncDigest(String word, int bytes) {
        this.word = word;
        this.bytes = bytes;
    }

    /** How the config and the sync protocol name it. */
    public String word() {
        return word;
    }

    /** Length of one digest. */
    public int bytes() {
        return bytes;
    }

    public static Optional<SyncDigest> of(String word) {
        return Arrays.stream(values()).filter(d -> d.word.equals(word)).findFirst();
    }

    /** The allowed words, for error messages: {@code xxh3-128, sha-256}. */
    public static String words() {
        return Arrays.stream(values()).map(SyncDigest::word).collect(Collectors.joining(", "));
    }
}
