package io.volrep.engine.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;

class HostConfigTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path f = dir.resolve("vxrep.conf");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void defaultsComeFromReferenceConf() throws Exception {
        HostConfig c = HostConfig.load(write("vxrep { host = seattle, state-dir = \"" + dir + "/state\" }"));
        assertEquals("seattle", c.host());
        assertEquals(dir.resolve("state/admin.sock"), c.adminSocket());
        assertEquals(dir.resolve("state/nbd.sock"), c.nbdSocket());
        assertEquals(110L << 20, c.srlMinSize());
        assertEquals(64 * 1024, c.dcmRegionSize());
        assertEquals(4145, c.peerPort());
        assertEquals(Optional.empty(), c.nbdTcp());
    }

    @Test
    void hostsTableAndOverrides() throws Exception {
        HostConfig c = HostConfig.load(write("vxrep { host = london, state-dir = /tmp/x, srl.min-size = 4m,"
                + " hosts { seattle = \"127.0.1.1\", tokyo = \"127.0.3.1:5000\" }, nbd.tcp = \"127.0.0.1:10809\" }"));
        assertEquals(Map.of("seattle", "127.0.1.1", "tokyo", "127.0.3.1:5000"), c.hosts());
        assertEquals(4L << 20, c.srlMinSize());
        assertEquals(Optional.of("127.0.0.1:10809"), c.nbdTcp());
    }

    @Test
    void tlsNeedsAllThreeFiles() throws Exception {
        Path f = write("vxrep { host = a, peer.tls { key-store = /etc/volrep/a.p12, trust-store = /etc/volrep/trust.p12 } }");
        VolrepException e = assertThrows(VolrepException.class, () -> HostConfig.load(f));
        assertEquals(ErrorCode.BAD_CONFIG, e.code());
        assertTrue(e.getMessage().contains("vxrep.peer.tls.password-file"), e.getMessage());
        HostConfig c = HostConfig.load(write("vxrep { host = a, peer.tls { key-store = /k.p12, trust-store = /t.p12, password-file = /p } }"));
        assertEquals(Optional.of(new HostConfig.TlsFiles(Path.of("/k.p12"), Path.of("/t.p12"), Path.of("/p"))), c.peerTls());
        assertEquals(Optional.empty(), HostConfig.load(write("vxrep { host = a }")).peerTls());
    }

    @Test
    void unknownKeyNamesTheKeyAndTheFile() throws Exception {
        Path f = write("vxrep {\n host = a\n srl { min-sise = 4m }\n}\n");
        VolrepException e = assertThrows(VolrepException.class, () -> HostConfig.load(f));
        assertEquals(ErrorCode.BAD_CONFIG, e.code());
        assertTrue(e.getMessage().contains("vxrep.srl.min-sise (line 3)"), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertEquals(2, e.code().exitStatus());
    }

    @Test
    void badValuesAreRefusedWithTheKey() throws Exception {
        for (String[] bad : new String[][] {
                {"peer.port = 70000", "vxrep.peer.port"},
                {"dcm.region-size = 3000", "vxrep.dcm.region-size"},
                {"host = \"a b\"", "vxrep.host"},
                {"io.direct = maybe", "io.direct"},
                {"log.level = LOUD", "vxrep.log.level"}}) {
            Path f = write("vxrep { " + bad[0] + " }");
            VolrepException e = assertThrows(VolrepException.class, () -> HostConfig.load(f), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
    }

    @Test
    void missingFileSaysHowToFixIt() {
        VolrepException e = assertThrows(VolrepException.class, () -> HostConfig.load(dir.resolve("none.conf")));
        assertTrue(e.getMessage().contains("--conf"), e.getMessage());
    }

    @Test
    void confFlagWinsOverEnvironment() {
        assertEquals(Path.of("/a"), HostConfig.locate(Optional.of("/a"), Map.of(HostConfig.ENV, "/b")));
        assertEquals(Path.of("/b"), HostConfig.locate(Optional.empty(), Map.of(HostConfig.ENV, "/b")));
        assertEquals(HostConfig.DEFAULT_FILE, HostConfig.locate(Optional.empty(), Map.of()));
    }
}
