package io.volrep.engine.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.testing.ExternalTool;

/**
 * The launchers in bin/ as an admin uses them: vxlab brings up two hosts, commands run against
 * each through VXREP_CONF, and vxlab down leaves nothing running. Runs after package (jars exist).
 */
class LabIT {
    private static final Path HOME = Path.of(System.getProperty("volrep.home")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private ExternalTool.Result sh(String script) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "cd " + HOME + " && " + script));
        return ExternalTool.run(240, cmd);
    }

    @AfterEach
    void down() throws Exception {
        sh("bin/vxlab down --dir " + dir);
    }

    @Test
    void upExampleCommandsStatusDown() throws Exception {
        // A port of its own: a lab of the developer's (port 4145) may be running beside the tests.
        int port = io.volrep.engine.testing.TestRds.freePort();
        String up = sh("bin/vxlab up --dir " + dir + " --hosts seattle,london --port " + port + " --example").ok().output();
        assertTrue(up.contains("seattle: started") && up.contains("london: example objects ready"), up);
        String env = sh("bin/vxlab env london --dir " + dir).ok().output().trim();
        assertEquals("export VXREP_CONF=" + dir.resolve("london/vxrep.conf"), env);
        String print = sh(env + " && bin/vxprint -g hrdg -ht").ok().output();
        assertTrue(print.contains("hr_dv01") && print.contains("hr_srl") && print.contains("524288"), print);
        assertTrue(Files.readString(dir.resolve("london/vxrep.conf")).contains("listen-address = \"127.0.2.1\""));
        assertTrue(Files.readString(dir.resolve("london/vxrep.conf")).contains("port = " + port));
        String again = sh("bin/vxlab up --dir " + dir + " --example").ok().output();
        assertTrue(again.contains("seattle: already running"), again);
        ExternalTool.Result otherPort = sh("bin/vxlab up --dir " + dir + " --port " + (port + 1));
        assertEquals(1, otherPort.status(), otherPort.output());
        assertTrue(otherPort.output().contains("listens on port " + port), otherPort.output());
        String status = sh("bin/vxlab status --dir " + dir).ok().output();
        assertTrue(status.matches("(?s).*seattle\\s+127\\.0\\.1\\.1\\s+\\d+\\s+running.*london\\s+127\\.0\\.2\\.1\\s+\\d+\\s+running.*"), status);
        ExternalTool.Result bad = sh(env + " && bin/vradmin -g hrdg createpri r hr_dv01 nosuch");
        assertEquals(1, bad.status(), bad.output());
        assertTrue(bad.output().contains("vradmin: VR-1002 ERROR: volume nosuch does not exist"), bad.output());
        String down = sh("bin/vxlab down --dir " + dir).ok().output();
        assertTrue(down.contains("seattle: stopped") && down.contains("london: stopped"), down);
        assertTrue(sh("bin/vxlab status --dir " + dir).ok().output().contains("stopped"));
        ExternalTool.Result notRunning = sh(env + " && bin/vxprint");
        assertEquals(1, notRunning.status());
        assertTrue(notRunning.output().contains("VR-4001") && notRunning.output().contains("vxrepd"), notRunning.output());
    }

    @Test
    void badUsageExitsTwo() throws Exception {
        ExternalTool.Result r = sh("bin/vxlab frob");
        assertEquals(2, r.status());
        assertTrue(r.output().contains("usage: vxlab up"), r.output());
        assertEquals(2, sh("bin/vxlab up --hosts Bad_Name --dir " + dir).status());
        ExternalTool.Result port = sh("bin/vxlab up --port 80 --dir " + dir);
        assertEquals(2, port.status());
        assertTrue(port.output().contains("--port takes a TCP port number from 1024 to 65535, not '80'"), port.output());
        assertEquals(2, sh("bin/vxlab down --port 5000 --dir " + dir).status());
    }
}
