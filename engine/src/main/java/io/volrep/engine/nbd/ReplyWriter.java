package io.volrep.engine.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one thread that writes a connection's simple replies, in the order their requests complete.
 * Any thread may {@link #send}; after a socket error the remaining replies are dropped (the client
 * is gone) but still handed to {@code done} so their buffers and budget come back.
 */
final class ReplyWriter implements Runnable {
    private static final Logger LOG = Logger.getLogger(ReplyWriter.class.getName());

    /** One reply; {@code data} is sent only when {@code error} is 0. */
    record Reply(long handle, int error, ByteBuffer data, Request request) {
    }

    /** What the reader tracked for a request, given back to {@code done} once its reply is out. */
    record Request(int cost, ByteBuffer buffer) {
    }

    private static final Reply END = new Reply(0, 0, null, null);

    private final SocketChannel ch;
    private final String who;
    private final Consumer<Request> done;
    private final BlockingQueue<Reply> queue = new LinkedBlockingQueue<>();
    private final ByteBuffer header = ByteBuffer.allocateDirect(16);
    private volatile boolean broken;

    ReplyWriter(SocketChannel ch, String who, Consumer<Request> done) {
        this.ch = ch;
        this.who = who;
        this.done = done;
    }

    void send(Reply reply) {
        queue.add(reply);
    }

    /** Asks the thread to stop after the replies already queued. */
    void finish() {
        queue.add(END);
    }

    @Override
    public void run() {
        try {
            for (Reply r = queue.take(); r != END; r = queue.take()) {
                write(r);
                done.accept(r.request());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(Reply r) {
        if (broken) {
            return;
        }
        header.clear();
        header.putInt(NbdProtocol.SIMPLE_REPLY_MAGIC).putInt(r.error()).putLong(r.handle()).flip();
        try {
            if (r.error() == 0 && r.data() != null) {
                Wire.writeFully(ch, header, r.data());
            } else {
                Wire.writeFully(ch, header);
            }
        } catch (IOException e) {
            broken = true;
            LOG.log(Level.FINE, who + ": reply not sent, client gone", e);
        }
    }
}
