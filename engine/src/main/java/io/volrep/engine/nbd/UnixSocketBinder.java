package io.volrep.engine.nbd;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Binds a listening Unix domain socket with the right owner and mode before any client can reach
 * it: the socket is bound under a random temporary name in the same directory, given mode 0600
 * (or 0660 and the configured group), and only then renamed to its real path. A leftover socket
 * nobody listens on is replaced; a live one is an error (another server owns it).
 */
final class UnixSocketBinder {
    private static final Logger LOG = Logger.getLogger(UnixSocketBinder.class.getName());

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path path;
    private final Optional<String> group;

    UnixSocketBinder(Path path, Optional<String> group) {
        this.path = path.toAbsolutePath();
        this.group = group;
    }

    ServerSocketChannel bind() throws IOException {
        removeStale();
        Path tmp = path.resolveSibling("." + path.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8));
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            listener.bind(UnixDomainSocketAddress.of(tmp));
            // By path: the NOFOLLOW attribute view opens the file first, which a socket refuses (ENXIO).
            if (group.isPresent()) {
                GroupPrincipal g = tmp.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByGroupName(group.get());
                Files.setAttribute(tmp, "posix:group", g);
            }
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(group.isPresent() ? "rw-rw----"
                    : "rw-------"));
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                throw new IOException("cannot put the NBD socket at " + path + ": " + e, e);
            }
            return listener;
        } catch (IOException | RuntimeException e) {
            listener.close();
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private void removeStale() throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new IOException("cannot put the NBD socket at " + path + ": something that is not a socket is there");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw new IOException("NBD socket " + path + " is in use by another server: stop it first");
        } catch (java.net.ConnectException e) {
            LOG.info(() -> "removing stale NBD socket " + path);
            Files.delete(path);
        }
    }
}
