package io.volrep.engine.link;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * What an authenticated handshake established.
 *
 * @param protocolVersion the version both sides speak
 * @param localHost       this daemon's host name
 * @param peerHost        the other daemon's host name, proven by the key
 * @param peerAddress     the other end's socket address
 * @param channel         the purpose named by the dialing side, e.g. {@code rlink:hrdg/hr_rvg} or {@code admin}
 * @param metadata        the dialing side's key=value strings for the upper layer
 * @param dialed          true on the side that connected, false on the listener
 */
public record HandshakeInfo(int protocolVersion, String localHost, String peerHost, InetSocketAddress peerAddress,
                            String channel, Map<String, String> metadata, boolean dialed) {
    public HandshakeInfo {
        metadata = Map.copyOf(metadata);
    }

    /** {@code peerHost/address channel} as log lines show it. */
    public String describe() {
        return peerHost + "/" + peerAddress.getAddress().getHostAddress() + ":" + peerAddress.getPort() + " " + channel;
    }
}
