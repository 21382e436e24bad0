package io.volrep.engine.link;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * A TCP proxy on loopback that tests put between a dialer and a listener to misbehave like a bad
 * network. Each accepted client connection gets its own upstream connection and two pump threads
 * (client to server "upstream", server to client "downstream") that forward chunks of up to 16 KiB.
 *
 * <ul>
 * <li>{@link #passThrough()} / {@link #resume()}: forward at once (the initial mode); also disarms a
 *     {@link #resetMidFrame()} no chunk has met yet, so a fault never leaks past its test step.
 * <li>{@link #delay(Duration)}: hold every chunk this long before forwarding it (latency).
 * <li>{@link #stall()}: stop forwarding in both directions without closing anything; TCP windows
 *     fill and both ends see silence. {@link #resume()} forwards what was held.
 * <li>{@link #cut()}: close both sides of every current connection (orderly FIN).
 * <li>{@link #resetMidFrame()}: the next upstream chunk is forwarded only in part, then both sides
 *     of that connection are reset (RST, via SO_LINGER 0).
 * <li>{@link #record(boolean)}: keep a copy of every upstream byte, for replay tests.
 * </ul>
 * New connections are accepted in every mode. Thread-safe; {@link #close()} stops everything.
 */
public final class LossyProxy implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LossyProxy.class.getName());
    private static final int CHUNK = 16 * 1024;

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();
    private boolean stalled;
    private boolean resetArmed;
    private boolean recording;
    private long delayMillis;
    private volatile boolean closed;

    /** A proxy listening on 127.0.0.1 (any free port) that forwards to {@code target}. */
    public LossyProxy(InetSocketAddress target) throws IOException {
        this(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), target);
    }

    public LossyProxy(InetSocketAddress listen, InetSocketAddress target) throws IOException {
        if (!listen.getAddress().isLoopbackAddress() || !target.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("LossyProxy works on loopback only: " + listen + " -> " + target);
        }
        this.target = target;
        this.listener = new ServerSocket();
        listener.bind(listen);
        acceptor = new Thread(this::acceptLoop, "lossy-proxy-accept " + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    public synchronized void passThrough() {
        stalled = false;
        resetArmed = false;
        delayMillis = 0;
        notifyAll();
    }

    /** Forwards again after {@link #stall()} or {@link #delay}; same as {@link #passThrough()}. */
    public void resume() {
        passThrough();
    }

    public synchronized void delay(Duration delay) {
        delayMillis = delay.toMillis();
    }

    public synchronized void stall() {
        stalled = true;
    }

    public synchronized void resetMidFrame() {
        resetArmed = true;
    }

    public synchronized void record(boolean on) {
        recording = on;
    }

    /** Every upstream byte seen while recording, in order (connections concatenated). */
    public synchronized byte[] recorded() {
        return recorded.toByteArray();
    }

    /** Client connections accepted so far. */
    public int connections() {
        return pairs.size();
    }

    public void cut() {
        for (Pair p : pairs) {
            p.close(false);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        synchronized (this) {
            notifyAll();
        }
        for (Pair p : pairs) {
            p.close(false);
        }
        try {
            acceptor.join(5_000);
            for (Pair p : pairs) {
                p.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                try {
                    server.connect(target, 5_000);
                } catch (IOException e) {
                    LOG.info("lossy proxy cannot reach " + target + ": " + e.getMessage());
                    client.close();
                    continue;
                }
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                Pair p = new Pair(client, server);
                pairs.add(p);
                p.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.info("lossy proxy accept failed: " + e.getMessage());
                }
            }
        }
    }

    /** Waits out a stall; true when the chunk is to be forwarded only in part and the pair reset. */
    private synchronized boolean gate(Pair p, boolean upstream) throws InterruptedException {
        while (stalled && !closed && !p.closed) {
            wait();
        }
        if (upstream && resetArmed) {
            resetArmed = false;
            return true;
        }
        return false;
    }

    private synchronized long delayMillis() {
        return delayMillis;
    }

    private synchronized void recordUpstream(byte[] buf, int n) {
        if (recording) {
            recorded.write(buf, 0, n);
        }
    }

    /** One proxied connection: the client's socket, the upstream socket and their pumps. */
    private final class Pair {
        private final Socket client;
        private final Socket server;
        private final Thread up;
        private final Thread down;
        private volatile boolean closed;

        Pair(Socket client, Socket server) {
            this.client = client;
            this.server = server;
            this.up = new Thread(() -> pump(client, server, true), "lossy-proxy-up " + client.getPort());
            this.down = new Thread(() -> pump(server, client, false), "lossy-proxy-down " + client.getPort());
            up.setDaemon(true);
            down.setDaemon(true);
        }

        void start() {
            up.start();
            down.start();
        }

        void join() throws InterruptedException {
            up.join(5_000);
            down.join(5_000);
        }

        private void pump(Socket from, Socket to, boolean upstream) {
            byte[] buf = new byte[CHUNK];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                    if (gate(this, upstream)) {
                        int part = Math.max(1, n / 2);
                        recordUpstream(buf, part);
                        out.write(buf, 0, part);
                        out.flush();
                        close(true);
                        return;
                    }
                    long delay = delayMillis();
                    if (delay > 0) {
                        Thread.sleep(delay); // simulated latency, not a wait for a condition
                    }
                    if (upstream) {
                        recordUpstream(buf, n);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the other pump, cut() or close() closed the pair; nothing more to forward
            } finally {
                close(false);
            }
        }

        /** Closes both sockets; with {@code reset} they are reset (RST) instead of closed (FIN). */
        void close(boolean reset) {
            synchronized (LossyProxy.this) {
                closed = true;
                LossyProxy.this.notifyAll();
            }
            for (Socket s : new Socket[] {client, server}) {
                try {
                    if (reset) {
                        s.setSoLinger(true, 0);
                    }
                    s.close();
                } catch (IOException ignored) {
                    // already closed by the other pump
                }
            }
        }
    }
}
