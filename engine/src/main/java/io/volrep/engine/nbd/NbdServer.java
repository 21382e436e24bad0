package io.volrep.engine.nbd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * NBD server (fixed newstyle, simple replies) over an {@link ExportCatalog}, listening on a Unix
 * domain socket and/or a TCP address. One acceptor thread per listener; each connection has a
 * reader and a reply-writer thread (see {@link NbdConnection}). A misbehaving client loses only its
 * own connection. Thread-safe; {@link #start} once, {@link #close} any number of times.
 */
public final class NbdServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NbdServer.class.getName());
    private static final long JOIN_MS = 10_000;

    private final ExportCatalog catalog;
    private final NbdServerConfig config;
    private final Set<NbdConnection> connections = ConcurrentHashMap.newKeySet();
    private final List<Thread> acceptors = new ArrayList<>();
    private final AtomicLong connectionIds = new AtomicLong();
    private ServerSocketChannel unixListener;
    private ServerSocketChannel tcpListener;
    private volatile boolean closed;

    public NbdServer(ExportCatalog catalog, NbdServerConfig config) {
        this.catalog = catalog;
        this.config = config;
    }

    /** Binds the listeners and starts accepting. */
    public synchronized void start() throws IOException {
        if (unixListener != null || tcpListener != null || closed) {
            throw new IllegalStateException(this + " was already started");
        }
        try {
            if (config.socket() != null) {
                unixListener = new UnixSocketBinder(config.socket(), config.group()).bind();
                startAcceptor(unixListener, "unix");
            }
            if (config.tcp() != null) {
                tcpListener = ServerSocketChannel.open(StandardProtocolFamily.INET);
                tcpListener.bind(config.tcp());
                startAcceptor(tcpListener, "tcp");
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        LOG.info(() -> this + ": listening");
    }

    /** The Unix socket path, when configured. */
    public Optional<Path> socketPath() {
        return Optional.ofNullable(config.socket());
    }

    /** The bound TCP address (with the real port when 0 was asked for), when configured and started. */
    public synchronized Optional<InetSocketAddress> tcpAddress() {
        try {
            return tcpListener == null ? Optional.empty()
                    : Optional.of((InetSocketAddress) tcpListener.getLocalAddress());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@code nbd+unix:///NAME?socket=PATH}, the URI libnbd, qemu and fio take. */
    public String unixUri(String export) {
        Path p = socketPath().orElseThrow(() -> new IllegalStateException(this + " has no unix socket"));
        return "nbd+unix:///" + export + "?socket=" + p;
    }

    /** {@code nbd://HOST:PORT/NAME}. */
    public String tcpUri(String export) {
        InetSocketAddress a = tcpAddress().orElseThrow(() -> new IllegalStateException(this + " has no TCP listener"));
        return "nbd://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/" + export;
    }

    /** Connections currently open. */
    public int connectionCount() {
        return connections.size();
    }

    private void startAcceptor(ServerSocketChannel listener, String kind) {
        Thread t = new Thread(() -> acceptLoop(listener, kind), "nbd-accept-" + kind);
        t.setDaemon(true);
        acceptors.add(t);
        t.start();
    }

    private void acceptLoop(ServerSocketChannel listener, String kind) {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.SEVERE, this + ": accept on " + kind + " failed; listener stops", e);
                }
                return;
            }
            if (listener == tcpListener) {
                noDelay(ch);
            }
            admit(ch, kind + ":" + peerName(ch) + "#" + connectionIds.incrementAndGet());
        }
    }

    private void admit(SocketChannel ch, String client) {
        if (connections.size() >= config.maxConnections() || closed) {
            LOG.warning(() -> this + ": refusing " + client + ": " + config.maxConnections() + " connections open");
            closeQuietly(ch);
            return;
        }
        NbdConnection[] self = new NbdConnection[1];
        self[0] = new NbdConnection(ch, client, catalog, config, () -> connections.remove(self[0]));
        connections.add(self[0]);
        LOG.fine(() -> this + ": accepted " + client);
        self[0].start();
    }

    /** Replies are small writes; Nagle would hold one back until the client acknowledges the last. */
    private static void noDelay(SocketChannel ch) {
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            LOG.log(Level.FINE, "TCP_NODELAY on " + ch, e);
        }
    }

    private static String peerName(SocketChannel ch) {
        try {
            if (ch.getRemoteAddress() instanceof InetSocketAddress) {
                InetSocketAddress a = (InetSocketAddress) ch.getRemoteAddress();
                return a.getAddress().getHostAddress() + ":" + a.getPort();
            }
            UnixDomainPrincipal p = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return p.user().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }

    /** Stops the listeners, closes every connection (in-flight requests drain first), joins the threads. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        closeQuietly(unixListener);
        closeQuietly(tcpListener);
        if (unixListener != null) {
            try {
                Files.deleteIfExists(config.socket());
            } catch (IOException e) {
                LOG.log(Level.WARNING, this + ": cannot remove " + config.socket(), e);
            }
        }
        List<NbdConnection> open = new ArrayList<>(connections);
        open.forEach(NbdConnection::close);
        try {
            for (Thread t : acceptors) {
                t.join(JOIN_MS);
            }
            long waitMs = config.drainTimeout().toMillis() + JOIN_MS;
            for (NbdConnection c : open) {
                if (!c.join(waitMs)) {
                    LOG.warning(() -> this + ": " + c + " did not stop within " + waitMs + " ms");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info(() -> this + ": closed");
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "close " + c, e);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("NbdServer(");
        if (config.socket() != null) {
            sb.append(config.socket());
        }
        if (config.tcp() != null) {
            sb.append(config.socket() != null ? ", " : "").append("tcp ").append(config.tcp());
        }
        return sb.append(')').toString();
    }
}
