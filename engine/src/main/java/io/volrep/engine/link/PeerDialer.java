package io.volrep.engine.link;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Opens authenticated links to peer daemons. Thread-safe; one per daemon.
 *
 * <p>Failures say what went wrong and on which side: an {@link IOException} for the transport
 * (connection refused, timeouts, the peer hanging up), a {@link VolrepException} when either side
 * refused the handshake ({@link ErrorCode#PEER_AUTH_FAILED} for key mismatches,
 * {@link ErrorCode#PROTOCOL} for version or protocol errors, {@link ErrorCode#PEER_REFUSED} for
 * unknown hosts, channels nobody serves and refusals by the upper layer).
 */
public final class PeerDialer {
    private static final Logger LOG = Logger.getLogger(PeerDialer.class.getName());

    private final String localHost;
    private final LinkOptions options;
    private final InetAddress source;
    private final ClientHandshake handshake;
    private final java.util.Optional<PeerTls> tls;

    public PeerDialer(String localHost, PeerKey key, LinkOptions options) {
        this(localHost, key, options, null);
    }

    /** @param source local address to connect from (this host's peer listen address), or null for any */
    public PeerDialer(String localHost, PeerKey key, LinkOptions options, InetAddress source) {
        this(localHost, key, options, source, java.util.Optional.empty());
    }

    /** @param tls TLS with mutual certificates around every connection, when present */
    public PeerDialer(String localHost, PeerKey key, LinkOptions options, InetAddress source, java.util.Optional<PeerTls> tls) {
        this.tls = tls;
        this.localHost = localHost;
        this.options = options;
        this.source = source;
        this.handshake = new ClientHandshake(localHost, key, new SecureRandom());
    }

    /** The address of a host-table entry, {@code "address"} or {@code "address:port"}. */
    public static InetSocketAddress address(String hostTableEntry, int defaultPort) {
        String entry = hostTableEntry.trim();
        int colon = entry.lastIndexOf(':');
        if (colon > 0 && entry.indexOf(':') == colon) {
            return new InetSocketAddress(entry.substring(0, colon), Integer.parseInt(entry.substring(colon + 1)));
        }
        return new InetSocketAddress(entry, defaultPort);
    }

    /**
     * Connects to {@code peerHost} at {@code address}, authenticates, asks for {@code channel} and starts
     * delivering frames to {@code handler}.
     */
    public PeerConnection connect(String peerHost, InetSocketAddress address, String channel,
                                  Map<String, String> metadata, FrameHandler handler)
            throws IOException, VolrepException {
        String where = peerHost + " at " + address.getHostString() + ":" + address.getPort();
        // From a channel: on a plain TCP link the connection then moves frames through it without a stream's copies.
        Socket socket = SocketChannel.open().socket();
        boolean handedOver = false;
        try {
            open(socket, where, address);
            if (tls.isPresent()) {
                socket = tls.get().client(socket, options.handshakeTimeout());
            }
            Endpoint e = Endpoint.of(socket);
            e.deadline().arm(options.handshakeTimeout().toMillis());
            HandshakeInfo info = handshake.run(e, peerHost, channel, metadata);
            if (socket instanceof javax.net.ssl.SSLSocket ssl) {
                try {
                    PeerTls.requireName(ssl, peerHost);
                } catch (javax.net.ssl.SSLPeerUnverifiedException x) {
                    String msg = localHost + " refused " + where + ": " + x.getMessage();
                    LOG.warning(msg);
                    throw new VolrepException(ErrorCode.PEER_AUTH_FAILED, msg, x);
                }
            }
            PeerConnection c = new PeerConnection(e, info, options);
            c.start(handler);
            handedOver = true;
            LOG.info(c + " connected");
            return c;
        } catch (HandshakeException x) {
            String msg = x.byPeer()
                    ? where + " refused " + localHost + " (channel " + channel + "): " + x.getMessage()
                    : localHost + " refused " + where + " (channel " + channel + "): " + x.getMessage();
            LOG.warning(msg);
            throw new VolrepException(code(x.kind()), msg, x);
        } catch (javax.net.ssl.SSLException x) {
            String msg = "TLS with " + where + " failed (" + x.getMessage() + "): check vxrep.peer.tls on both hosts: "
                    + "each key store needs a certificate with CN=<its host name>, each trust store the other's certificate or CA";
            LOG.warning(localHost + ": " + msg);
            throw new VolrepException(ErrorCode.PEER_AUTH_FAILED, msg, x);
        } catch (SocketTimeoutException x) {
            String msg = where + " did not complete the handshake within " + options.handshakeTimeout().toMillis()
                    + " ms";
            LOG.warning(localHost + ": " + msg);
            throw new SocketTimeoutException(msg);
        } catch (EOFException x) {
            String msg = where + " closed the connection during the handshake (" + x.getMessage() + ")";
            LOG.warning(localHost + ": " + msg);
            throw new IOException(msg, x);
        } finally {
            if (!handedOver) {
                socket.close();
            }
        }
    }

    private void open(Socket socket, String where, InetSocketAddress address) throws IOException {
        try {
            if (source != null) {
                socket.bind(new InetSocketAddress(source, 0));
            }
            socket.connect(address, (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()));
        } catch (ConnectException x) {
            String msg = "cannot connect to " + where + ": " + x.getMessage()
                    + " (is vxrepd running there, and is vxrep.hosts right on " + localHost + "?)";
            LOG.warning(localHost + ": " + msg);
            throw new ConnectException(msg);
        } catch (SocketTimeoutException x) {
            String msg = "timed out after " + options.connectTimeout().toMillis() + " ms connecting to " + where;
            LOG.warning(localHost + ": " + msg);
            throw new SocketTimeoutException(msg);
        }
    }

    private static ErrorCode code(Handshake.RefusalKind kind) {
        switch (kind) {
            case AUTH: return ErrorCode.PEER_AUTH_FAILED;
            case VERSION:
            case PROTOCOL: return ErrorCode.PROTOCOL;
            default: return ErrorCode.PEER_REFUSED;
        }
    }

    @Override
    public String toString() {
        return "peer-dialer[" + localHost + "]";
    }
}
