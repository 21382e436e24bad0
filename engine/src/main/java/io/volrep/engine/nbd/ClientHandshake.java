package io.volrep.engine.nbd;

import static io.volrep.engine.nbd.NbdProtocol.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** Client side of the fixed newstyle handshake: selects one export with NBD_OPT_GO. */
final class ClientHandshake {
    /** Largest option reply we accept; ours are far smaller. */
    private static final int MAX_REPLY_DATA = 1 << 16;

    /** What the server told us about the export. */
    record Result(long size, int transmissionFlags, int maxBlock) {
    }

    private final SocketChannel ch;
    private final NbdUri uri;

    ClientHandshake(SocketChannel ch, NbdUri uri) {
        this.ch = ch;
        this.uri = uri;
    }

    Result run() throws IOException {
        ByteBuffer greeting = ByteBuffer.allocate(18);
        Wire.readFully(ch, greeting);
        if (greeting.getLong(0) != NBDMAGIC || greeting.getLong(8) != IHAVEOPT) {
            throw new IOException(uri + ": not a newstyle NBD server");
        }
        int serverFlags = Short.toUnsignedInt(greeting.getShort(16));
        if ((serverFlags & FLAG_FIXED_NEWSTYLE) == 0) {
            throw new IOException(uri + ": server does not speak fixed newstyle");
        }
        int clientFlags = FLAG_FIXED_NEWSTYLE | (serverFlags & FLAG_NO_ZEROES);
        Wire.writeFully(ch, ByteBuffer.allocate(4).putInt(clientFlags).flip());
        byte[] name = uri.export().getBytes(StandardCharsets.UTF_8);
        ByteBuffer go = ByteBuffer.allocate(16 + 4 + name.length + 4).putLong(IHAVEOPT).putInt(OPT_GO)
                .putInt(4 + name.length + 4).putInt(name.length).put(name).putShort((short) 1)
                .putShort((short) INFO_BLOCK_SIZE).flip();
        Wire.writeFully(ch, go);
        return readGoReplies();
    }

    private Result readGoReplies() throws IOException {
        long size = -1;
        int tflags = 0;
        int maxBlock = MAX_BLOCK;
        while (true) {
            ByteBuffer head = ByteBuffer.allocate(20);
            Wire.readFully(ch, head);
            int type = head.getInt(12);
            int length = head.getInt(16);
            if (head.getLong(0) != OPTION_REPLY_MAGIC || head.getInt(8) != OPT_GO) {
                throw new IOException(uri + ": bad option reply from server");
            }
            if (length < 0 || length > MAX_REPLY_DATA) {
                throw new IOException(uri + ": option reply of " + Integer.toUnsignedString(length) + " bytes");
            }
            ByteBuffer data = ByteBuffer.allocate(length);
            Wire.readFully(ch, data);
            data.flip();
            if (type == REP_ACK) {
                if (size < 0) {
                    throw new IOException(uri + ": server acknowledged OPT_GO without NBD_INFO_EXPORT");
                }
                return new Result(size, tflags, maxBlock);
            }
            if (type < 0) {
                throw new IOException(uri + ": server refused export " + uri.export() + " ("
                        + replyName(type) + "): " + StandardCharsets.UTF_8.decode(data));
            }
            if (type == REP_INFO && length >= 2) {
                int info = Short.toUnsignedInt(data.getShort());
                if (info == INFO_EXPORT && length == 12) {
                    size = data.getLong();
                    tflags = Short.toUnsignedInt(data.getShort());
                } else if (info == INFO_BLOCK_SIZE && length == 14) {
                    data.getInt();
                    data.getInt();
                    maxBlock = data.getInt();
                }
            }
        }
    }

    private static String replyName(int type) {
        switch (type) {
            case REP_ERR_UNSUP: return "NBD_REP_ERR_UNSUP";
            case REP_ERR_POLICY: return "NBD_REP_ERR_POLICY";
            case REP_ERR_INVALID: return "NBD_REP_ERR_INVALID";
            case REP_ERR_UNKNOWN: return "NBD_REP_ERR_UNKNOWN";
            case REP_ERR_SHUTDOWN: return "NBD_REP_ERR_SHUTDOWN";
            default: return "error 0x" + Integer.toHexString(type);
        }
    }
}
