package io.volrep.engine.nbd;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how the NBD server listens.
 *
 * @param socket           Unix domain socket path, or null for none
 * @param socketGroup      group given access to the socket (mode 0660), or null for owner-only (0600)
 * @param tcp              TCP address (use 127.0.0.1; port 0 picks one), or null for none
 * @param inFlightBytes    payload bytes one connection may have in flight; the reader stops reading
 *                         requests while the budget is spent. At least {@link NbdProtocol#MAX_BLOCK}.
 * @param maxConnections   connections beyond this are closed at accept, with a log line
 * @param drainTimeout     how long a closing connection waits for its in-flight requests
 */
public record NbdServerConfig(Path socket, String socketGroup, InetSocketAddress tcp, long inFlightBytes,
                              int maxConnections, Duration drainTimeout) {
    public static final long DEFAULT_IN_FLIGHT_BYTES = 64L << 20;
    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    public NbdServerConfig {
        if (socket == null && tcp == null) {
            throw new IllegalArgumentException("NBD server needs a unix socket path or a TCP address");
        }
        if (socketGroup != null && socket == null) {
            throw new IllegalArgumentException("socket group " + socketGroup + " given without a socket path");
        }
        if (inFlightBytes < NbdProtocol.MAX_BLOCK) {
            throw new IllegalArgumentException("inFlightBytes " + inFlightBytes + " is below the largest request ("
                    + NbdProtocol.MAX_BLOCK + ")");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections " + maxConnections + " must be at least 1");
        }
    }

    /** Owner-only unix socket at {@code socket}, default limits. */
    public static NbdServerConfig unix(Path socket) {
        return new NbdServerConfig(socket, null, null, DEFAULT_IN_FLIGHT_BYTES, DEFAULT_MAX_CONNECTIONS,
                DEFAULT_DRAIN_TIMEOUT);
    }

    /** TCP only, default limits. */
    public static NbdServerConfig tcpOnly(InetSocketAddress tcp) {
        return new NbdServerConfig(null, null, tcp, DEFAULT_IN_FLIGHT_BYTES, DEFAULT_MAX_CONNECTIONS,
                DEFAULT_DRAIN_TIMEOUT);
    }

    public NbdServerConfig withTcp(InetSocketAddress address) {
        return new NbdServerConfig(socket, socketGroup, address, inFlightBytes, maxConnections, drainTimeout);
    }

    public NbdServerConfig withSocketGroup(String group) {
        return new NbdServerConfig(socket, group, tcp, inFlightBytes, maxConnections, drainTimeout);
    }

    public NbdServerConfig withInFlightBytes(long bytes) {
        return new NbdServerConfig(socket, socketGroup, tcp, bytes, maxConnections, drainTimeout);
    }

    public NbdServerConfig withMaxConnections(int max) {
        return new NbdServerConfig(socket, socketGroup, tcp, inFlightBytes, max, drainTimeout);
    }

    public Optional<String> group() {
        return Optional.ofNullable(socketGroup);
    }
}
