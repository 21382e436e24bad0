package io.volrep.engine.rvg.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.testing.Captured;
import io.volrep.engine.testing.TestHost;
import io.volrep.engine.testing.TestRds;

/** addsec to a Secondary host that cannot be reached or does not share the key: a clear error, nothing changed. */
@Timeout(120)
class AddsecPeerErrorsTest {
    @TempDir
    Path dir;

    @Test
    void anUnreachableHostIsNamedAndNothingChanges() throws Exception {
        try (TestRds rds = new TestRds(dir, "seattle", "london").start()) {
            TestHost seattle = rds.host("seattle");
            volumes(List.of(seattle, rds.host("london")));
            seattle.ok("vradmin -g hrdg createpri hr_rvg hr_dv01 hr_srl");
            rds.host("london").stop();
            String before = seattle.ok("vxprint -l");
            Captured c = seattle.run("vradmin -g hrdg addsec hr_rvg seattle london");
            assertEquals(1, c.status, c.toString());
            assertTrue(c.err().contains("london") && c.err().contains("is vxrepd running there"), c.toString());
            assertEquals(TestHost.steady(before), TestHost.steady(seattle.ok("vxprint -l")));
        }
    }

    @Test
    void aHostWithAnotherKeyIsRefusedAndNothingChanges() throws Exception {
        int port = TestRds.freePort();
        try (TestHost seattle = host("seattle", 0, port, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
             TestHost london = host("london", 1, port, "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100")) {
            seattle.start();
            london.start();
            volumes(List.of(seattle, london));
            seattle.ok("vradmin -g hrdg createpri hr_rvg hr_dv01 hr_srl");
            String before = seattle.ok("vxprint -l") + london.ok("vxprint -l");
            Captured c = seattle.run("vradmin -g hrdg addsec hr_rvg seattle london");
            assertEquals(1, c.status, c.toString());
            assertTrue(c.err().contains("VR-4005"), c.toString());
            assertEquals(TestHost.steady(before), TestHost.steady(seattle.ok("vxprint -l") + london.ok("vxprint -l")));
        }
    }

    private TestHost host(String name, int index, int port, String key) throws Exception {
        Path file = dir.resolve(name + ".key");
        Files.writeString(file, key + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String other = index == 0 ? "london" : "seattle";
        return new TestHost(dir, name, "peer { port = " + port + ", key-file = \"" + file + "\", listen-address = \""
                + TestRds.address(index) + "\" }\nhosts { " + other + " = \"" + TestRds.address(1 - index) + "\" }\n");
    }

    private static void volumes(List<TestHost> hosts) throws Exception {
        for (TestHost h : hosts) {
            h.ok("vxdg init hrdg");
            h.ok("vxassist -g hrdg make hr_dv01 4m");
            h.ok("vxassist -g hrdg make hr_srl 4m");
        }
    }
}
