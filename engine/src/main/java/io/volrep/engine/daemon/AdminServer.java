package io.volrep.engine.daemon;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.volrep.engine.api.AdminFrame;
import io.volrep.engine.api.AdminRequest;
import io.volrep.engine.client.CommandIo;
import io.volrep.engine.command.CommandRegistry;

/**
 * The admin socket: a Unix socket, owner-only, where thin clients send a command line and receive
 * its output as it is produced. One thread per connection; the command keeps running if the client
 * goes away (its output is dropped, its questions are answered no).
 */
public final class AdminServer implements Closeable {
    private static final Logger LOG = Logger.getLogger(AdminServer.class.getName());

    private final Path socket;
    private final CommandRegistry registry;
    private final String host;
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    private ServerSocketChannel server;
    private Thread acceptor;
    private volatile boolean closed;

    public AdminServer(Path socket, CommandRegistry registry, String host) {
        this.socket = socket;
        this.registry = registry;
        this.host = host;
    }

    /** Binds the socket (replacing a stale one; the caller holds the state-directory lock). */
    public void start() throws IOException {
        Files.createDirectories(socket.getParent());
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        acceptor = new Thread(this::acceptLoop, "admin-accept-" + host);
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info("admin socket listening on " + socket);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel ch = server.accept();
                clients.add(ch);
                Thread t = new Thread(() -> serve(ch), "admin-" + host);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "admin socket accept failed", e);
                }
            }
        }
    }

    private void serve(SocketChannel ch) {
        try (ch) {
            // Not Channels.newInputStream/newOutputStream: they share the channel's blocking lock, so a read
            // waiting for the client (the watcher below) would hold up every write of the command's output.
            DataInputStream in = new DataInputStream(new BufferedInputStream(input(ch)));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(output(ch)));
            AdminFrame hello = AdminFrame.readFrom(in);
            if (hello.type() != AdminFrame.Type.HELLO || !hello.text().equals(AdminFrame.HELLO_TEXT)) {
                LOG.warning("admin socket: client did not identify as " + AdminFrame.HELLO_TEXT + "; closed");
                return;
            }
            AdminFrame req = AdminFrame.readFrom(in);
            if (req.type() != AdminFrame.Type.REQUEST) {
                LOG.warning("admin socket: expected a request, got " + req.type() + "; closed");
                return;
            }
            AdminRequest request = AdminRequest.decode(req.payload());
            LOG.info("command: " + String.join(" ", request.argv()));
            FrameIo io = new FrameIo(in, out);
            io.watch("admin-watch-" + host);
            int status = registry.run(request.argv(), io, Path.of(request.cwd()));
            io.send(AdminFrame.exit(status));
        } catch (IOException e) {
            LOG.log(Level.FINE, "admin connection ended: " + e.getMessage());
        } finally {
            clients.remove(ch);
        }
    }

    private static java.io.InputStream input(SocketChannel ch) {
        return new java.io.InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : ch.read(java.nio.ByteBuffer.wrap(b, off, len));
            }
        };
    }

    private static java.io.OutputStream output(SocketChannel ch) {
        return new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        };
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (server != null) {
            server.close();
        }
        for (SocketChannel ch : clients) {
            ch.close();
        }
        if (acceptor != null) {
            try {
                acceptor.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.deleteIfExists(socket);
    }

    /**
     * Sends a command's output as frames; once the client is gone, output is dropped. A watcher thread
     * reads what the client sends while the command runs (answers to questions), so that a client that
     * goes away is noticed at once, even by a command that is waiting for something to print.
     */
    private static final class FrameIo implements CommandIo {
        private static final AdminFrame GONE = AdminFrame.text(AdminFrame.Type.EXIT, "gone");
        private final DataInputStream in;
        private final DataOutputStream out;
        private final java.util.concurrent.BlockingQueue<AdminFrame> answers = new java.util.concurrent.LinkedBlockingQueue<>();
        private volatile boolean gone;

        FrameIo(DataInputStream in, DataOutputStream out) {
            this.in = in;
            this.out = out;
        }

        /** Starts the thread that reads the client's frames until the connection ends. */
        void watch(String name) {
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        AdminFrame f = AdminFrame.readFrom(in);
                        if (f.type() != AdminFrame.Type.ANSWER) {
                            throw new IOException("admin protocol: unexpected " + f.type() + " from the client");
                        }
                        answers.add(f);
                    }
                } catch (IOException e) {
                    gone = true;
                    answers.add(GONE);
                }
            }, name);
            t.setDaemon(true);
            t.start();
        }

        synchronized void send(AdminFrame f) {
            if (gone) {
                return;
            }
            try {
                f.writeTo(out);
            } catch (IOException e) {
                gone = true;
            }
        }

        @Override
        public void out(String text) {
            chunks(AdminFrame.Type.OUT, text);
        }

        @Override
        public void err(String text) {
            chunks(AdminFrame.Type.ERR, text);
        }

        private void chunks(AdminFrame.Type type, String text) {
            int step = AdminFrame.MAX_PAYLOAD / 4;
            for (int i = 0; i < text.length(); i += step) {
                send(AdminFrame.text(type, text.substring(i, Math.min(text.length(), i + step))));
            }
        }

        @Override
        public boolean closed() {
            return gone;
        }

        @Override
        public boolean confirm(String question) {
            send(AdminFrame.text(AdminFrame.Type.ASK, question));
            if (gone) {
                return false;
            }
            try {
                AdminFrame answer = answers.take();
                return answer != GONE && answer.text().startsWith("y");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
