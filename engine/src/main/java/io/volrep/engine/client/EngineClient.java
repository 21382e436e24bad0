package io.volrep.engine.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.volrep.engine.api.AdminFrame;
import io.volrep.engine.api.AdminRequest;
import io.volrep.engine.api.ErrorCode;

/**
 * Runs commands in the daemon over its admin socket. One connection per command; output is handed
 * to the {@link CommandIo} as the daemon produces it. Thread-safe: no shared state between runs.
 */
public final class EngineClient implements CommandRunner {
    private final Path socket;
    private final String cwd;

    public EngineClient(Path socket) {
        this(socket, System.getProperty("user.dir"));
    }

    public EngineClient(Path socket, String cwd) {
        this.socket = socket;
        this.cwd = cwd;
    }

    /**
     * The client for this host's daemon, at the admin socket its config names: {@code confFile} if
     * given, else {@code $VXREP_CONF}, else the default config file.
     */
    public static EngineClient forHost(java.util.Optional<String> confFile, java.util.Map<String, String> env)
            throws io.volrep.engine.api.VolrepException {
        io.volrep.engine.conf.HostConfig c = io.volrep.engine.conf.HostConfig.load(
                io.volrep.engine.conf.HostConfig.locate(confFile, env));
        return new EngineClient(c.adminSocket());
    }

    public Path socket() {
        return socket;
    }

    /** True if a daemon answers on the socket. */
    public boolean daemonRunning() {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public int run(List<String> argv, CommandIo io) throws IOException {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            throw new DaemonNotRunningException(notRunningMessage(argv.get(0)), e);
        }
        try (ch) {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch)));
            AdminFrame.text(AdminFrame.Type.HELLO, AdminFrame.HELLO_TEXT).writeTo(out);
            new AdminFrame(AdminFrame.Type.REQUEST, new AdminRequest(cwd, argv).encode()).writeTo(out);
            while (true) {
                AdminFrame f = AdminFrame.readFrom(in);
                switch (f.type()) {
                    case OUT -> io.out(f.text());
                    case ERR -> io.err(f.text());
                    case ASK -> {
                        boolean yes = io.confirm(f.text());
                        AdminFrame.text(AdminFrame.Type.ANSWER, yes ? "y" : "n").writeTo(out);
                    }
                    case EXIT -> {
                        return Integer.parseInt(f.text().trim());
                    }
                    default -> throw new IOException("admin protocol: unexpected frame " + f.type() + " from daemon");
                }
            }
        }
    }

    private String notRunningMessage(String command) {
        String why = Files.exists(socket) ? "does not answer" : "does not exist";
        return command + ": " + ErrorCode.DAEMON_NOT_RUNNING.tag() + " ERROR: the vxrepd daemon is not running (admin socket "
                + socket + " " + why + "): start it with 'vxrepd' (or 'vxlab up' for the lab), with the same "
                + "VXREP_CONF as this command";
    }

    /** The daemon could not be reached; the message says how to start it. */
    public static final class DaemonNotRunningException extends IOException {
        private static final long serialVersionUID = 1L;

        DaemonNotRunningException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
