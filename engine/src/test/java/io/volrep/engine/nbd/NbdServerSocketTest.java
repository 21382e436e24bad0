package io.volrep.engine.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;

/** The listening socket: its mode and group, stale and live sockets, TCP, close. */
@Timeout(60)
class NbdServerSocketTest {
    @TempDir
    Path dir;

    private static final ExportCatalog EMPTY = new ExportCatalog() {
        @Override
        public List<String> names() {
            return List.of();
        }

        @Override
        public Export open(String name) throws VolrepException {
            throw new VolrepException(ErrorCode.NO_SUCH_VOLUME, "no " + name);
        }
    };

    private static PosixFileAttributes attrs(Path p) throws IOException {
        return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void socketIsOwnerOnlyByDefaultAndRemovedOnClose() throws Exception {
        Path sock = dir.resolve("nbd.sock");
        try (NbdServer s = new NbdServer(EMPTY, NbdServerConfig.unix(sock))) {
            s.start();
            assertTrue(attrs(sock).isOther(), "a socket");
            assertEquals("rw-------", PosixFilePermissions.toString(attrs(sock).permissions()));
            assertEquals(List.of(sock.getFileName().toString()), listing(), "no temporary name left behind");
        }
        assertFalse(Files.exists(sock, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void socketWithAGroupIs0660AndOwnedByIt() throws Exception {
        Path sock = dir.resolve("nbd.sock");
        // root can give the socket any group, so pick one that differs from the default; others use their own
        String group = System.getProperty("user.name").equals("root") ? "daemon" : attrs(dir).group().getName();
        try (NbdServer s = new NbdServer(EMPTY, NbdServerConfig.unix(sock).withSocketGroup(group))) {
            s.start();
            assertEquals("rw-rw----", PosixFilePermissions.toString(attrs(sock).permissions()));
            GroupPrincipal g = attrs(sock).group();
            assertEquals(group, g.getName());
        }
    }

    @Test
    void staleSocketIsReplacedAndALiveOneIsRefused() throws Exception {
        Path sock = dir.resolve("nbd.sock");
        ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        old.bind(UnixDomainSocketAddress.of(sock));
        try (NbdServer s = new NbdServer(EMPTY, NbdServerConfig.unix(sock))) {
            IOException e = assertThrows(IOException.class, s::start);
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
        old.close(); // the file stays: now it is stale
        assertTrue(Files.exists(sock, LinkOption.NOFOLLOW_LINKS));
        try (NbdServer s = new NbdServer(EMPTY, NbdServerConfig.unix(sock))) {
            s.start();
            try (RawNbd r = new RawNbd(sock)) {
                r.greet(NbdProtocol.FLAG_FIXED_NEWSTYLE);
            }
        }
    }

    @Test
    void somethingElseAtTheSocketPathIsNotDeleted() throws Exception {
        Path sock = dir.resolve("nbd.sock");
        Files.writeString(sock, "precious");
        try (NbdServer s = new NbdServer(EMPTY, NbdServerConfig.unix(sock))) {
            assertThrows(IOException.class, s::start);
        }
        assertEquals("precious", Files.readString(sock));
    }

    @Test
    void tcpListenerOnAnEphemeralPort() throws Exception {
        try (NbdServer s = new NbdServer(EMPTY,
                NbdServerConfig.tcpOnly(new java.net.InetSocketAddress("127.0.0.1", 0)))) {
            s.start();
            int port = s.tcpAddress().orElseThrow().getPort();
            assertTrue(port > 0);
            assertEquals("nbd://127.0.0.1:" + port + "/hrdg/x", s.tcpUri("hrdg/x"));
            IOException e = assertThrows(IOException.class, () -> NbdClient.connect(s.tcpUri("hrdg/x")));
            assertTrue(e.getMessage().contains("NBD_REP_ERR_UNKNOWN"), e.getMessage());
        }
    }

    private List<String> listing() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
