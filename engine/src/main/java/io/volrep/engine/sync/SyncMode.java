package io.volrep.engine.sync;

import java.util.Optional;

/**
 * How a synchronization treats the blocks: DIFF hashes both sides and copies the blocks that differ
 * (the default of syncrvg and syncvol); FULL copies every block, sending all-zero blocks as zero runs
 * ({@code -full}); VERIFY hashes both sides and only reports the blocks that differ ({@code -verify}).
 */
public enum SyncMode {
    DIFF("diff"), FULL("full"), VERIFY("verify");

    private final String word;

    SyncMode(String word) {
        this.word = word;
    }

    /** The word on the wire and in messages. */
    public String word() {
        return word;
    }

    /** Whether the target hashes its blocks for this mode. */
    boolean targetHashes() {
        return this != FULL;
    }

    /** Whether the target's volumes are written. */
    public boolean writes() {
        return this != VERIFY;
    }

    static Optional<SyncMode> of(String word) {
        for (SyncMode m : values()) {
            if (m.word.equals(word)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
