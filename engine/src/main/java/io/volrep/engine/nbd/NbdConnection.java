package io.volrep.engine.nbd;

import static io.volrep.engine.nbd.NbdProtocol.*;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.volrep.engine.io.BufferPool;
import io.volrep.engine.nbd.ReplyBatch.Reply;
import io.volrep.engine.nbd.ReplyBatch.Request;

/**
 * One client connection: its reader thread runs the handshake, then parses requests out of an
 * {@link InputBuffer} and hands them to the export. A request whose future is already complete when
 * the export returns (a write to a volume in no RVG lands in the page cache on this thread, a
 * refusal) is answered by the reader itself: its reply joins the reader's {@link ReplyBatch}, which
 * goes out before the reader next reads the socket or waits for budget. Requests that complete on
 * other threads are answered by a {@link ReplyWriter} thread, which batches the replies that are
 * ready together. Replies go out of order, matched by handle.
 *
 * <p>Payload memory in flight is bounded by a byte budget: the reader stops reading requests while
 * it is spent. A protocol violation closes only this connection. Thread contract: {@link #start}
 * and {@link #close} from any thread; the rest is the reader's.
 */
final class NbdConnection {
    private static final Logger LOG = Logger.getLogger(NbdConnection.class.getName());
    /** Budget charged for a request without payload, so replies cannot pile up unbounded. */
    private static final int MIN_COST = 4096;
    private static final int ZERO_CHUNK = 1 << 20;
    private static final int REQUEST_SIZE = 28;
    /** Holds 31 pipelined 4 KiB writes with their headers; larger payloads bypass it. */
    private static final int INPUT_BUFFER = 128 * 1024;

    private final SocketChannel ch;
    private final String client;
    private final ExportCatalog catalog;
    private final NbdServerConfig config;
    private final Runnable onEnd;
    private final BufferPool pool;
    private final int budget;
    private final Semaphore inFlight;
    private final Thread reader;
    private volatile String exportName = "-";
    private volatile boolean closing;
    private final Lock socketWrites = new ReentrantLock();
    private final ReplyBatch inline;
    private ReplyWriter writer;
    private ByteBuffer zeroes;
    private boolean refusalLogged;

    NbdConnection(SocketChannel ch, String client, ExportCatalog catalog, NbdServerConfig config, Runnable onEnd) {
        this.ch = ch;
        this.client = client;
        this.catalog = catalog;
        this.config = config;
        this.onEnd = onEnd;
        this.budget = (int) Math.min(Integer.MAX_VALUE, config.inFlightBytes());
        this.inFlight = new Semaphore(budget);
        this.pool = new BufferPool(MAX_BLOCK, Math.min(config.inFlightBytes(), 2L * MAX_BLOCK));
        this.inline = new ReplyBatch(ch, socketWrites, this::requestDone);
        this.reader = new Thread(this::run, "nbd-" + client);
        this.reader.setDaemon(true);
    }

    void start() {
        reader.start();
    }

    /** Closes the socket; in-flight requests finish (bounded by the drain timeout), then the export closes. */
    void close() {
        closing = true;
        try {
            ch.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, this + ": close", e);
        }
        reader.interrupt();
    }

    boolean join(long millis) throws InterruptedException {
        reader.join(millis);
        return !reader.isAlive();
    }

    private void run() {
        try {
            Handshake.Chosen chosen = new Handshake(ch, catalog, client).run();
            if (chosen != null) {
                exportName = chosen.name();
                LOG.info(() -> this + ": serving " + chosen.export().size() + " bytes, transmission flags 0x"
                        + Integer.toHexString(chosen.transmissionFlags()));
                transmission(chosen.export());
            }
        } catch (ClosedChannelException e) {
            LOG.log(closing ? Level.FINE : Level.INFO, this + ": connection closed");
        } catch (EOFException e) {
            LOG.info(() -> this + ": client went away mid-message: " + e.getMessage());
        } catch (IOException e) {
            boolean inHandshake = exportName.equals("-"); // clients often hang up right after OPT_LIST/OPT_ABORT
            LOG.log(closing ? Level.FINE : inHandshake ? Level.INFO : Level.WARNING, this + ": " + e,
                    inHandshake ? null : e);
        } catch (InterruptedException e) {
            LOG.fine(() -> this + ": interrupted");
        } finally {
            closeChannel();
            onEnd.run();
        }
    }

    private void transmission(Export export) throws IOException, InterruptedException {
        writer = new ReplyWriter(ch, socketWrites, toString(), this::requestDone);
        Thread writerThread = new Thread(writer, "nbd-" + client + "-replies");
        writerThread.setDaemon(true);
        writerThread.start();
        try {
            requestLoop(export, new InputBuffer(ch, INPUT_BUFFER, inline::flush));
            inline.flush();
        } finally {
            inline.drop(); // empty unless the loop failed: then the client is gone
            drain(writerThread);
            try {
                export.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, this + ": closing the export failed", e);
            }
        }
    }

    private void requestLoop(Export export, InputBuffer in) throws IOException, InterruptedException {
        while (true) {
            if (inline.isFull()) {
                inline.flush();
            }
            if (!in.await(REQUEST_SIZE)) {
                LOG.info(() -> this + ": client closed the connection without NBD_CMD_DISC");
                return;
            }
            int magic = in.getInt();
            if (magic != REQUEST_MAGIC) {
                LOG.warning(() -> this + ": bad request magic 0x" + Integer.toHexString(magic) + ", closing");
                return;
            }
            int flags = Short.toUnsignedInt(in.getShort());
            int type = Short.toUnsignedInt(in.getShort());
            long handle = in.getLong();
            long offset = in.getLong();
            long length = Integer.toUnsignedLong(in.getInt());
            if (!dispatch(export, in, type, flags, handle, offset, length)) {
                return;
            }
        }
    }

    /** Starts one request; false when the client asked to disconnect. */
    private boolean dispatch(Export export, InputBuffer in, int type, int flags, long handle, long offset,
                             long length) throws IOException, InterruptedException {
        switch (type) {
            case CMD_READ:
                read(export, handle, offset, length);
                return true;
            case CMD_WRITE:
                return write(export, in, handle, offset, length, (flags & CMD_FLAG_FUA) != 0);
            case CMD_FLUSH:
                track(handle, admit(0), export.flush(), "FLUSH", 0, 0, null);
                return true;
            case CMD_WRITE_ZEROES:
                writeZeroes(export, handle, offset, length, (flags & CMD_FLAG_FUA) != 0);
                return true;
            case CMD_DISC:
                LOG.info(() -> this + ": client disconnected (NBD_CMD_DISC)");
                return false;
            default:
                LOG.warning(() -> this + ": unsupported " + commandName(type) + ", replying EINVAL");
                refuse(handle, admit(0), EINVAL);
                return true;
        }
    }

    private void read(Export export, long handle, long offset, long length) throws IOException, InterruptedException {
        int err = length > MAX_BLOCK ? EINVAL : rangeError(export, offset, length);
        if (err != 0) {
            logRefused("READ", offset, length, err);
            refuse(handle, admit(0), err);
            return;
        }
        Request req = admit((int) length);
        ByteBuffer buf = req.buffer();
        CompletableFuture<Void> f = export.read(offset, buf).thenRun(() -> {
            if (buf.hasRemaining()) {
                throw new IllegalStateException("export left " + buf.remaining() + " of " + length + " bytes unread");
            }
            buf.flip();
        });
        track(handle, req, f, "READ", offset, length, buf);
    }

    private boolean write(Export export, InputBuffer in, long handle, long offset, long length, boolean fua)
            throws IOException, InterruptedException {
        if (length > MAX_BLOCK) {
            LOG.warning(() -> this + ": WRITE of " + length + " bytes exceeds the " + MAX_BLOCK
                    + " byte maximum; discarding its payload and replying EINVAL");
            in.skip(length);
            refuse(handle, admit(0), EINVAL);
            return true;
        }
        if (length == 0) {
            logRefused("WRITE", offset, length, EINVAL);
            refuse(handle, admit(0), EINVAL);
            return true;
        }
        Request req = admit((int) length);
        try {
            in.readFully(req.buffer());
        } catch (IOException e) {
            requestDone(req);
            throw e;
        }
        req.buffer().flip();
        int err = writeError(export, offset, length);
        if (err != 0) {
            refuse(handle, req, err);
            return true;
        }
        track(handle, req, export.write(offset, req.buffer(), fua), fua ? "WRITE+FUA" : "WRITE", offset, length, null);
        return true;
    }

    private void writeZeroes(Export export, long handle, long offset, long length, boolean fua)
            throws IOException, InterruptedException {
        Request req = admit(0);
        int err = writeError(export, offset, length);
        if (err != 0) {
            refuse(handle, req, err);
            return;
        }
        if (zeroes == null) {
            zeroes = ByteBuffer.allocateDirect(ZERO_CHUNK).asReadOnlyBuffer();
        }
        CompletableFuture<Void> f = CompletableFuture.completedFuture(null);
        for (long done = 0; done < length; done += ZERO_CHUNK) {
            long at = offset + done;
            int n = (int) Math.min(ZERO_CHUNK, length - done);
            f = f.thenCompose(v -> export.write(at, zeroes.duplicate().limit(n), false));
        }
        if (fua) {
            f = f.thenCompose(v -> export.flush());
        }
        track(handle, req, f, "WRITE_ZEROES", offset, length, null);
    }

    /** EPERM when writes are refused now, EINVAL when out of range, else 0. */
    private int writeError(Export export, long offset, long length) {
        var refusal = export.writeRefusal();
        if (refusal.isPresent()) {
            if (!refusalLogged) {
                refusalLogged = true;
                LOG.info(() -> this + ": write refused with EPERM: " + refusal.get());
            }
            return EPERM;
        }
        int err = rangeError(export, offset, length);
        if (err != 0) {
            logRefused("WRITE", offset, length, err);
        }
        return err;
    }

    /** EINVAL for an empty request or one reaching outside the export, else 0. */
    private static int rangeError(Export export, long offset, long length) {
        return length == 0 || offset < 0 || length > export.size() - offset ? EINVAL : 0;
    }

    private void logRefused(String op, long offset, long length, int err) {
        LOG.warning(() -> this + ": " + op + " of " + length + " bytes at offset " + Long.toUnsignedString(offset)
                + " refused with " + errnoName(err));
    }

    /**
     * Waits for budget, then allocates the payload buffer (none for 0). The reader's own replies go
     * out before it waits: their budget comes back only once they are written.
     */
    private Request admit(int payload) throws IOException, InterruptedException {
        int cost = Math.max(payload, MIN_COST);
        if (!inFlight.tryAcquire(cost)) {
            inline.flush();
            inFlight.acquire(cost);
        }
        return new Request(cost, payload == 0 ? null : pool.acquire(payload));
    }

    private void requestDone(Request req) {
        if (req.buffer() != null) {
            pool.release(req.buffer());
        }
        inFlight.release(req.cost());
    }

    private void refuse(long handle, Request req, int errno) {
        inline.add(new Reply(handle, errno, null, req));
    }

    /**
     * Replies (with {@code data} on success) when {@code f} completes: from the reader when it is
     * complete already, else from the reply writer.
     */
    private void track(long handle, Request req, CompletableFuture<Void> f, String op, long offset, long length,
                       ByteBuffer data) {
        if (f.isDone()) { // whenComplete runs right here, on the reader
            f.whenComplete((v, t) -> inline.add(reply(handle, req, t, op, offset, length, data)));
        } else {
            f.whenComplete((v, t) -> writer.send(reply(handle, req, t, op, offset, length, data)));
        }
    }

    private Reply reply(long handle, Request req, Throwable t, String op, long offset, long length, ByteBuffer data) {
        if (t == null) {
            return new Reply(handle, 0, data, req);
        }
        NbdException e = NbdException.of(t);
        Level level = e.errno() == EPERM || closing ? Level.FINE : Level.WARNING;
        LOG.log(level, () -> this + ": " + op + " of " + length + " bytes at offset " + offset + " failed: "
                + e.getMessage());
        return new Reply(handle, e.errno(), null, req);
    }

    /** Lets in-flight requests finish and their replies go out, bounded by the drain timeout. */
    private void drain(Thread writerThread) throws InterruptedException {
        long timeoutMs = config.drainTimeout().toMillis();
        boolean interrupted = Thread.interrupted();
        boolean drained = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            try {
                drained = inFlight.tryAcquire(budget, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                break;
            } catch (InterruptedException e) {
                interrupted = true; // a server close: in-flight requests still get their time to finish
            }
        }
        if (drained) {
            inFlight.release(budget);
        } else {
            LOG.warning(() -> this + ": requests still in flight after " + timeoutMs + " ms; closing anyway");
        }
        writer.finish();
        if (!interrupted) {
            writerThread.join(timeoutMs);
        }
        closeChannel();
        writerThread.join(timeoutMs);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeChannel() {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, this + ": close", e);
        }
    }

    @Override
    public String toString() {
        return "nbd[" + client + " export " + exportName + "]";
    }
}
