package io.volrep.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.testing.Captured;
import io.volrep.engine.testing.TestHost;

/** vxdg, vxassist and vxprint through the daemon's admin socket. */
class VolumeCommandsTest {
    @TempDir
    Path dir;
    TestHost host;

    @BeforeEach
    void start() throws Exception {
        host = new TestHost(dir, "seattle").start();
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
    }

    @Test
    void diskGroupAndVolumeLifecycle() throws Exception {
        host.ok("vxdg init hrdg");
        assertTrue(host.ok("vxdg list").contains("hrdg"));
        host.ok("vxassist -g hrdg make hr_dv01 16m");
        Path file = dir.resolve("own.img");
        host.ok("vxassist -g hrdg make hr_dv02 8m path=" + file);
        assertEquals(8L << 20, Files.size(file));
        String print = host.ok("vxprint -g hrdg");
        assertTrue(print.contains("hr_dv01") && print.contains("32768"), print);
        String lng = host.ok("vxprint -g hrdg -l hr_dv01");
        assertTrue(lng.contains("nbd:      nbd+unix:///hrdg/hr_dv01?socket="), lng);
        host.ok("vxassist -g hrdg growto hr_dv02 12m");
        assertEquals(12L << 20, Files.size(file));
        assertTrue(host.ok("vxassist -g hrdg maxsize").startsWith("Maximum volume size: "));
        host.ok("vxassist -g hrdg remove volume hr_dv02");
        assertFalse(Files.exists(file));
        host.ok("vxassist -g hrdg remove volume hr_dv01");
        host.ok("vxdg destroy hrdg");
        assertFalse(host.ok("vxdg list").contains("hrdg"));
    }

    /** init=zero writes zeros over the whole volume, old contents of an existing file included; init=active keeps them. */
    @Test
    void initZeroZeroesTheVolumeAndInitActiveLeavesItAlone() throws Exception {
        host.ok("vxdg init hrdg");
        byte[] old = new byte[3 << 20];
        java.util.Arrays.fill(old, (byte) 0x5a);
        Path zeroed = dir.resolve("zeroed.img");
        Path kept = dir.resolve("kept.img");
        Files.write(zeroed, old);
        Files.write(kept, old);
        host.ok("vxassist -g hrdg make hr_dv01 3m path=" + zeroed + " init=zero");
        host.ok("vxassist -g hrdg make hr_dv02 3m init=active path=" + kept);
        host.ok("vxassist -g hrdg make hr_dv03 5m init=zero");
        assertTrue(java.util.Arrays.equals(new byte[3 << 20], Files.readAllBytes(zeroed)), "hr_dv01 is all zeros");
        assertTrue(java.util.Arrays.equals(old, Files.readAllBytes(kept)), "hr_dv02 kept its contents");
        String print = host.ok("vxprint -g hrdg");
        assertTrue(print.contains("hr_dv01") && print.contains("hr_dv02") && print.contains("hr_dv03"), print);
    }

    @Test
    void objectsSurviveADaemonRestart() throws Exception {
        host.ok("vxdg init hrdg");
        host.ok("vxassist -g hrdg make hr_dv01 16m");
        String before = host.ok("vxprint -ht");
        host.stop();
        host.start();
        assertEquals(before, host.ok("vxprint -ht"));
    }

    @Test
    void badInputGetsItsCodeAndChangesNothing() throws Exception {
        host.ok("vxdg init hrdg");
        host.ok("vxassist -g hrdg make hr_dv01 16m");
        String before = host.ok("vxprint -l");
        String[][] cases = {
                {"vxdg init hrdg", "VR-1010", "1"},
                {"vxdg init 9bad", "VR-1011", "1"},
                {"vxdg destroy nodg", "VR-1001", "1"},
                {"vxdg destroy hrdg", "VR-1023", "1"},
                {"vxdg frob", "VR-1000", "2"},
                {"vxdg init", "VR-1000", "2"},
                {"vxdg init a b", "VR-1000", "2"},
                {"vxassist make x 1m", "VR-1000", "2"},
                {"vxassist -g nodg make x 1m", "VR-1001", "1"},
                {"vxassist -g hrdg make hr_dv01 1m", "VR-1010", "1"},
                {"vxassist -g hrdg make x 12q", "VR-1012", "1"},
                {"vxassist -g hrdg make x 0", "VR-1012", "1"},
                {"vxassist -g hrdg make x 1m color=red", "VR-1013", "1"},
                {"vxassist -g hrdg make x 1m init=ones", "VR-1013", "1"},
                {"vxassist -g hrdg make x 1m init=zero init=zero", "VR-1013", "1"},
                {"vxassist -g hrdg make x 1m path= init=zero", "VR-1013", "1"},
                {"vxassist -g hrdg make 1m x", "VR-1011", "1"},
                {"vxassist -g hrdg make x", "VR-1000", "2"},
                {"vxassist -g hrdg remove volume nov", "VR-1002", "1"},
                {"vxassist -g hrdg remove hr_dv01", "VR-1000", "2"},
                {"vxassist -g hrdg growto hr_dv01 8m", "VR-1012", "1"},
                {"vxassist -g hrdg -x maxsize", "VR-1000", "2"},
                {"vxprint -g hrdg nothing", "VR-1005", "1"},
                {"vxprint -g nodg", "VR-1001", "1"},
                {"nosuchcommand x", "VR-1000", "2"}};
        for (String[] c : cases) {
            Captured r = host.run(c[0]);
            assertEquals(Integer.parseInt(c[2]), r.status, c[0] + "\n" + r);
            assertTrue(r.err().contains(c[1] + " ERROR"), c[0] + "\n" + r);
        }
        assertEquals(TestHost.steady(before), TestHost.steady(host.ok("vxprint -l")));
    }

    @Test
    void helpListsTheKeywords() throws Exception {
        String help = host.ok("vxassist help");
        assertTrue(help.contains("make") && help.contains("growto"), help);
        assertTrue(host.ok("vradmin help createpri").contains("vradmin -g diskgroup [-nodcm] createpri"));
    }
}
