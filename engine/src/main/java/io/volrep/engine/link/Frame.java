package io.volrep.engine.link;

import java.nio.ByteBuffer;

/**
 * One received frame: its type and its payload, already checked and inflated. The payload is either
 * the receiver's own array ({@code payload}) or, for a type read into the reader's reused buffer,
 * {@code borrowed} (position 0 to limit), valid until the next frame is read.
 */
record Frame(int type, byte[] payload, ByteBuffer borrowed, int wireBytes) {
    Frame(int type, byte[] payload, int wireBytes) {
        this(type, payload, null, wireBytes);
    }
}
