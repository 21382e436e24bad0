package io.volrep.engine.link;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Bounds a sequence of reads by one deadline, so a peer that dribbles bytes cannot hold a handshake
 * open past its timeout. Each read sets the socket's SO_TIMEOUT to the time left. {@link #disarm}
 * ends the deadline; later reads keep whatever SO_TIMEOUT the socket then has. Reader thread only.
 */
final class DeadlineInputStream extends FilterInputStream {
    private final Socket socket;
    private volatile long deadlineNanos;
    private volatile boolean armed;

    DeadlineInputStream(Socket socket, InputStream in) {
        super(in);
        this.socket = socket;
    }

    void arm(long timeoutMillis) {
        deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
        armed = true;
    }

    void disarm() {
        armed = false;
    }

    @Override
    public int read() throws IOException {
        setTimeout();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        setTimeout();
        return super.read(b, off, len);
    }

    private void setTimeout() throws IOException {
        if (!armed) {
            return;
        }
        long leftMillis = (deadlineNanos - System.nanoTime()) / 1_000_000L;
        if (leftMillis <= 0) {
            throw new SocketTimeoutException("handshake deadline passed");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMillis));
    }
}
