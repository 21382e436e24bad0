package io.volrep.engine.nbd;

import static io.volrep.engine.nbd.NbdProtocol.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A hand-driven NBD socket for sending malformed bytes; every read has a deadline. */
final class RawNbd implements AutoCloseable {
    private static final long TIMEOUT_MS = 10_000;
    private final SocketChannel ch;
    private final Selector selector;

    RawNbd(Path socket) throws IOException {
        ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        ch.configureBlocking(false);
        selector = Selector.open();
        ch.register(selector, SelectionKey.OP_READ);
    }

    /** Reads the greeting and answers with {@code clientFlags}. */
    RawNbd greet(int clientFlags) throws IOException {
        ByteBuffer g = read(18);
        assertEquals(NBDMAGIC, g.getLong());
        assertEquals(IHAVEOPT, g.getLong());
        send(ByteBuffer.allocate(4).putInt(clientFlags).flip());
        return this;
    }

    void option(int option, ByteBuffer data) throws IOException {
        send(ByteBuffer.allocate(16).putLong(IHAVEOPT).putInt(option).putInt(data.remaining()).flip(), data);
    }

    /** One option reply: returns its type; {@code data} receives its payload. */
    int optionReply(int expectOption, ByteBuffer[] data) throws IOException {
        ByteBuffer h = read(20);
        assertEquals(OPTION_REPLY_MAGIC, h.getLong());
        assertEquals(expectOption, h.getInt());
        int type = h.getInt();
        data[0] = read(h.getInt());
        return type;
    }

    static ByteBuffer goData(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + b.length + 2).putInt(b.length).put(b).putShort((short) 0).flip();
    }

    /** Handshake with OPT_GO; returns the export size. */
    long go(String name) throws IOException {
        greet(FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES);
        option(OPT_GO, goData(name));
        ByteBuffer[] d = new ByteBuffer[1];
        long size = -1;
        for (int type = optionReply(OPT_GO, d); type != REP_ACK; type = optionReply(OPT_GO, d)) {
            assertEquals(REP_INFO, type);
            if (d[0].getShort(0) == INFO_EXPORT) {
                size = d[0].getLong(2);
            }
        }
        return size;
    }

    void request(int type, int flags, long handle, long offset, int length, ByteBuffer payload) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(28).putInt(REQUEST_MAGIC).putShort((short) flags).putShort((short) type)
                .putLong(handle).putLong(offset).putInt(length).flip();
        send(h, payload == null ? ByteBuffer.allocate(0) : payload);
    }

    /** Reads a simple reply for {@code handle}; returns its error. */
    int reply(long handle) throws IOException {
        ByteBuffer r = read(16);
        assertEquals(SIMPLE_REPLY_MAGIC, r.getInt());
        int error = r.getInt();
        assertEquals(handle, r.getLong());
        return error;
    }

    void send(ByteBuffer... bufs) throws IOException {
        long left = 0;
        for (ByteBuffer b : bufs) {
            left += b.remaining();
        }
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (left > 0) {
            long n = ch.write(bufs);
            left -= n;
            if (n == 0) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("send timed out");
                }
                Thread.onSpinWait();
            }
        }
    }

    ByteBuffer read(int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (b.hasRemaining()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new IOException("no reply within " + TIMEOUT_MS + " ms (" + b.position() + "/" + n + " bytes)");
            }
            selector.select(left);
            selector.selectedKeys().clear();
            if (ch.read(b) < 0) {
                throw new java.io.EOFException("server closed after " + b.position() + "/" + n + " bytes");
            }
        }
        return b.flip();
    }

    /** True when the server closes the connection (within the timeout), false if data arrives instead. */
    boolean closedByServer() throws IOException {
        try {
            read(1);
            return false;
        } catch (java.io.EOFException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        ch.close();
    }
}
