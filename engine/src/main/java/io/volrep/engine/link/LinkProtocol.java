package io.volrep.engine.link;

/**
 * The peer-port wire protocol: constants and the layout every other class of this package follows.
 *
 * <pre>
 * Frame (every message, handshake included), big-endian:
 *   0  u16  type      0x0000..0x7EFF belong to the upper layer; 0x7F00..0x7FFF to this package
 *   2  u8   flags     bit 0: payload is deflated; other bits must be 0
 *   3  s32  length    bytes of payload on the wire, 0..max payload (64 KiB during the handshake)
 *   7  u32  crc       CRC32C of bytes 0..6 followed by the wire payload
 *  11  payload
 *
 * Handshake (dialer C, listener S; strings are u16 length + UTF-8):
 *   C -> S  HELLO      magic "VRPL", u16 version, str C host, str S host (whom C means to reach),
 *                      str channel, u16 n, n x (str key, str value), 32-byte nonce Nc
 *   S -> C  CHALLENGE  magic, u16 version, str S host, 32-byte nonce Ns, proof_S     | or REFUSE
 *   C -> S  AUTH       proof_C                                                      | or REFUSE
 *   S -> C  WELCOME    (empty)                                                      | or REFUSE
 *   REFUSE             u8 refusal kind, str reason; the sender closes the socket after it
 *
 *   proof_S = HMAC-SHA256(key, "volrep-link server v1" | HELLO payload | CHALLENGE payload less proof)
 *   proof_C = HMAC-SHA256(key, "volrep-link client v1" | HELLO payload | CHALLENGE payload less proof)
 * </pre>
 *
 * <p>Both proofs cover both nonces, both host names, the version, the channel and the metadata, so
 * no captured handshake verifies against a fresh nonce; the listener also remembers recent Nc values
 * and refuses a HELLO that repeats one. The frame header layout, the HELLO prefix (magic, version)
 * and REFUSE are fixed across versions, so a peer of another version is always refused readably.
 * After WELCOME both sides exchange frames freely; HEARTBEAT is sent by an idle side every
 * heartbeat interval and CLOSE (str reason) announces an orderly or error close.
 */
final class LinkProtocol {
    /** Current (and only) protocol version. History: 1 = first release. */
    static final int VERSION = 1;
    static final int MAGIC = 0x5652504C; // "VRPL"
    static final int HEADER_BYTES = 11;
    static final int NONCE_BYTES = 32;
    static final int PROOF_BYTES = 32;
    static final int HANDSHAKE_MAX_PAYLOAD = 64 * 1024;
    static final int FLAG_DEFLATE = 0x01;

    /** Highest frame type the upper layer may use. */
    static final int MAX_USER_TYPE = 0x7EFF;
    static final int HELLO = 0x7F01;
    static final int CHALLENGE = 0x7F02;
    static final int AUTH = 0x7F03;
    static final int WELCOME = 0x7F04;
    static final int REFUSE = 0x7F05;
    static final int HEARTBEAT = 0x7F10;
    static final int CLOSE = 0x7F11;

    static final String SERVER_LABEL = "volrep-link server v1";
    static final String CLIENT_LABEL = "volrep-link client v1";

    private LinkProtocol() {
    }

    static String typeName(int type) {
        switch (type) {
            case HELLO: return "HELLO";
            case CHALLENGE: return "CHALLENGE";
            case AUTH: return "AUTH";
            case WELCOME: return "WELCOME";
            case REFUSE: return "REFUSE";
            case HEARTBEAT: return "HEARTBEAT";
            case CLOSE: return "CLOSE";
            default: return String.format("0x%04X", type);
        }
    }
}
