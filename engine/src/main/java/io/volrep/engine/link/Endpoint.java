package io.volrep.engine.link;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;

/** A connected socket with the buffered streams that the handshake and then the connection use. */
record Endpoint(Socket socket, DeadlineInputStream deadline, InputStream in, OutputStream out) {
    static final int BUFFER_BYTES = 64 * 1024;

    static Endpoint of(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        DeadlineInputStream deadline = new DeadlineInputStream(socket, socket.getInputStream());
        return new Endpoint(socket, deadline, new BufferedInputStream(deadline, BUFFER_BYTES),
                new BufferedOutputStream(socket.getOutputStream(), BUFFER_BYTES));
    }

    /** The socket's channel on a plain TCP link, which the connection then reads and writes directly; null with TLS. */
    SocketChannel channel() {
        return socket.getChannel();
    }

    InetSocketAddress remote() {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    String remoteText() {
        InetSocketAddress a = remote();
        return a == null ? "(unconnected)" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** Closes the socket, ignoring errors: used on paths that already report a failure. */
    void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the socket is being abandoned; there is nothing left to tell
        }
    }
}
