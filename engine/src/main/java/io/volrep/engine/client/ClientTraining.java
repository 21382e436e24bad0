package io.volrep.engine.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.volrep.engine.api.AdminFrame;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.conf.HostConfig;

/**
 * The run {@code bin/volrep-env.sh} makes once, under {@code -XX:ArchiveClassesAtExit}, to write the
 * command client's class-data sharing archive: the whole client path of a command (parsing a config,
 * the admin protocol over a Unix socket) against a stand-in daemon in this process, so that the archive
 * holds the classes every command loads. Loading them from the archive instead of the jars makes a
 * command start about a third faster. Prints nothing.
 */
final class ClientTraining {
    private ClientTraining() {
    }

    /** Runs the client path once; 0 when it went through, 1 otherwise (the archive is then not kept). */
    static int run(Path config) {
        try {
            HostConfig.load(config);
        } catch (VolrepException e) {
            return 1;
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("volrep-cds");
            Path socket = dir.resolve("admin.sock");
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socket));
                Thread daemon = new Thread(() -> answer(server), "cds-training-daemon");
                daemon.start();
                PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
                int status = new EngineClient(socket).run(List.of("vxprint"),
                        new StreamIo(nowhere, nowhere, new BufferedReader(new StringReader("y\n")), " [y,n] ", false));
                daemon.join(10_000);
                return status;
            }
        } catch (IOException | InterruptedException e) {
            return 1;
        } finally {
            if (dir != null) {
                try {
                    Files.deleteIfExists(dir.resolve("admin.sock"));
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    // a temp directory left behind is harmless
                }
            }
        }
    }

    /** The stand-in daemon: reads HELLO and the request, asks one question, writes output and EXIT 0. */
    private static void answer(ServerSocketChannel server) {
        try (SocketChannel ch = server.accept()) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch)));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
            AdminFrame.readFrom(in);
            AdminFrame.readFrom(in);
            AdminFrame.text(AdminFrame.Type.ASK, "go on?").writeTo(out);
            out.flush();
            AdminFrame.readFrom(in);
            AdminFrame.text(AdminFrame.Type.OUT, "out\n").writeTo(out);
            AdminFrame.text(AdminFrame.Type.ERR, "err\n").writeTo(out);
            AdminFrame.text(AdminFrame.Type.EXIT, "0").writeTo(out);
            out.flush();
        } catch (IOException e) {
            // the client reports a broken exchange by its status
        }
    }
}
