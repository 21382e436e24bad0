package io.volrep.engine.link;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS with mutual certificates under the peer port's own authentication (an option: {@code
 * vxrep.peer.tls}). Both sides present a certificate from their key store and accept only peers whose
 * certificate chains to their trust store; the peer's certificate must name the host it claims to be
 * (its subject CN equals the host name), so a stolen key of one host cannot pose as another. The
 * shared-key handshake still runs inside the encrypted channel. TLS 1.3 only. Thread-safe.
 */
public final class PeerTls {
    private static final String[] PROTOCOLS = {"TLSv1.3"};
    private final SSLContext context;

    private PeerTls(SSLContext context) {
        this.context = context;
    }

    /**
     * Loads PKCS#12 key and trust stores, both opened with the password in {@code passwordFile} (its first
     * line).
     *
     * @throws IOException naming the file that cannot be read or used
     */
    public static PeerTls load(Path keyStore, Path trustStore, Path passwordFile) throws IOException {
        char[] password = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("")
                .trim().toCharArray();
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store(keyStore, password), password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store(trustStore, password));
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return new PeerTls(ctx);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use key store " + keyStore + " / trust store " + trustStore + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore store(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        } catch (IOException e) {
            throw new IOException("cannot read " + file + " as a PKCS#12 store with the password given: " + e.getMessage(), e);
        }
        return ks;
    }

    /** Wraps a connected socket as the client side and completes the TLS handshake within {@code timeout}. */
    public SSLSocket client(Socket plain, Duration timeout) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, plain.getInetAddress().getHostAddress(),
                plain.getPort(), true);
        s.setUseClientMode(true);
        return handshake(s, timeout);
    }

    /** Wraps an accepted socket as the server side, requiring a client certificate. */
    public SSLSocket server(Socket plain, Duration timeout) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
        s.setUseClientMode(false);
        s.setNeedClientAuth(true);
        return handshake(s, timeout);
    }

    private static SSLSocket handshake(SSLSocket s, Duration timeout) throws IOException {
        s.setEnabledProtocols(PROTOCOLS);
        int before = s.getSoTimeout();
        s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try {
            s.startHandshake();
        } catch (SSLException e) {
            throw new SSLException("TLS handshake failed: " + e.getMessage(), e);
        }
        s.setSoTimeout(before);
        return s;
    }

    /**
     * Refuses a peer whose certificate does not name {@code host} (subject CN).
     *
     * @throws SSLPeerUnverifiedException saying which name the certificate carries
     */
    public static void requireName(SSLSocket s, String host) throws SSLPeerUnverifiedException {
        Certificate[] chain = s.getSession().getPeerCertificates();
        String cn = commonName((X509Certificate) chain[0]);
        if (!host.equalsIgnoreCase(cn)) {
            throw new SSLPeerUnverifiedException("the peer says it is " + host + " but its certificate names '" + cn
                    + "': give each host a certificate with CN=<its vxrep.host>");
        }
    }

    static String commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return "";
        }
        return "";
    }
}
