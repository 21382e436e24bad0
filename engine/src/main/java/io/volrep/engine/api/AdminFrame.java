package io.volrep.engine.api;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One frame of the admin socket protocol between a command client and the daemon.
 *
 * <p>Wire layout: {@code type (1 byte) | length (int32, big-endian) | payload (length bytes)}. A
 * conversation is: client sends HELLO then REQUEST; daemon streams OUT and ERR, may send ASK and
 * then waits for ANSWER; daemon ends with EXIT. A payload larger than {@link #MAX_PAYLOAD} or an
 * unknown type is a protocol error and closes the connection.
 */
public record AdminFrame(Type type, byte[] payload) {

    /** Largest payload accepted; a command's output is streamed in smaller pieces. */
    public static final int MAX_PAYLOAD = 1 << 20;

    /** Protocol identification sent first by the client. */
    public static final String HELLO_TEXT = "volrep-admin 1";

    public enum Type {
        HELLO('H'), REQUEST('R'), OUT('O'), ERR('E'), ASK('Q'), ANSWER('A'), EXIT('X');

        private final byte code;

        Type(char code) {
            this.code = (byte) code;
        }

        static Type of(byte b) throws IOException {
            for (Type t : values()) {
                if (t.code == b) {
                    return t;
                }
            }
            throw new IOException("admin protocol: unknown frame type 0x" + Integer.toHexString(b & 0xff));
        }
    }

    public static AdminFrame text(Type type, String text) {
        return new AdminFrame(type, text.getBytes(StandardCharsets.UTF_8));
    }

    public static AdminFrame exit(int status) {
        return text(Type.EXIT, Integer.toString(status));
    }

    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    public void writeTo(DataOutputStream out) throws IOException {
        out.writeByte(type.code);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    /** Reads one frame; EOFException if the peer closed cleanly before a frame started. */
    public static AdminFrame readFrom(DataInputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("admin connection closed");
        }
        Type type = Type.of((byte) b);
        int len = in.readInt();
        if (len < 0 || len > MAX_PAYLOAD) {
            throw new IOException("admin protocol: frame of " + len + " bytes is too large");
        }
        byte[] payload = new byte[len];
        in.readFully(payload);
        return new AdminFrame(type, payload);
    }
}
