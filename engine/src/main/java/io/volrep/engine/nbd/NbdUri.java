package io.volrep.engine.nbd;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * An NBD URI in the forms libnbd, qemu and fio take: {@code nbd+unix:///EXPORT?socket=PATH} or
 * {@code nbd://HOST[:PORT]/EXPORT} (port 10809 by default). TLS forms ({@code nbds}) are not supported.
 *
 * @param socket the Unix socket, or null for TCP
 * @param host   the TCP host, or null for a Unix socket
 */
public record NbdUri(String export, Path socket, String host, int port) {

    public static NbdUri parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad NBD URI " + text + ": " + e.getMessage(), e);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String export = path.startsWith("/") ? path.substring(1) : path;
        String scheme = String.valueOf(uri.getScheme());
        if (scheme.equals("nbd+unix")) {
            String socket = queryValue(uri, "socket");
            if (socket == null || socket.isEmpty()) {
                throw new IllegalArgumentException("NBD URI " + text + " needs ?socket=PATH");
            }
            return new NbdUri(export, Path.of(socket), null, 0);
        }
        if (scheme.equals("nbd")) {
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("NBD URI " + text + " has no host");
            }
            int port = uri.getPort() < 0 ? NbdProtocol.DEFAULT_TCP_PORT : uri.getPort();
            return new NbdUri(export, null, uri.getHost(), port);
        }
        throw new IllegalArgumentException("NBD URI " + text
                + " must start with nbd+unix:/// or nbd:// (TLS is not supported)");
    }

    private static String queryValue(URI uri, String key) {
        String q = uri.getQuery();
        if (q == null) {
            return null;
        }
        for (String part : q.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(key)) {
                return part.substring(eq + 1);
            }
        }
        return null;
    }

    SocketAddress address() {
        return socket != null ? UnixDomainSocketAddress.of(socket) : new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return socket != null ? "nbd+unix:///" + export + "?socket=" + socket
                : "nbd://" + host + ":" + port + "/" + export;
    }
}
