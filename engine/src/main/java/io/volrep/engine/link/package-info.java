/**
 * The peer port: one authenticated TCP link per purpose between two {@code vxrepd} daemons.
 *
 * <p>{@link io.volrep.engine.link.PeerServer} listens, {@link io.volrep.engine.link.PeerDialer}
 * connects; both run the mutual HMAC handshake described in {@link io.volrep.engine.link.LinkProtocol}
 * and then hand over a {@link io.volrep.engine.link.PeerConnection} that carries CRC32C-checked
 * frames whose types are opaque to this package (replication and RDS admin live above it).
 * Heartbeats, dead-peer detection, close-with-reason, statistics and a bandwidth limit are here.
 * There is no TLS: the key proves who is talking, it does not hide what they say.
 */
package io.volrep.engine.link;
