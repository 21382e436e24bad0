package io.volrep.engine.nbd;

import static io.volrep.engine.nbd.NbdProtocol.*;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A pipelined NBD client: any number of requests in flight, each a future completed when its
 * reply arrives (in whatever order the server sends them). A reply with an error completes the
 * future exceptionally with an {@link NbdException} carrying the server's errno; a lost
 * connection fails every pending request with an {@link IOException}. A future completing normally
 * means the server acknowledged that request.
 *
 * <p>Thread-safe: requests may be issued from any thread, including from completion callbacks,
 * which run on this client's single completion thread (never on the socket reader, so a callback
 * that issues the next request cannot stall reply reading). Issuing a request blocks while the
 * socket's send buffer is full, which is how a server's in-flight limit pushes back on a caller.
 */
public final class NbdClient implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NbdClient.class.getName());
    private static final long CLOSE_TIMEOUT_MS = 30_000;

    private record Pending(CompletableFuture<Void> future, ByteBuffer dst, String what) {
    }

    private final NbdUri uri;
    private final SocketChannel ch;
    private final long size;
    private final int flags;
    private final int maxBlock;
    private final Object sendLock = new Object();
    private final ByteBuffer sendHeader = ByteBuffer.allocateDirect(28);
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong handles = new AtomicLong();
    private final ExecutorService completions;
    private final Thread replyReader;
    private volatile IOException dead;
    private volatile boolean closing;

    private NbdClient(NbdUri uri, SocketChannel ch, ClientHandshake.Result hs) {
        this.uri = uri;
        this.ch = ch;
        this.size = hs.size();
        this.flags = hs.transmissionFlags();
        this.maxBlock = hs.maxBlock();
        String name = "nbd-client-" + uri.export();
        this.completions = Executors.newSingleThreadExecutor(r -> daemon(r, name + "-completions"));
        this.replyReader = daemon(this::readReplies, name + "-replies");
        replyReader.start();
    }

    /** Connects and selects the export with NBD_OPT_GO. */
    public static NbdClient connect(String uri) throws IOException {
        return connect(NbdUri.parse(uri));
    }

    public static NbdClient connect(NbdUri uri) throws IOException {
        SocketChannel ch = SocketChannel.open(uri.socket() != null ? StandardProtocolFamily.UNIX
                : StandardProtocolFamily.INET);
        try {
            ch.connect(uri.address());
            ClientHandshake.Result hs = new ClientHandshake(ch, uri).run();
            return new NbdClient(uri, ch, hs);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public String exportName() {
        return uri.export();
    }

    /** Export size in bytes, as the server announced it. */
    public long size() {
        return size;
    }

    public int transmissionFlags() {
        return flags;
    }

    public boolean readOnly() {
        return (flags & TF_READ_ONLY) != 0;
    }

    /** Largest request the server accepts. */
    public int maxBlock() {
        return maxBlock;
    }

    /** Reads {@code dst.remaining()} bytes at {@code offset} into dst; its position advances as they arrive. */
    public CompletableFuture<Void> read(long offset, ByteBuffer dst) {
        return submit(CMD_READ, 0, offset, dst.remaining(), null, dst);
    }

    /** Writes the remaining bytes of {@code src} (not consumed) at {@code offset}; with {@code fua}, durably. */
    public CompletableFuture<Void> write(long offset, ByteBuffer src, boolean fua) {
        if (fua && (flags & TF_SEND_FUA) == 0) {
            return CompletableFuture.failedFuture(new NbdException(EINVAL, uri + " does not take FUA"));
        }
        return submit(CMD_WRITE, fua ? CMD_FLAG_FUA : 0, offset, src.remaining(), src.duplicate(), null);
    }

    /** Asks the server to make every acknowledged write durable. */
    public CompletableFuture<Void> flush() {
        if ((flags & TF_SEND_FLUSH) == 0) {
            return CompletableFuture.failedFuture(new NbdException(EINVAL, uri + " does not take FLUSH"));
        }
        return submit(CMD_FLUSH, 0, 0, 0, null, null);
    }

    /** Writes {@code length} zero bytes at {@code offset} without sending them (NBD_CMD_WRITE_ZEROES). */
    public CompletableFuture<Void> writeZeroes(long offset, long length, boolean fua) {
        if ((flags & TF_SEND_WRITE_ZEROES) == 0 || length > 0xffffffffL) {
            return CompletableFuture.failedFuture(new NbdException(EINVAL, uri + ": cannot zero " + length
                    + " bytes (server support or length)"));
        }
        return submit(CMD_WRITE_ZEROES, fua ? CMD_FLAG_FUA : 0, offset, (int) length, null, null);
    }

    /** Requests not yet answered. */
    public int inFlight() {
        return pending.size();
    }

    private CompletableFuture<Void> submit(int type, int cmdFlags, long offset, int length, ByteBuffer payload,
                                           ByteBuffer dst) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        String what = commandName(type) + " " + Integer.toUnsignedString(length) + "@" + offset;
        if (type != CMD_WRITE_ZEROES && Integer.toUnsignedLong(length) > maxBlock) {
            f.completeExceptionally(new NbdException(EINVAL, what + " is larger than the server's maximum " + maxBlock));
            return f;
        }
        long handle = handles.incrementAndGet();
        pending.put(handle, new Pending(f, dst, what));
        IOException gone = dead;
        if (gone != null || closing) {
            failPending(handle, gone != null ? gone : new IOException(uri + ": client is closing"));
            return f;
        }
        try {
            synchronized (sendLock) {
                sendHeader.clear();
                sendHeader.putInt(REQUEST_MAGIC).putShort((short) cmdFlags).putShort((short) type)
                        .putLong(handle).putLong(offset).putInt(length).flip();
                if (payload != null) {
                    Wire.writeFully(ch, sendHeader, payload);
                } else {
                    Wire.writeFully(ch, sendHeader);
                }
            }
        } catch (IOException e) {
            connectionLost(new IOException(uri + ": sending " + what + " failed: " + e.getMessage(), e));
        }
        return f;
    }

    private void readReplies() {
        ByteBuffer head = ByteBuffer.allocateDirect(16);
        try {
            while (true) {
                head.clear();
                Wire.readFully(ch, head);
                int magic = head.getInt(0);
                int error = head.getInt(4);
                long handle = head.getLong(8);
                if (magic != SIMPLE_REPLY_MAGIC) {
                    throw new IOException("bad reply magic 0x" + Integer.toHexString(magic));
                }
                Pending p = pending.remove(handle);
                if (p == null) {
                    throw new IOException("reply for unknown handle " + handle);
                }
                if (error == 0 && p.dst() != null) {
                    Wire.readFully(ch, p.dst());
                }
                completions.execute(() -> {
                    if (error == 0) {
                        p.future().complete(null);
                    } else {
                        p.future().completeExceptionally(new NbdException(error, uri + ": " + p.what()));
                    }
                });
            }
        } catch (IOException e) {
            connectionLost(closing && pending.isEmpty() ? new IOException(uri + ": closed")
                    : new IOException(uri + ": connection lost: " + e.getMessage(), e));
        }
    }

    private void connectionLost(IOException why) {
        if (dead == null) {
            dead = why;
            if (!closing) {
                LOG.log(Level.WARNING, why.getMessage());
            }
        }
        for (Long h : new ArrayList<>(pending.keySet())) {
            failPending(h, dead);
        }
        try {
            ch.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "close " + uri, e);
        }
    }

    private void failPending(long handle, IOException why) {
        Pending p = pending.remove(handle);
        if (p != null) {
            try {
                completions.execute(() -> p.future().completeExceptionally(why));
            } catch (RuntimeException rejected) {
                p.future().completeExceptionally(why);
            }
        }
    }

    /**
     * Waits (up to 30 s) for requests in flight, sends NBD_CMD_DISC and closes. Requests still
     * pending after the wait fail with an IOException. Do not call it from a completion callback:
     * the wait needs the completion thread.
     */
    @Override
    public void close() throws IOException {
        if (closing) {
            return;
        }
        CompletableFuture<?>[] waits = pending.values().stream().map(Pending::future).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(waits).exceptionally(t -> null).get(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            LOG.warning(() -> uri + ": closing with " + pending.size() + " requests unanswered");
        }
        closing = true;
        if (dead == null) {
            sendDisconnect();
        }
        shutdown();
    }

    /** NBD_CMD_DISC: no reply; the server finishes what is in flight and closes. */
    private void sendDisconnect() {
        try {
            synchronized (sendLock) {
                sendHeader.clear();
                sendHeader.putInt(REQUEST_MAGIC).putShort((short) 0).putShort((short) CMD_DISC)
                        .putLong(handles.incrementAndGet()).putLong(0).putInt(0).flip();
                Wire.writeFully(ch, sendHeader);
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, uri + ": sending NBD_CMD_DISC failed", e);
        }
    }

    /** Drops the connection without NBD_CMD_DISC, as a crashing client would; pending requests fail. */
    public void abort() {
        closing = true;
        connectionLost(new IOException(uri + ": aborted by the client"));
        shutdown();
    }

    private void shutdown() {
        try {
            ch.shutdownOutput();
        } catch (IOException e) {
            LOG.log(Level.FINE, "shutdown " + uri, e);
        }
        try {
            replyReader.join(CLOSE_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connectionLost(new IOException(uri + ": closed"));
        completions.shutdown();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public String toString() {
        return "NbdClient(" + uri + ")";
    }
}
