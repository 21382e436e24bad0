package io.volrep.engine.link;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The handshake messages of {@link LinkProtocol}, their encodings and the proofs over them. */
final class Handshake {
    /** Why one side refused the other; carried in REFUSE so the other side can say it clearly. */
    enum RefusalKind { AUTH, VERSION, HOST, CHANNEL, REPLAY, PROTOCOL, BUSY }

    record Hello(int version, String clientHost, String serverHost, String channel, Map<String, String> metadata,
                 byte[] nonce) {
        byte[] encode() {
            return write(out -> {
                out.writeInt(LinkProtocol.MAGIC);
                out.writeShort(version);
                writeString(out, clientHost);
                writeString(out, serverHost);
                writeString(out, channel);
                out.writeShort(metadata.size());
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    writeString(out, e.getKey());
                    writeString(out, e.getValue());
                }
                out.write(nonce);
            });
        }

        static Hello decode(byte[] payload) throws FrameException {
            return read(payload, "HELLO", in -> {
                int version = readPrefix(in, "HELLO");
                String client = readString(in);
                String server = readString(in);
                String channel = readString(in);
                int n = Short.toUnsignedInt(in.getShort());
                Map<String, String> meta = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    meta.put(readString(in), readString(in));
                }
                return new Hello(version, client, server, channel, Map.copyOf(meta), bytes(in, LinkProtocol.NONCE_BYTES));
            });
        }
    }

    record Challenge(int version, String serverHost, byte[] nonce, byte[] proof) {
        /** The payload without the proof: what both proofs cover. */
        byte[] body() {
            return write(out -> {
                out.writeInt(LinkProtocol.MAGIC);
                out.writeShort(version);
                writeString(out, serverHost);
                out.write(nonce);
            });
        }

        byte[] encode() {
            byte[] body = body();
            return ByteBuffer.allocate(body.length + proof.length).put(body).put(proof).array();
        }

        static Challenge decode(byte[] payload) throws FrameException {
            return read(payload, "CHALLENGE", in -> new Challenge(readPrefix(in, "CHALLENGE"), readString(in),
                    bytes(in, LinkProtocol.NONCE_BYTES), bytes(in, LinkProtocol.PROOF_BYTES)));
        }
    }

    record Refusal(RefusalKind kind, String reason) {
        byte[] encode() {
            return write(out -> {
                out.writeByte(kind.ordinal());
                writeString(out, reason);
            });
        }

        static Refusal decode(byte[] payload) throws FrameException {
            return read(payload, "REFUSE", in -> {
                int k = Byte.toUnsignedInt(in.get());
                RefusalKind kind = k < RefusalKind.values().length ? RefusalKind.values()[k] : RefusalKind.PROTOCOL;
                return new Refusal(kind, readString(in));
            });
        }
    }

    private Handshake() {
    }

    static byte[] proof(PeerKey key, String label, byte[] hello, byte[] challengeBody) {
        return key.hmac(label.getBytes(StandardCharsets.US_ASCII), hello, challengeBody);
    }

    static boolean verify(PeerKey key, String label, byte[] proof, byte[] hello, byte[] challengeBody) {
        return key.verify(proof, label.getBytes(StandardCharsets.US_ASCII), hello, challengeBody);
    }

    /** The version a HELLO or CHALLENGE announces; readable whatever the rest of it holds. */
    static int peekVersion(byte[] payload, String what) throws FrameException {
        try {
            return readPrefix(ByteBuffer.wrap(payload), what);
        } catch (BufferUnderflowException e) {
            throw new FrameException(LinkStats.ErrorKind.MALFORMED, what + " ends early (" + payload.length + " bytes)");
        }
    }

    /** Encodes one string for the CLOSE frame; also used by tests. */
    static byte[] string(String s) {
        return write(out -> writeString(out, s));
    }

    static String string(byte[] payload) throws FrameException {
        return read(payload, "CLOSE", Handshake::readString);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(ByteBuffer in) throws FrameException;
    }

    private static byte[] write(Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] payload, String what, Reader<T> r) throws FrameException {
        try {
            ByteBuffer in = ByteBuffer.wrap(payload);
            T value = r.read(in);
            if (in.hasRemaining()) {
                throw new FrameException(LinkStats.ErrorKind.MALFORMED,
                        what + " has " + in.remaining() + " bytes after its end");
            }
            return value;
        } catch (BufferUnderflowException e) {
            throw new FrameException(LinkStats.ErrorKind.MALFORMED, what + " ends early (" + payload.length + " bytes)");
        }
    }

    private static int readPrefix(ByteBuffer in, String what) throws FrameException {
        int magic = in.getInt();
        if (magic != LinkProtocol.MAGIC) {
            throw new FrameException(LinkStats.ErrorKind.MALFORMED,
                    String.format("%s has magic %08X, not %08X: not a volrep peer", what, magic, LinkProtocol.MAGIC));
        }
        return Short.toUnsignedInt(in.getShort());
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("string of " + b.length + " bytes does not fit a handshake field");
        }
        out.writeShort(b.length);
        out.write(b);
    }

    private static String readString(ByteBuffer in) {
        return new String(bytes(in, Short.toUnsignedInt(in.getShort())), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer in, int n) {
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }
}
