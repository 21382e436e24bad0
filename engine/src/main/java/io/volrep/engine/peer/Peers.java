package io.volrep.engine.peer;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.conf.HostConfig;
import io.volrep.engine.link.ChannelHandler;
import io.volrep.engine.link.FrameHandler;
import io.volrep.engine.link.LinkOptions;
import io.volrep.engine.link.PeerConnection;
import io.volrep.engine.link.PeerTls;
import io.volrep.engine.link.PeerDialer;
import io.volrep.engine.link.PeerKey;
import io.volrep.engine.link.PeerServer;

/**
 * This daemon's side of the peer port: the authenticated listener, the dialer (from the listen
 * address, so peers see the address their host table names), the host table, and the "admin"
 * channel on which one daemon asks another to run a {@link PeerOp} and waits for its reply.
 * Thread-safe.
 */
public final class Peers implements Closeable {
    private static final Logger LOG = Logger.getLogger(Peers.class.getName());
    static final String ADMIN = "admin";
    private static final int REQUEST = 1;
    private static final int REPLY = 2;
    /** A part a streaming op sends before its reply. */
    private static final int PART = 3;
    /** A message from the caller to a running streaming op. */
    static final int INPUT = 4;
    private static final long CALL_TIMEOUT_SECONDS = 60;

    private final HostConfig config;
    private final PeerServer server;
    private final PeerDialer dialer;
    private final Map<String, PeerOp> ops = new ConcurrentHashMap<>();
    private final Map<String, StreamingPeerOp> streamingOps = new ConcurrentHashMap<>();

    private Peers(HostConfig config, PeerServer server, PeerDialer dialer) {
        this.config = config;
        this.server = server;
        this.dialer = dialer;
        server.register(ADMIN, (connection, info) -> ChannelHandler.Answer.accept(new AdminHandler()));
    }

    /** Starts the listener; empty when the config names no key file (this host then has no peers). */
    public static Optional<Peers> start(HostConfig config) throws VolrepException, IOException {
        if (config.keyFile().isEmpty()) {
            return Optional.empty();
        }
        PeerKey key = PeerKey.read(config.keyFile().get());
        LinkOptions options = LinkOptions.defaults();
        Optional<PeerTls> tls = Optional.empty();
        if (config.peerTls().isPresent()) {
            HostConfig.TlsFiles f = config.peerTls().get();
            try {
                tls = Optional.of(PeerTls.load(f.keyStore(), f.trustStore(), f.passwordFile()));
            } catch (IOException e) {
                throw new VolrepException(ErrorCode.BAD_CONFIG, "vxrep.peer.tls in " + config.source() + ": " + e.getMessage()
                        + ": fix the stores or the password file, or remove vxrep.peer.tls to run without TLS", e);
            }
        }
        InetSocketAddress bind = new InetSocketAddress(config.peerListenAddress(), config.peerPort());
        PeerServer server;
        try {
            server = PeerServer.start(config.host(), key, config.hosts().keySet(), bind, options, tls);
        } catch (IOException e) {
            throw new VolrepException(ErrorCode.BAD_CONFIG, "cannot listen for peers on " + bind + " (" + e.getMessage()
                    + "): check vxrep.peer.listen-address and vxrep.peer.port in " + config.source(), e);
        }
        InetAddress source = bind.getAddress().isAnyLocalAddress() ? null : bind.getAddress();
        return Optional.of(new Peers(config, server, new PeerDialer(config.host(), key, options, source, tls)));
    }

    public String localHost() {
        return config.host();
    }

    public int port() {
        return server.port();
    }

    public boolean knows(String host) {
        return config.hosts().containsKey(host);
    }

    /** Registers the handler of an operation other daemons may ask for. */
    public void register(String op, PeerOp handler) {
        ops.put(op, handler);
    }

    /** Registers the handler of an operation that reports as it runs (see {@link StreamingPeerOp}). */
    public void registerStreaming(String op, StreamingPeerOp handler) {
        streamingOps.put(op, handler);
    }

    /**
     * Starts {@code op} on {@code host}, handing each part it sends to {@code onPart} (on the
     * connection's reader thread, in order); the returned call gives the reply and ends the op when closed.
     */
    public PeerCall open(String host, String op, Map<String, String> fields,
                         java.util.function.Consumer<Map<String, String>> onPart) throws VolrepException, IOException {
        CompletableFuture<PeerMessage> reply = new CompletableFuture<>();
        PeerConnection c = connect(host, ADMIN, Map.of(), new FrameHandler() {
            @Override
            public void onFrame(PeerConnection connection, int type, byte[] payload) throws Exception {
                if (type == PART) {
                    onPart.accept(PeerMessage.decode(payload).fields());
                } else if (type == REPLY) {
                    reply.complete(PeerMessage.decode(payload));
                }
            }

            @Override
            public void onClose(PeerConnection connection, String reason) {
                reply.completeExceptionally(new IOException("host " + host + " closed the connection: " + reason));
            }
        });
        try {
            c.send(REQUEST, PeerMessage.request(op, fields).encode());
        } catch (IOException e) {
            c.close("request failed");
            throw e;
        }
        return new PeerCall(host, op, c, reply);
    }

    /** Registers a channel (e.g. replication streams) on the peer port. */
    public void registerChannel(String prefix, ChannelHandler handler) {
        server.register(prefix, handler);
    }

    /** Opens an authenticated connection to {@code host} on {@code channel}. */
    public PeerConnection connect(String host, String channel, Map<String, String> metadata, FrameHandler handler)
            throws VolrepException, IOException {
        String entry = config.hosts().get(host);
        if (entry == null) {
            throw new VolrepException(ErrorCode.NO_SUCH_OBJECT, "host " + host + " is not in the hosts table of "
                    + config.source() + ": add it (hosts { " + host + " = \"ADDRESS\" }) and restart vxrepd");
        }
        return dialer.connect(host, PeerDialer.address(entry, config.peerPort()), channel, metadata, handler);
    }

    /**
     * Asks {@code host} to run {@code op} and returns its reply fields; the peer's error comes back as
     * a VolrepException with the peer's code and message, prefixed with the host name.
     */
    public Map<String, String> call(String host, String op, Map<String, String> fields) throws VolrepException, IOException {
        CompletableFuture<PeerMessage> reply = new CompletableFuture<>();
        PeerConnection c = connect(host, ADMIN, Map.of(), new FrameHandler() {
            @Override
            public void onFrame(PeerConnection connection, int type, byte[] payload) throws Exception {
                if (type == REPLY) {
                    reply.complete(PeerMessage.decode(payload));
                }
            }

            @Override
            public void onClose(PeerConnection connection, String reason) {
                reply.completeExceptionally(new IOException("host " + host + " closed the connection: " + reason));
            }
        });
        try {
            c.send(REQUEST, PeerMessage.request(op, fields).encode());
            PeerMessage m = reply.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!m.ok()) {
                throw new VolrepException(codeOf(m.status()), "on " + host + ": " + m.message());
            }
            return m.fields();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + host, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("host " + host + " did not answer " + op + " within " + CALL_TIMEOUT_SECONDS + "s");
        } finally {
            c.close("done");
        }
    }

    static ErrorCode codeOf(int number) {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.number() == number) {
                return c;
            }
        }
        return ErrorCode.INTERNAL;
    }

    @Override
    public void close() {
        server.close();
    }

    /**
     * Serves one admin connection: each request runs its op and gets one reply. A streaming op runs on
     * a thread of its own, so this (reader) thread goes on reading the caller's input and its leaving.
     */
    private final class AdminHandler implements FrameHandler {
        private volatile Streaming running;

        @Override
        public void onFrame(PeerConnection c, int type, byte[] payload) throws Exception {
            if (type == INPUT) {
                Streaming s = running;
                if (s != null) {
                    s.input.add(PeerMessage.decode(payload).fields());
                }
                return;
            }
            if (type != REQUEST) {
                throw new IOException("admin channel: unexpected frame type " + type);
            }
            PeerMessage req = PeerMessage.decode(payload);
            StreamingPeerOp streaming = streamingOps.get(req.op());
            if (streaming != null) {
                Streaming s = new Streaming(c);
                running = s;
                Thread t = new Thread(() -> {
                    byte[] reply = s.run(streaming, c.peerHost(), req);
                    try {
                        c.send(REPLY, reply);
                    } catch (IOException e) {
                        LOG.fine(() -> "peer op " + req.op() + ": " + c.peerHost() + " left before the reply");
                    }
                }, "peer-op " + req.op() + " for " + c.peerHost());
                t.setDaemon(true);
                t.start();
                return;
            }
            PeerOp op = ops.get(req.op());
            PeerMessage reply;
            if (op == null) {
                reply = PeerMessage.error(ErrorCode.PROTOCOL.number(), "host " + config.host() + " does not know the operation "
                        + req.op() + ": run the same volrep version on every host");
            } else {
                try {
                    reply = PeerMessage.ok(op.run(c.peerHost(), req));
                } catch (VolrepException e) {
                    reply = PeerMessage.error(e.code().number(), e.getMessage());
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "peer op " + req.op() + " from " + c.peerHost() + " failed", e);
                    reply = PeerMessage.error(ErrorCode.IO_ERROR.number(), String.valueOf(e.getMessage()));
                }
            }
            c.send(REPLY, reply.encode());
        }

        @Override
        public void onClose(PeerConnection c, String reason) {
            Streaming s = running;
            if (s != null) {
                s.input.add(Map.of());
            }
        }
    }

    /** One streaming op under way on an admin connection. */
    private static final class Streaming implements PeerStream {
        private final PeerConnection connection;
        private final java.util.concurrent.BlockingQueue<Map<String, String>> input = new java.util.concurrent.LinkedBlockingQueue<>();

        Streaming(PeerConnection connection) {
            this.connection = connection;
        }

        byte[] run(StreamingPeerOp op, String from, PeerMessage req) {
            try {
                return PeerMessage.ok(op.run(from, req, this)).encode();
            } catch (VolrepException e) {
                return PeerMessage.error(e.code().number(), e.getMessage()).encode();
            } catch (IOException | RuntimeException e) {
                if (open()) {
                    LOG.log(Level.WARNING, "peer op " + req.op() + " from " + from + " failed", e);
                }
                return PeerMessage.error(ErrorCode.IO_ERROR.number(), String.valueOf(e.getMessage())).encode();
            }
        }

        @Override
        public void emit(Map<String, String> part) throws IOException {
            connection.send(PART, PeerMessage.ok(part).encode());
        }

        @Override
        public boolean open() {
            return connection.isOpen();
        }

        @Override
        public java.util.Optional<Map<String, String>> receive(java.time.Duration timeout) throws InterruptedException {
            if (!open()) {
                return java.util.Optional.empty();
            }
            Map<String, String> m = input.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return m == null || m.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(m);
        }
    }
}
