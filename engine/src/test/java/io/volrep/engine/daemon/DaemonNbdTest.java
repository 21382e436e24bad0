package io.volrep.engine.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.testing.ExternalTool;
import io.volrep.engine.testing.TestHost;

/** Clients we did not write, against the daemon's volumes: plain, RVG data volumes, SRL, stopped RVG. */
class DaemonNbdTest {
    @TempDir
    Path dir;
    TestHost host;

    @BeforeEach
    void start() throws Exception {
        host = new TestHost(dir, "seattle").start();
        host.ok("vxdg init hrdg");
        host.ok("vxassist -g hrdg make hr_dv01 16m");
        host.ok("vxassist -g hrdg make hr_srl 8m");
        host.ok("vxassist -g hrdg make plain 4m");
        host.ok("vradmin -g hrdg createpri hr_rvg hr_dv01 hr_srl");
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
    }

    private String uri(String vol) {
        return "nbd+unix:///hrdg/" + vol + "?socket=" + host.config().nbdSocket();
    }

    @Test
    void nbdinfoListsTheVolumesButNotTheSrl() throws Exception {
        ExternalTool.require("nbdinfo", "libnbd-bin");
        String list = ExternalTool.run(60, "nbdinfo", "--list", "nbd+unix://?socket=" + host.config().nbdSocket()).ok().output();
        assertTrue(list.contains("hrdg/hr_dv01") && list.contains("hrdg/plain"), list);
        assertTrue(!list.contains("hr_srl"), list);
        String info = ExternalTool.run(60, "nbdinfo", "--json", uri("hr_dv01")).ok().output();
        assertTrue(info.contains("\"export-size\": " + (16 << 20)), info);
        assertNotEquals(0, ExternalTool.run(60, "nbdinfo", uri("hr_srl")).status());
    }

    @Test
    void qemuIoWritesThroughTheSrlAndReadsBack() throws Exception {
        ExternalTool.require("qemu-io", "qemu-utils");
        ExternalTool.run(60, "qemu-io", "-f", "raw", "-c", "write -P 0xab 1M 2M", "-c", "write -P 0xcd 1536k 4k",
                uri("hr_dv01")).ok();
        ExternalTool.run(60, "qemu-io", "-f", "raw", "-c", "read -P 0xab 1M 512k", "-c", "read -P 0xcd 1536k 4k",
                uri("hr_dv01")).ok();
        String l = host.ok("vxprint -g hrdg -l hr_rvg");
        assertTrue(l.matches("(?s).*srl:\\s+used=.*next_lsn=[1-9].*"), l);
        host.ok("vxrvg -g hrdg stop hr_rvg");
        ExternalTool.Result refused = ExternalTool.run(60, "qemu-io", "-f", "raw", "-c", "write -P 0x11 0 4k", uri("hr_dv01"));
        assertTrue(refused.status() != 0 || refused.output().contains("failed"), refused.output());
        ExternalTool.run(60, "qemu-io", "-f", "raw", "-r", "-c", "read -P 0xab 1M 512k", uri("hr_dv01")).ok();
        host.ok("vxrvg -g hrdg start hr_rvg");
        ExternalTool.run(60, "qemu-io", "-f", "raw", "-c", "write -P 0x22 0 4k", uri("hr_dv01")).ok();
    }

    @Test
    void nbdcopyInAndOutOfAnRvgVolume() throws Exception {
        ExternalTool.require("nbdcopy", "libnbd-bin");
        byte[] data = new byte[16 << 20];
        new Random(3).nextBytes(data);
        Path in = dir.resolve("in.img");
        Path out = dir.resolve("out.img");
        Files.write(in, data);
        ExternalTool.run(120, "nbdcopy", in.toString(), uri("hr_dv01")).ok();
        ExternalTool.run(120, "nbdcopy", uri("hr_dv01"), out.toString()).ok();
        assertArrayEquals(data, Files.readAllBytes(out));
        host.stop();
        host.start();
        Files.delete(out);
        ExternalTool.run(120, "nbdcopy", uri("hr_dv01"), out.toString()).ok();
        assertArrayEquals(data, Files.readAllBytes(out));
    }

    @Test
    void openVolumesBlockDestructiveCommands() throws Exception {
        try (NbdClient holder = NbdClient.connect(uri("plain"))) {
            assertTrue(host.ok("vxprint -g hrdg -l plain").contains("open:     1 NBD client"));
            String why = host.run("vxassist -g hrdg remove volume plain").err();
            assertTrue(why.contains("VR-2004") && why.contains("open by 1"), why);
            String stop = host.run("vradmin -g hrdg createpri r2 plain hr_srl").err();
            assertTrue(stop.contains("VR-1020"), stop);
        }
        try (NbdClient writer = NbdClient.connect(uri("hr_dv01"))) {
            String stop = host.run("vxrvg -g hrdg stop hr_rvg").err();
            assertTrue(stop.contains("VR-2004"), stop);
            host.ok("vxrvg -g hrdg -f stop hr_rvg");
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> writer.write(0, ByteBuffer.allocate(4096), false).get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("EPERM"), e.getCause().getMessage());
        }
        assertEquals("", host.ok("vxassist -g hrdg remove volume plain"));
    }
}
