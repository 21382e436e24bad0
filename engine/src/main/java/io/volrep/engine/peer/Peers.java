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
    private static final long CALL_TIMEOUT_SECONDS = 60;

    private final HostConfig config;
    private final PeerServer server;
    private final PeerDialer dialer;
    private final Map<String, PeerOp> ops = new ConcurrentHashMap<>();

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

    private static ErrorCode codeOf(int number) {
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

    /** Serves one admin connection: each request runs its op and gets one reply. */
    private final class AdminHandler implements FrameHandler {
        @Override
        public void onFrame(PeerConnection c, int type, byte[] payload) throws Exception {
            if (type != REQUEST) {
                throw new IOException("admin channel: unexpected frame type " + type);
            }
            PeerMessage req = PeerMessage.decode(payload);
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
    }
}
