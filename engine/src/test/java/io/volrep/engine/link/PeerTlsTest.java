package io.volrep.engine.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.testing.Captured;
import io.volrep.engine.testing.TestHost;
import io.volrep.engine.testing.TestRds;

/**
 * vxrep.peer.tls: peers talk TLS 1.3 with mutual certificates. Hosts whose certificates the trust
 * store holds replicate; an untrusted certificate, a trusted certificate naming another host, and a
 * peer without TLS are refused with VR-4005, and the daemons stay up. Certificates come from the
 * JDK's keytool.
 */
@Timeout(180)
class PeerTlsTest {
    private static final String PASS = "volrep-test";

    @TempDir
    Path dir;
    private TestRds rds;

    @AfterEach
    void close() throws Exception {
        if (rds != null) {
            rds.close();
        }
    }

    private static final String TLS = "peer.tls { key-store = \"%s/{host}.p12\", trust-store = \"%s/trust.p12\", "
            + "password-file = \"%s/tls.pass\" }\n";

    @Test
    void trustedHostsReplicateOverTls() throws Exception {
        certificates("seattle", "london");
        rds = start(String.format(TLS, dir, dir, dir));
        setUp();
        rds.host("seattle").ok("vradmin -g hrdg addsec hr_rvg seattle london");
        rds.host("seattle").ok("vradmin -g hrdg -f startrep hr_rvg london");
        var rvg = rds.host("seattle").daemon().engine().rvgs().find("hrdg", "hr_rvg").orElseThrow();
        var link = rvg.rlink("rlk_london_hr_rvg").orElseThrow();
        TestRds.await(Duration.ofSeconds(30), "the RLINK to connect over TLS", link::connected);
        rvg.write(0, 0, java.nio.ByteBuffer.wrap(new byte[4096])).get(30, TimeUnit.SECONDS);
        TestRds.await(Duration.ofSeconds(30), "london to acknowledge", () -> link.ackedLsn() >= link.sentLsn() && link.ackedLsn() > 0);
    }

    @Test
    void aTrustedCertificateNamingAnotherHostIsRefused() throws Exception {
        certificates("seattle", "tokyo");
        Files.copy(dir.resolve("tokyo.p12"), dir.resolve("london.p12"), StandardCopyOption.REPLACE_EXISTING);
        rds = start(String.format(TLS, dir, dir, dir));
        setUp();
        Captured c = rds.host("seattle").run("vradmin -g hrdg addsec hr_rvg seattle london");
        assertEquals(1, c.status, c.toString());
        assertTrue(c.err().contains("VR-4005") && c.err().contains("tokyo"), c.toString());
        assertTrue(rds.host("seattle").ok("vxprint -g hrdg").contains("hr_rvg"), "seattle stays up");
        assertTrue(!rds.host("seattle").ok("vxprint -g hrdg").contains("rlk_london"), "nothing changed");
    }

    @Test
    void anUntrustedCertificateIsRefused() throws Exception {
        certificates("seattle", "london");
        keytool("-genkeypair", "-alias", "host", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=london",
                "-validity", "30", "-keystore", dir.resolve("mallory.p12").toString(), "-storetype", "PKCS12",
                "-storepass", PASS, "-keypass", PASS);
        Files.copy(dir.resolve("mallory.p12"), dir.resolve("london.p12"), StandardCopyOption.REPLACE_EXISTING);
        rds = start(String.format(TLS, dir, dir, dir));
        setUp();
        Captured c = rds.host("seattle").run("vradmin -g hrdg addsec hr_rvg seattle london");
        assertEquals(1, c.status, c.toString());
        assertTrue(c.err().contains("VR-4005") && c.err().contains("TLS"), c.toString());
        assertTrue(rds.host("london").ok("vxprint -g hrdg").contains("hr_dv01"), "london stays up");
    }

    @Test
    void aPeerWithoutTlsIsRefused() throws Exception {
        certificates("seattle", "london");
        Path key = dir.resolve("rds.key");
        Files.writeString(key, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        int port = TestRds.freePort();
        String common = "peer { port = " + port + ", key-file = \"" + key + "\" }\n";
        // seattle uses TLS, london does not.
        try (TestHost seattle = new TestHost(dir, "seattle", common + "peer.listen-address = \"" + TestRds.address(0)
                + "\"\nhosts { london = \"" + TestRds.address(1) + "\" }\n" + String.format(TLS, dir, dir, dir).replace("{host}", "seattle"));
             TestHost london = new TestHost(dir, "london", common + "peer.listen-address = \"" + TestRds.address(1)
                + "\"\nhosts { seattle = \"" + TestRds.address(0) + "\" }\n")) {
            seattle.start();
            london.start();
            for (TestHost h : List.of(seattle, london)) {
                h.ok("vxdg init hrdg");
                h.ok("vxassist -g hrdg make hr_dv01 4m");
                h.ok("vxassist -g hrdg make hr_srl 4m");
            }
            seattle.ok("vradmin -g hrdg createpri hr_rvg hr_dv01 hr_srl");
            Captured c = seattle.run("vradmin -g hrdg addsec hr_rvg seattle london");
            assertEquals(1, c.status, c.toString());
            assertTrue(c.err().contains("VR-4005") && c.err().contains("TLS"), c.toString());
            assertTrue(london.ok("vxprint -g hrdg").contains("hr_dv01"), "london stays up");
            assertTrue(seattle.ok("vxprint -g hrdg").contains("hr_rvg"), "seattle stays up");
        }
    }

    private TestRds start(String extra) throws Exception {
        return new TestRds(dir, List.of("seattle", "london"), extra, TestRds.freePort(), java.util.Map.of()).start();
    }

    private void setUp() throws Exception {
        rds.everywhere("vxdg init hrdg");
        rds.everywhere("vxassist -g hrdg make hr_dv01 4m");
        rds.everywhere("vxassist -g hrdg make hr_srl 4m");
        rds.host("seattle").ok("vradmin -g hrdg createpri hr_rvg hr_dv01 hr_srl");
    }

    /** A key store per host (self-signed, CN = host) and one trust store holding every one of them. */
    private void certificates(String... hosts) throws Exception {
        Files.writeString(dir.resolve("tls.pass"), PASS + "\n");
        for (String h : hosts) {
            Path ks = dir.resolve(h + ".p12");
            keytool("-genkeypair", "-alias", "host", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + h,
                    "-validity", "30", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS);
            keytool("-exportcert", "-alias", "host", "-keystore", ks.toString(), "-storepass", PASS,
                    "-file", dir.resolve(h + ".crt").toString());
            keytool("-importcert", "-noprompt", "-alias", h, "-file", dir.resolve(h + ".crt").toString(),
                    "-keystore", dir.resolve("trust.p12").toString(), "-storetype", "PKCS12", "-storepass", PASS);
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool " + String.join(" ", args) + ": " + out);
    }
}
