package io.volrep.engine.link;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One authenticated link to a peer daemon, carrying frames of upper-layer types in both directions.
 *
 * <p>Threads: a reader thread delivers frames to the {@link FrameHandler} in arrival order and
 * declares the peer dead after {@link LinkOptions#deadAfter()} of silence; a writer thread drains a
 * bounded send queue ({@link LinkOptions#sendQueueDepth()} frames), applies the bandwidth limit and
 * compression, and sends a heartbeat whenever it has been idle for
 * {@link LinkOptions#heartbeatInterval()}. {@link #send} is thread-safe: it queues the frame and
 * blocks only while the queue is full.
 *
 * <p>I/O: on a plain TCP link both threads use the socket's channel ({@link ChannelInput},
 * {@link ChannelOutput}), so direct payloads move with no copy in the JVM, and the silence limit is kept
 * by the {@link LinkWatchdog} (a channel read has no SO_TIMEOUT); with TLS they use the socket's streams.
 *
 * <p>Close: the first {@link #close} (or error) wins and its reason sticks. On {@link #close} the
 * writer sends the frames already queued and then CLOSE with the reason, lifting the bandwidth limit
 * and waiting at most {@value #CLOSE_GRACE_MILLIS} ms; on an error queued frames are dropped (the
 * upper layer's acknowledgements say what arrived). Then the socket is closed and
 * {@link FrameHandler#onClose} runs exactly once on the reader thread.
 */
public final class PeerConnection {
    public static final int MAX_USER_TYPE = LinkProtocol.MAX_USER_TYPE;
    static final long CLOSE_GRACE_MILLIS = 1000;
    private static final Logger LOG = Logger.getLogger(PeerConnection.class.getName());
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final Outgoing WAKE = new Outgoing(-1, EMPTY, null);
    private static final Outgoing HEARTBEAT = new Outgoing(LinkProtocol.HEARTBEAT, EMPTY, null);

    /**
     * A queued frame (the payload from position to limit, or made by {@code later} when the writer takes
     * the frame); {@code sent}, if any, runs once it is written.
     */
    private record Outgoing(int type, ByteBuffer payload, Supplier<ByteBuffer> later, Runnable sent) {
        Outgoing(int type, ByteBuffer payload, Runnable sent) {
            this(type, payload, null, sent);
        }

        ByteBuffer wire() {
            return later == null ? payload : later.get();
        }
    }

    private record Closing(String reason, boolean notice) {
    }

    private final Endpoint endpoint;
    private final HandshakeInfo info;
    private final LinkOptions options;
    private final BlockingQueue<Outgoing> queue;
    private final TokenBucket bucket = new TokenBucket(0, System::nanoTime);
    private final LinkStats stats = new LinkStats();
    private final AtomicReference<Closing> closing = new AtomicReference<>();
    private final AtomicBoolean notified = new AtomicBoolean();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private volatile boolean compress;
    private volatile FrameHandler handler;
    private volatile Thread reader;
    private volatile Thread writer;
    private FrameInput input;
    private FrameOutput output;
    /** Set when the watchdog closed the channel of a read that waited past {@link LinkOptions#deadAfter()}. */
    private volatile boolean timedOut;
    private ScheduledFuture<?> watchdog;

    PeerConnection(Endpoint endpoint, HandshakeInfo info, LinkOptions options) {
        this.endpoint = endpoint;
        this.info = info;
        this.options = options;
        this.queue = new ArrayBlockingQueue<>(options.sendQueueDepth() + 1);
        this.compress = options.compress();
    }

    /** Starts the reader and writer threads; frames queued before this go out first. */
    synchronized void start(FrameHandler frameHandler) throws IOException {
        if (writer != null) {
            throw new IllegalStateException(this + " already started");
        }
        ensureOpen();
        handler = frameHandler;
        endpoint.deadline().disarm();
        SocketChannel channel = endpoint.channel();
        if (channel != null) {
            // Plain TCP: frames go between the socket and (direct) buffers with no copy through a stream.
            // What the handshake's buffered stream already read comes first.
            ChannelInput in = new ChannelInput(channel, endpoint.in().readNBytes(endpoint.in().available()));
            input = in;
            output = new ChannelOutput(channel);
            watchdog = LinkWatchdog.watch(in, options.deadAfter().toNanos(), () -> {
                timedOut = true;
                endpoint.closeQuietly();
            });
        } else {
            input = FrameInput.of(endpoint.in());
            output = FrameOutput.of(endpoint.out());
            endpoint.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, options.deadAfter().toMillis()));
        }
        String name = info.localHost() + (info.dialed() ? "->" : "<-") + info.peerHost() + " " + info.channel();
        writer = new Thread(this::writeLoop, "vxrep-link-w " + name);
        reader = new Thread(this::readLoop, "vxrep-link-r " + name);
        writer.setDaemon(true);
        reader.setDaemon(true);
        writer.start();
        reader.start();
    }

    public HandshakeInfo info() {
        return info;
    }

    public String peerHost() {
        return info.peerHost();
    }

    public InetSocketAddress peerAddress() {
        return info.peerAddress();
    }

    public String channel() {
        return info.channel();
    }

    /**
     * Queues one frame; blocks while the send queue is full. The caller must not change
     * {@code payload} afterwards.
     *
     * @param type 0..{@value #MAX_USER_TYPE}; higher types belong to the link itself
     * @throws IOException when the connection is closed (the message gives the close reason)
     */
    public void send(int type, byte[] payload) throws IOException {
        send(type, ByteBuffer.wrap(payload), null);
    }

    /**
     * Queues one frame like {@link #send(int, byte[])}, and runs {@code sent} on the writer thread once
     * the payload is written to the socket: from then on the caller may reuse the array. {@code sent}
     * does not run for a frame the connection drops (it failed or closed first).
     */
    public void send(int type, byte[] payload, Runnable sent) throws IOException {
        send(type, ByteBuffer.wrap(payload), sent);
    }

    /**
     * Queues one frame whose payload is {@code payload} from its position to its limit (neither is
     * changed), like {@link #send(int, byte[], Runnable)}. A direct buffer goes from its own memory into
     * the socket on a plain TCP link: a synchronization copy reads its blocks into direct buffers for that.
     */
    public void send(int type, ByteBuffer payload, Runnable sent) throws IOException {
        checkType(type);
        checkSize(payload);
        enqueue(new Outgoing(type, payload.duplicate(), sent));
    }

    /**
     * Queues one frame whose payload {@code later} makes on the writer thread when the frame's turn comes,
     * so that a cumulative acknowledgement carries the newest value then: one such frame in the queue
     * answers everything that happened while it waited. {@code later} must be quick, must not block and
     * must return at most {@link LinkOptions#maxPayload()} bytes (more fails the connection).
     */
    public void sendLater(int type, Supplier<ByteBuffer> later) throws IOException {
        checkType(type);
        enqueue(new Outgoing(type, null, later, null));
    }

    private static void checkType(int type) {
        if (type < 0 || type > MAX_USER_TYPE) {
            throw new IllegalArgumentException(String.format("frame type 0x%04X is outside 0..0x%04X", type,
                    MAX_USER_TYPE));
        }
    }

    private void checkSize(ByteBuffer payload) {
        if (payload.remaining() > options.maxPayload()) {
            throw new IllegalArgumentException("payload of " + payload.remaining() + " bytes exceeds the limit of "
                    + options.maxPayload());
        }
    }

    private void enqueue(Outgoing o) throws IOException {
        try {
            do {
                ensureOpen();
            } while (!queue.offer(o, 100, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while queueing a frame for " + this);
        }
    }

    private void ensureOpen() throws IOException {
        Closing c = closing.get();
        if (c != null) {
            throw new IOException(this + " is closed: " + c.reason());
        }
    }

    /** Bytes per second this connection may send, 0 for no limit; takes effect at once. */
    public void setBandwidthLimit(long bytesPerSecond) {
        bucket.setRate(bytesPerSecond);
        LOG.info(this + " bandwidth limit " + (bytesPerSecond == 0 ? "none" : bytesPerSecond + " B/s"));
    }

    public long bandwidthLimit() {
        return bucket.rate();
    }

    /** Deflate later frames of at least 512 bytes when that makes them smaller. */
    public void setCompression(boolean on) {
        compress = on;
    }

    public LinkStats.Snapshot stats() {
        return stats.snapshot();
    }

    public boolean isOpen() {
        return closing.get() == null;
    }

    /** Why the connection closed, once it has. */
    public Optional<String> closeReason() {
        Closing c = closing.get();
        return c == null ? Optional.empty() : Optional.of(c.reason());
    }

    /** Completes with the close reason after {@link FrameHandler#onClose} has run. */
    public CompletableFuture<String> closeFuture() {
        return closed;
    }

    /**
     * Closes the connection, telling the peer {@code reason} when the link can still carry it.
     * Idempotent. Unless called from the reader thread, returns after {@link FrameHandler#onClose}
     * has run or after about twice {@value #CLOSE_GRACE_MILLIS} ms.
     */
    public void close(String reason) {
        closeWith(reason, true);
        Thread r = reader;
        if (r != null && r != Thread.currentThread()) {
            join(r);
        }
    }

    private void closeWith(String reason, boolean notice) {
        if (claimClose(reason, notice)) {
            finishClose(reason, notice);
        }
    }

    /** Whether this call is the one that closes the connection (for {@code reason}); false when it was already closing. */
    private boolean claimClose(String reason, boolean notice) {
        return closing.compareAndSet(null, new Closing(reason, notice));
    }

    private void finishClose(String reason, boolean notice) {
        LOG.info(this + " closing: " + reason);
        bucket.setRate(0); // queued frames drain at full speed so CLOSE can follow them
        if (!notice) {
            queue.clear();
        }
        queue.offer(WAKE);
        Thread w = writer;
        if (w == null) {
            endpoint.closeQuietly();
            notifyClosed();
            return;
        }
        if (w != Thread.currentThread()) {
            join(w);
        }
        endpoint.closeQuietly();
    }

    private static void join(Thread t) {
        try {
            t.join(CLOSE_GRACE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void notifyClosed() {
        if (!notified.compareAndSet(false, true)) {
            return;
        }
        String reason = closing.get().reason();
        FrameHandler h = handler;
        if (h != null) {
            try {
                h.onClose(this, reason);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, this + " close handler failed", e);
            }
        }
        closed.complete(reason);
    }

    private void readLoop() {
        FrameReader frames = new FrameReader(input, options.maxPayload());
        try {
            while (closing.get() == null) {
                if (!input.buffered() && !drained()) {
                    break;
                }
                Frame f = frames.read(type -> type <= MAX_USER_TYPE && handler.borrows(type));
                if (f == null) {
                    stats.error(LinkStats.ErrorKind.IO);
                    closeWith("connection closed by " + peerHost() + " without notice", false);
                    break;
                }
                stats.received(f.type(), f.wireBytes());
                if (!dispatch(f)) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            peerDead();
        } catch (FrameException e) {
            failed(e.kind(), "bad frame from " + peerHost() + ": " + e.getMessage(), true);
        } catch (IOException | RuntimeException e) {
            ioFailed("connection to " + peerHost() + " lost: " + e.getMessage());
        } finally {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            frames.close();
            closeWith("reader stopped", false);
            notifyClosed();
        }
    }

    /** An I/O error: the peer's death when the watchdog closed the channel under the call, else the link's loss. */
    private void ioFailed(String reason) {
        if (timedOut) {
            peerDead();
        } else {
            failed(LinkStats.ErrorKind.IO, reason, false);
        }
    }

    private void peerDead() {
        failed(LinkStats.ErrorKind.TIMEOUT, "no frame or heartbeat from " + peerHost() + " for "
                + options.deadAfter().toMillis() + " ms: peer declared dead", true);
    }

    /**
     * Counts and closes, unless the connection was already closing (then the error is its echo). Claimed
     * first: the reader and the writer both fail when the watchdog closes a dead peer's socket, and both
     * passed a check of {@code closing} before either closed (the timeout counted twice, once in 289 runs).
     */
    private void failed(LinkStats.ErrorKind kind, String reason, boolean notice) {
        if (claimClose(reason, notice)) {
            stats.error(kind);
            LOG.warning(this + " " + reason);
            finishClose(reason, notice);
        }
    }

    /** Handles one frame; false when the connection is to stop reading. */
    private boolean dispatch(Frame f) throws FrameException {
        if (f.type() == LinkProtocol.HEARTBEAT) {
            return true;
        }
        if (f.type() == LinkProtocol.CLOSE) {
            closeWith("closed by " + peerHost() + ": " + Handshake.string(f.payload()), false);
            return false;
        }
        if (f.type() > MAX_USER_TYPE) {
            throw new FrameException(LinkStats.ErrorKind.MALFORMED,
                    "unexpected link frame " + LinkProtocol.typeName(f.type()) + " after the handshake");
        }
        try {
            if (f.borrowed() != null) {
                handler.onBorrowed(this, f.type(), f.borrowed());
            } else {
                handler.onFrame(this, f.type(), f.payload());
            }
            return true;
        } catch (Exception e) {
            stats.error(LinkStats.ErrorKind.HANDLER);
            LOG.log(Level.WARNING, this + " frame handler failed on type " + LinkProtocol.typeName(f.type()), e);
            closeWith("frame handler failed on type " + LinkProtocol.typeName(f.type()) + ": " + e, true);
            return false;
        }
    }

    /** Tells the handler that what arrived is handled ({@link FrameHandler#onDrained}); false when it failed. */
    private boolean drained() {
        try {
            handler.onDrained(this);
            return true;
        } catch (Exception e) {
            stats.error(LinkStats.ErrorKind.HANDLER);
            LOG.log(Level.WARNING, this + " frame handler failed at the end of a burst", e);
            closeWith("frame handler failed at the end of a burst: " + e, true);
            return false;
        }
    }

    private void writeLoop() {
        FrameWriter frames = new FrameWriter();
        try {
            while (true) {
                Outgoing o = queue.poll(options.heartbeatInterval().toNanos(), TimeUnit.NANOSECONDS);
                Closing c = closing.get();
                if (c != null) {
                    finish(frames, c, o);
                    return;
                }
                if (o != WAKE) {
                    write(frames, o == null ? HEARTBEAT : o);
                    if (queue.isEmpty()) {
                        output.flush();
                    }
                }
            }
        } catch (IOException e) {
            ioFailed("sending to " + peerHost() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            closeWith("writer interrupted", false);
        } finally {
            frames.close();
            endpoint.closeQuietly();
        }
    }

    /** On an orderly close: sends what is still queued, then CLOSE with the reason. */
    private void finish(FrameWriter frames, Closing c, Outgoing polled) throws IOException, InterruptedException {
        if (!c.notice()) {
            return;
        }
        for (Outgoing o = polled; o != null; o = queue.poll()) {
            if (o != WAKE) {
                write(frames, o);
            }
        }
        write(frames, new Outgoing(LinkProtocol.CLOSE, ByteBuffer.wrap(Handshake.string(c.reason())), null));
        output.flush();
    }

    private void write(FrameWriter frames, Outgoing o) throws IOException, InterruptedException {
        ByteBuffer payload = o.wire();
        if (payload.remaining() > options.maxPayload()) { // only a payload made late can be: send checked the others
            throw new IOException("a frame of type " + LinkProtocol.typeName(o.type()) + " made a payload of "
                    + payload.remaining() + " bytes, above the limit of " + options.maxPayload());
        }
        FrameWriter.Encoded e = frames.encode(o.type(), payload, compress && o.type() <= MAX_USER_TYPE);
        int length = e.length();
        writeChunks(ByteBuffer.wrap(e.header()));
        writeChunks(e.wire());
        stats.sent(o.type(), length);
        if (o.sent() != null) {
            o.sent().run();
        }
    }

    private void writeChunks(ByteBuffer bytes) throws IOException, InterruptedException {
        if (bucket.rate() == 0) {
            output.write(bytes); // one system call for a large payload, not one per chunk
            return;
        }
        // Limited: in chunks, each sent as soon as the bucket allows (acquire returns at once if the limit is lifted).
        while (bytes.hasRemaining()) {
            int n = Math.min(TokenBucket.CHUNK_BYTES, bytes.remaining());
            bucket.acquire(n);
            output.write(bytes.slice(bytes.position(), n));
            bytes.position(bytes.position() + n);
            output.flush();
        }
    }

    @Override
    public String toString() {
        return "link[" + info.localHost() + (info.dialed() ? "->" : "<-") + info.describe() + "]";
    }
}
