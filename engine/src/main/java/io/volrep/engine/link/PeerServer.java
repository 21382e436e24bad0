package io.volrep.engine.link;

import io.volrep.engine.link.Handshake.RefusalKind;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.logging.Logger;

/**
 * The peer port of one daemon: accepts connections, authenticates each on its own handshake thread
 * (at most {@value #MAX_HANDSHAKES} at once, each bounded by {@link LinkOptions#handshakeTimeout()}),
 * and gives it to the {@link ChannelHandler} registered for the longest prefix of its channel name.
 * Nothing a peer sends can stop the listener: every refusal is logged with the peer's address and
 * the reason, and only that connection is closed. Thread-safe.
 */
public final class PeerServer implements AutoCloseable {
    static final int MAX_HANDSHAKES = 32;
    private static final Logger LOG = Logger.getLogger(PeerServer.class.getName());

    private final String localHost;
    private final LinkOptions options;
    private final ServerHandshake handshake;
    private final ServerSocket listener;
    private final Map<String, ChannelHandler> channels = new ConcurrentHashMap<>();
    private final Map<Thread, Endpoint> handshakes = new ConcurrentHashMap<>();
    private final Set<PeerConnection> connections = ConcurrentHashMap.newKeySet();
    private final Semaphore handshakeSlots = new Semaphore(MAX_HANDSHAKES);
    private final Thread acceptor;
    private final java.util.Optional<PeerTls> tls;
    private volatile boolean closed;

    private PeerServer(String localHost, PeerKey key, Set<String> knownHosts, ServerSocket listener,
                       LinkOptions options, java.util.Optional<PeerTls> tls) {
        this.localHost = localHost;
        this.tls = tls;
        this.options = options;
        this.listener = listener;
        this.handshake = new ServerHandshake(localHost, key, knownHosts, new NonceCache(4096), new SecureRandom());
        this.acceptor = new Thread(this::acceptLoop, "vxrep-peer-accept " + localHost);
        acceptor.setDaemon(true);
    }

    /**
     * Binds {@code bind} (port 0 picks a free port) and starts accepting.
     *
     * @param knownHosts the host names allowed to connect (the host table of this daemon)
     */
    public static PeerServer start(String localHost, PeerKey key, Set<String> knownHosts, InetSocketAddress bind,
                                   LinkOptions options) throws IOException {
        return start(localHost, key, knownHosts, bind, options, java.util.Optional.empty());
    }

    /** As {@link #start(String, PeerKey, Set, InetSocketAddress, LinkOptions)}, with TLS on every accepted connection. */
    public static PeerServer start(String localHost, PeerKey key, Set<String> knownHosts, InetSocketAddress bind,
                                   LinkOptions options, java.util.Optional<PeerTls> tls) throws IOException {
        // From a channel, so that accepted sockets have channels (see PeerConnection#start).
        ServerSocket listener = ServerSocketChannel.open().socket();
        try {
            listener.setReuseAddress(true);
            listener.bind(bind, 64);
        } catch (IOException e) {
            listener.close();
            throw new IOException(localHost + " cannot listen on peer port " + bind.getHostString() + ":"
                    + bind.getPort() + ": " + e.getMessage() + " (check vxrep.peer.listen-address and vxrep.peer.port)",
                    e);
        }
        PeerServer server = new PeerServer(localHost, key, knownHosts, listener, options, tls);
        server.acceptor.start();
        LOG.info(server + " listening");
        return server;
    }

    /** Routes channels whose name starts with {@code channelPrefix} to {@code handler}. */
    public void register(String channelPrefix, ChannelHandler handler) {
        if (channels.putIfAbsent(channelPrefix, handler) != null) {
            throw new IllegalArgumentException("channel prefix '" + channelPrefix + "' is already registered on "
                    + localHost);
        }
    }

    public void unregister(String channelPrefix) {
        channels.remove(channelPrefix);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The connections accepted and not yet closed. */
    public Set<PeerConnection> connections() {
        return Set.copyOf(connections);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warning(this + " accept failed: " + e.getMessage());
                }
                continue;
            }
            if (!handshakeSlots.tryAcquire()) {
                LOG.warning(this + " refused " + s.getRemoteSocketAddress() + ": " + MAX_HANDSHAKES
                        + " handshakes already in progress");
                closeQuietly(s);
                continue;
            }
            Thread t = new Thread(() -> serve(s), "vxrep-peer-handshake " + localHost + "<-"
                    + s.getRemoteSocketAddress());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket accepted) {
        Endpoint e = null;
        Socket s = accepted;
        boolean handedOver = false;
        try {
            if (tls.isPresent()) {
                s = tls.get().server(accepted, options.handshakeTimeout());
            }
            e = Endpoint.of(s);
            handshakes.put(Thread.currentThread(), e);
            if (closed) {
                return;
            }
            e.deadline().arm(options.handshakeTimeout().toMillis());
            HandshakeInfo info = handshake.run(e);
            if (s instanceof javax.net.ssl.SSLSocket ssl) {
                try {
                    PeerTls.requireName(ssl, info.peerHost());
                } catch (javax.net.ssl.SSLPeerUnverifiedException x) {
                    throw ServerHandshake.refuse(e, RefusalKind.AUTH, x.getMessage());
                }
            }
            admit(e, info);
            handedOver = true;
        } catch (HandshakeException x) {
            LOG.warning(this + " refused peer at " + remote(s) + ": " + (x.byPeer() ? "the peer refused us: " : "")
                    + x.getMessage());
        } catch (SocketTimeoutException x) {
            LOG.warning(this + " dropped peer at " + remote(s) + ": no complete handshake within "
                    + options.handshakeTimeout().toMillis() + " ms");
        } catch (IOException | RuntimeException x) {
            LOG.warning(this + " dropped peer at " + remote(s) + " during the handshake: " + x);
        } finally {
            handshakes.remove(Thread.currentThread());
            handshakeSlots.release();
            if (!handedOver) {
                closeQuietly(s);
            }
        }
    }

    /** Hands an authenticated endpoint to its channel's handler, or refuses it. */
    private void admit(Endpoint e, HandshakeInfo info) throws IOException, HandshakeException {
        ChannelHandler handler = handlerFor(info.channel());
        if (handler == null) {
            throw ServerHandshake.refuse(e, RefusalKind.CHANNEL, "no service for channel '" + info.channel()
                    + "' on " + localHost);
        }
        PeerConnection c = new PeerConnection(e, info, options);
        ChannelHandler.Answer answer;
        try {
            answer = handler.accept(c, info);
        } catch (RuntimeException x) {
            LOG.log(java.util.logging.Level.WARNING, this + " channel handler for " + info.describe() + " failed", x);
            throw ServerHandshake.refuse(e, RefusalKind.CHANNEL, "the service for channel '" + info.channel()
                    + "' on " + localHost + " failed: " + x);
        }
        if (!answer.accepted()) {
            throw ServerHandshake.refuse(e, RefusalKind.CHANNEL, answer.refusal());
        }
        synchronized (this) { // from here close() sees the connection, not a handshake
            if (closed) {
                throw ServerHandshake.refuse(e, RefusalKind.BUSY, localHost + " is shutting down its peer port");
            }
            handshakes.remove(Thread.currentThread());
            connections.add(c);
        }
        try {
            FrameWriter.writeAndFlush(e.out(), LinkProtocol.WELCOME, new byte[0]);
            c.start(answer.handler());
        } catch (IOException x) {
            connections.remove(c);
            throw x;
        }
        c.closeFuture().whenComplete((reason, t) -> connections.remove(c));
        LOG.info(c + " accepted");
    }

    private ChannelHandler handlerFor(String channel) {
        String best = null;
        for (String prefix : channels.keySet()) {
            if (channel.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? null : channels.get(best);
    }

    /** Stops listening, drops handshakes in progress, closes every connection and joins the threads. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        closeQuietly(listener);
        join(acceptor);
        for (Map.Entry<Thread, Endpoint> h : handshakes.entrySet()) {
            h.getValue().closeQuietly();
            join(h.getKey());
        }
        for (PeerConnection c : connections()) {
            c.close(localHost + " is shutting down its peer port");
        }
        LOG.info(this + " closed");
    }

    private static void join(Thread t) {
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing on a path that already reports its failure
        }
    }

    private static String remote(Socket s) {
        InetSocketAddress a = (InetSocketAddress) s.getRemoteSocketAddress();
        return a == null ? "(unknown)" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Override
    public String toString() {
        return "peer-port[" + localHost + " " + listener.getInetAddress().getHostAddress() + ":"
                + listener.getLocalPort() + "]";
    }
}
