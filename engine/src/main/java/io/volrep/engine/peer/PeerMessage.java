package io.volrep.engine.peer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request or reply on the admin channel between daemons: an operation name (or, in a reply, a
 * status and a message) and string fields. Layout: op (UTF), status (int), message (UTF), count (int),
 * then key/value pairs (UTF each). Status 0 is success; otherwise it is the {@code VR-nnnn} number.
 */
public record PeerMessage(String op, int status, String message, Map<String, String> fields) {

    public PeerMessage {
        fields = Map.copyOf(fields);
    }

    public static PeerMessage request(String op, Map<String, String> fields) {
        return new PeerMessage(op, 0, "", fields);
    }

    public static PeerMessage ok(Map<String, String> fields) {
        return new PeerMessage("reply", 0, "", fields);
    }

    public static PeerMessage error(int code, String message) {
        return new PeerMessage("reply", code, message, Map.of());
    }

    public boolean ok() {
        return status == 0;
    }

    public String field(String key) {
        String v = fields.get(key);
        if (v == null) {
            throw new IllegalArgumentException("peer message " + op + " has no field " + key);
        }
        return v;
    }

    public String field(String key, String dflt) {
        return fields.getOrDefault(key, dflt);
    }

    public byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF(op);
            out.writeInt(status);
            out.writeUTF(message);
            out.writeInt(fields.size());
            for (Map.Entry<String, String> e : fields.entrySet()) {
                out.writeUTF(e.getKey());
                writeLong(out, e.getValue());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PeerMessage decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        String op = in.readUTF();
        int status = in.readInt();
        String message = in.readUTF();
        int n = in.readInt();
        if (n < 0 || n > 100_000) {
            throw new IOException("peer message with " + n + " fields");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            fields.put(in.readUTF(), readLong(in));
        }
        return new PeerMessage(op, status, message, fields);
    }

    /** Values may exceed writeUTF's 64 KiB: length-prefixed UTF-8. */
    private static void writeLong(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readLong(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (16 << 20)) {
            throw new IOException("peer message field of " + n + " bytes");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
}
