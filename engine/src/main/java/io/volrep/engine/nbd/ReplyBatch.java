package io.volrep.engine.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;

/**
 * Simple replies gathered by one thread and sent with one gathering write, instead of one write
 * per reply. A connection has two: the reader's, for requests that completed while the reader
 * handled them, and the {@link ReplyWriter}'s, for requests that complete on other threads. The
 * shared {@code socket} lock keeps each batch, and so each reply's header and data, together on
 * the wire; simple replies may go out in any order, so the two batches need no other coordination.
 *
 * <p>Each reply's {@link Request} is handed to {@code done} once the batch is written (or dropped),
 * never before: a read reply's data buffer is in use until then. Not thread-safe: one thread per batch.
 */
final class ReplyBatch {
    /** One reply; {@code data} is sent only when {@code error} is 0. */
    record Reply(long handle, int error, ByteBuffer data, Request request) {
    }

    /** What the reader tracked for a request, given back to {@code done} once its reply is out. */
    record Request(int cost, ByteBuffer buffer) {
    }

    static final int MAX_REPLIES = 512;
    private static final int HEADER = 16;

    private final GatheringByteChannel ch;
    private final Lock socket;
    private final Consumer<Request> done;
    private final ByteBuffer headers = ByteBuffer.allocateDirect(MAX_REPLIES * HEADER);
    private final List<ByteBuffer> parts = new ArrayList<>();
    private final List<Request> requests = new ArrayList<>();
    private int cut;

    ReplyBatch(GatheringByteChannel ch, Lock socket, Consumer<Request> done) {
        this.ch = ch;
        this.socket = socket;
        this.done = done;
    }

    boolean isEmpty() {
        return requests.isEmpty();
    }

    /** True when {@link #add} must wait for a {@link #flush} or {@link #drop}. */
    boolean isFull() {
        return requests.size() == MAX_REPLIES;
    }

    void add(Reply r) {
        if (isFull()) {
            throw new IllegalStateException("reply batch holds " + MAX_REPLIES + " replies already: flush it first");
        }
        headers.putInt(NbdProtocol.SIMPLE_REPLY_MAGIC).putInt(r.error()).putLong(r.handle());
        if (r.error() == 0 && r.data() != null) {
            cutHeaders();
            parts.add(r.data());
        }
        requests.add(r.request());
    }

    /** Writes every reply added so far; their requests are given back also when the write fails. */
    void flush() throws IOException {
        if (isEmpty()) {
            return;
        }
        cutHeaders();
        ByteBuffer[] bufs = parts.toArray(ByteBuffer[]::new);
        try {
            socket.lock();
            try {
                Wire.writeFully(ch, bufs);
            } finally {
                socket.unlock();
            }
        } finally {
            drop();
        }
    }

    /** Forgets the replies without writing them (the client is gone) and gives their requests back. */
    void drop() {
        for (Request q : requests) {
            done.accept(q);
        }
        requests.clear();
        parts.clear();
        headers.clear();
        cut = 0;
    }

    /** Adds the headers put since the last cut to the parts, as one buffer. */
    private void cutHeaders() {
        if (headers.position() > cut) {
            parts.add(headers.slice(cut, headers.position() - cut));
            cut = headers.position();
        }
    }
}
