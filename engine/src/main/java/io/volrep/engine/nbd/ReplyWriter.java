package io.volrep.engine.nbd;

import java.io.IOException;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.volrep.engine.nbd.ReplyBatch.Reply;
import io.volrep.engine.nbd.ReplyBatch.Request;

/**
 * The thread that writes the replies of requests completed on other threads (reads on the I/O
 * pool, FUA writes, flushes, the RVG write path), in the order they complete. Replies that are
 * ready together go out in one {@link ReplyBatch}. Any thread may {@link #send}; after a socket
 * error the remaining replies are dropped (the client is gone) but still handed to {@code done} so
 * their buffers and budget come back.
 */
final class ReplyWriter implements Runnable {
    private static final Logger LOG = Logger.getLogger(ReplyWriter.class.getName());
    private static final Reply END = new Reply(0, 0, null, null);

    private final String who;
    private final BlockingQueue<Reply> queue = new LinkedBlockingQueue<>();
    private final ReplyBatch batch;
    private boolean broken;

    ReplyWriter(GatheringByteChannel ch, Lock socket, String who, Consumer<Request> done) {
        this.who = who;
        this.batch = new ReplyBatch(ch, socket, done);
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
        List<Reply> ready = new ArrayList<>();
        try {
            while (true) {
                ready.add(queue.take());
                queue.drainTo(ready);
                for (Reply r : ready) {
                    if (r == END) {
                        write();
                        return;
                    }
                    if (batch.isFull()) {
                        write();
                    }
                    batch.add(r);
                }
                ready.clear();
                write();
            }
        } catch (InterruptedException e) {
            batch.drop();
            Thread.currentThread().interrupt();
        }
    }

    private void write() {
        if (broken) {
            batch.drop();
            return;
        }
        try {
            batch.flush();
        } catch (IOException e) {
            broken = true;
            LOG.log(Level.FINE, who + ": replies not sent, client gone", e);
        }
    }
}
