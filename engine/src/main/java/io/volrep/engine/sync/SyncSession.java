package io.volrep.engine.sync;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.link.FrameHandler;
import io.volrep.engine.link.PeerConnection;
import io.volrep.engine.peer.Peers;

/**
 * The source's end of one synchronization session with one target host: opens the session, hashes its
 * own volumes while the target hashes its (both on their pools), pairs the digest chunks as they stream
 * in and sends only the blocks that differ (diff), every block (full), or nothing (verify). Adjacent
 * blocks to send go out as one DATA frame of at most {@value #MAX_FRAME} bytes; all-zero blocks as ZERO
 * runs. Runs on the calling thread; replies arrive on the connection's reader thread.
 */
final class SyncSession {
    private static final Logger LOG = Logger.getLogger(SyncSession.class.getName());
    static final int MAX_FRAME = 256 * 1024;
    private static final long READY_SECONDS = 120;
    private static final long FINISH_MINUTES = 30;
    private static final int REMOTE_QUEUE = 4096;

    /** A chunk of the target's digests; {@link #END} when the connection closed. */
    private record Remote(int volume, long firstBlock, byte[][] digests) {
    }

    private static final Remote END = new Remote(-1, -1, new byte[0][]);

    private final Peers peers;
    private final ExecutorService pool;
    private final int window;
    private final SyncRequest request;
    private final SyncProgress progress;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Long> finished = new CompletableFuture<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final BlockingQueue<Remote> remote = new LinkedBlockingQueue<>(REMOTE_QUEUE);
    private PeerConnection connection;
    private Run run;
    private volatile boolean ended;
    private long consumed;
    private long dataSent;
    private final Object writtenMonitor = new Object();
    private volatile long dataWritten;

    SyncSession(Peers peers, ExecutorService pool, int window, SyncRequest request, SyncProgress progress) {
        this.peers = peers;
        this.pool = pool;
        this.window = window;
        this.request = request;
        this.progress = progress;
    }

    /** Runs the session; returns the bytes the target wrote. */
    long run() throws VolrepException, IOException, InterruptedException {
        connection = peers.connect(request.host(), SyncWire.CHANNEL_PREFIX + request.targetDg(), Map.of(), new Replies());
        try {
            connection.setBandwidthLimit(request.bandwidthBytesPerSecond());
            connection.send(SyncWire.OPEN, SyncWire.open(request.open()));
            await(ready, READY_SECONDS, TimeUnit.SECONDS, "accept the synchronization");
            SyncMode mode = request.mode();
            try (BlockHasher local = new BlockHasher(request.extents(), request.blockSize(), request.chunkBlocks(), pool, window,
                    mode == SyncMode.FULL ? Optional.empty() : Optional.of(request.digest()), mode != SyncMode.VERIFY)) {
                for (BlockHasher.Chunk k; (k = local.next()) != null; ) {
                    try {
                        if (mode == SyncMode.FULL) {
                            sendAll(k);
                        } else {
                            compare(k, take(k));
                        }
                    } catch (InternalError e) {
                        // HotSpot's answer to SIGBUS in mapped memory (BlockHasher maps volumes): the volume shrank.
                        throw new IOException("volume " + request.volumes().get(k.volume()).source()
                                + " shrank while it was read: " + e.getMessage(), e);
                    } finally {
                        k.release();
                    }
                    progress.scanned(k.length());
                    connection.send(SyncWire.CONSUMED, SyncWire.count(++consumed));
                }
                LOG.info("sync " + mode.word() + " to " + request.host() + ": this host " + local.rate());
            }
            connection.send(SyncWire.DONE, new byte[0]);
            long written = await(finished, FINISH_MINUTES, TimeUnit.MINUTES, "make the copy durable");
            connection.close("synchronization done");
            return written;
        } catch (IOException e) {
            String why = closed.isDone() ? closed.getNow("?") : e.getMessage();
            connection.close("synchronization failed: " + e.getMessage());
            throw new IOException(why, e);
        } finally {
            ended = true;
            connection.close("synchronization ended");
        }
    }

    private void sendAll(BlockHasher.Chunk k) throws IOException {
        run = null;
        for (int i = 0; i < k.count(); i++) {
            add(k, i);
        }
        flush(k);
    }

    private void compare(BlockHasher.Chunk k, Remote r) throws IOException {
        if (r.volume() != k.volume() || r.firstBlock() != k.firstBlock() || r.digests().length != k.count()) {
            throw new IOException("the target's digests for volume " + r.volume() + " block " + r.firstBlock()
                    + " do not pair with volume " + k.volume() + " block " + k.firstBlock());
        }
        run = null;
        String name = request.volumes().get(k.volume()).source();
        for (int i = 0; i < k.count(); i++) {
            if (Arrays.equals(k.digests()[i], r.digests()[i])) {
                flush(k);
                continue;
            }
            progress.differs(name, k.offset() + (long) i * k.blockSize(), k.blockLength(i));
            if (request.mode() == SyncMode.DIFF) {
                add(k, i);
            }
        }
        flush(k);
    }

    /** A run of adjacent blocks of one kind (data or zero) waiting to go out. */
    private record Run(int first, int count, boolean zero) {
    }

    private void add(BlockHasher.Chunk k, int i) throws IOException {
        boolean zero = k.zero(i);
        if (run != null && (run.zero() != zero || run.first() + run.count() != i
                || !zero && (run.count() + 1) * k.blockSize() > MAX_FRAME)) {
            flush(k);
        }
        run = run == null ? new Run(i, 1, zero) : new Run(run.first(), run.count() + 1, zero);
    }

    private void flush(BlockHasher.Chunk k) throws IOException {
        Run r = run;
        run = null;
        if (r == null) {
            return;
        }
        int from = r.first() * k.blockSize();
        int length = Math.min(k.length(), (r.first() + r.count()) * k.blockSize()) - from;
        long offset = k.offset() + from;
        if (r.zero()) {
            connection.send(SyncWire.ZERO, SyncWire.zero(k.volume(), offset, length));
            progress.sent(20);
        } else {
            awaitWindow();
            byte[] msg = SyncWire.data(k.volume(), offset, k.bytes(from, length));
            connection.send(SyncWire.DATA, msg);
            dataSent += length;
            progress.sent(msg.length);
        }
    }

    /** Waits while more than the window of DATA bytes is not yet written on the target. */
    private void awaitWindow() throws IOException {
        synchronized (writtenMonitor) {
            while (dataSent - dataWritten > SyncWire.DATA_WINDOW) {
                if (closed.isDone()) {
                    throw new IOException("connection to " + request.host() + " closed: " + closed.getNow("?"));
                }
                try {
                    writtenMonitor.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while sending to " + request.host());
                }
            }
        }
    }

    private Remote take(BlockHasher.Chunk k) throws IOException, InterruptedException {
        Remote r = remote.take();
        if (r == END) {
            remote.offer(END);
            throw new IOException("connection to " + request.host() + " closed: " + closed.getNow("?"));
        }
        return r;
    }

    private <T> T await(CompletableFuture<T> f, long time, TimeUnit unit, String what)
            throws VolrepException, IOException, InterruptedException {
        try {
            CompletableFuture.anyOf(f, closed).get(time, unit);
        } catch (ExecutionException e) {
            // f failed: reported below
        } catch (TimeoutException e) {
            throw new IOException(request.host() + " did not " + what + " within " + time + " " + unit.name().toLowerCase());
        }
        if (!f.isDone()) {
            throw new IOException("connection to " + request.host() + " closed before it would " + what + ": "
                    + closed.getNow("?"));
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof VolrepException v) {
                throw v;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Frames from the target, on the connection's reader thread. */
    private final class Replies implements FrameHandler {
        @Override
        public void onFrame(PeerConnection c, int type, byte[] payload) throws Exception {
            DataInputStream in = SyncWire.in(payload);
            switch (type) {
                case SyncWire.READY -> ready.complete(null);
                case SyncWire.REFUSED -> {
                    int code = in.readInt();
                    ready.completeExceptionally(new VolrepException(codeOf(code), "on " + request.host() + ": " + in.readUTF()));
                }
                case SyncWire.HASHES -> queue(readHashes(in, payload.length));
                case SyncWire.FINISHED -> finished.complete(in.readLong());
                case SyncWire.WRITTEN -> {
                    long n = in.readLong();
                    synchronized (writtenMonitor) {
                        dataWritten = Math.max(dataWritten, n);
                        writtenMonitor.notifyAll();
                    }
                }
                default -> throw new IOException("unexpected sync message type " + type + " from " + request.host());
            }
        }

        /** Waits while the comparison is behind; gives up once the session has ended. */
        private void queue(Remote r) throws InterruptedException {
            while (!remote.offer(r, 200, TimeUnit.MILLISECONDS)) {
                if (ended) {
                    return;
                }
            }
        }

        @Override
        public void onClose(PeerConnection c, String reason) {
            closed.complete(reason);
            synchronized (writtenMonitor) {
                writtenMonitor.notifyAll();
            }
            remote.clear();
            remote.offer(END);
        }
    }

    private Remote readHashes(DataInputStream in, int frameBytes) throws IOException {
        int volume = in.readInt();
        long first = in.readLong();
        int n = in.readInt();
        if (n < 0 || n > 4096) {
            throw new IOException("bad digest count " + n);
        }
        int size = request.digest().bytes();
        if (frameBytes != 16 + n * size) {
            // A target that predates the digest in OPEN ignores it and sends SHA-256.
            throw new IOException(request.host() + " sent " + n + " digests in " + (frameBytes - 16) + " bytes, not "
                    + request.digest().word() + " digests of " + size + " bytes: upgrade volrep on " + request.host());
        }
        byte[][] d = new byte[n][size];
        for (int i = 0; i < n; i++) {
            in.readFully(d[i]);
        }
        return new Remote(volume, first, d);
    }

    private static ErrorCode codeOf(int number) {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.number() == number) {
                return c;
            }
        }
        return ErrorCode.INTERNAL;
    }
}
