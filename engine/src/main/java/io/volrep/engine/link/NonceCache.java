package io.volrep.engine.link;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client nonces a listener saw most recently; a HELLO that repeats one is a replay. Bounded, so
 * an attacker can only push old nonces out, and then the proofs (which cover a fresh listener nonce)
 * still refuse a replay. Thread-safe.
 */
final class NonceCache {
    private final Map<ByteBuffer, Boolean> seen;

    NonceCache(int capacity) {
        this.seen = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records the nonce; false when it was already there. */
    synchronized boolean add(byte[] nonce) {
        return seen.put(ByteBuffer.wrap(nonce.clone()), Boolean.TRUE) == null;
    }
}
