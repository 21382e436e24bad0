package io.volrep.engine.api;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of a REQUEST frame: the command line and the client's working directory (so relative
 * file names in arguments mean what the user meant). Layout: cwd (UTF), argc (int), argv (UTF each).
 */
public record AdminRequest(String cwd, List<String> argv) {

    public AdminRequest {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command line");
        }
    }

    public byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF(cwd);
            out.writeInt(argv.size());
            for (String a : argv) {
                out.writeUTF(a);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static AdminRequest decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        String cwd = in.readUTF();
        int n = in.readInt();
        if (n < 1 || n > 4096) {
            throw new IOException("admin protocol: bad argument count " + n);
        }
        List<String> argv = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            argv.add(in.readUTF());
        }
        return new AdminRequest(cwd, argv);
    }
}
