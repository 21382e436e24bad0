package io.volrep.engine.nbd;

import static io.volrep.engine.nbd.NbdFixture.RO;
import static io.volrep.engine.nbd.NbdFixture.RW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real NBD clients (libnbd tools, qemu, fio) against NbdServer + FileExport. */
@Timeout(180)
class NbdInteropTest {
    private static final int SIZE = 16 << 20;
    private static final Duration T = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    private NbdFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = new NbdFixture(dir, SIZE, true);
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    private ExternalTool.Result run(String... cmd) throws Exception {
        return ExternalTool.run(T, dir, cmd);
    }

    private static long jsonLong(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*(\\d+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void nbdinfoJsonReportsSizeNameAndFlagsOverUnixAndTcp() throws Exception {
        ExternalTool.require("nbdinfo", "libnbd-bin");
        for (String uri : new String[] {fx.uri(RW), fx.server.tcpUri(RW)}) {
            ExternalTool.Result r = run("nbdinfo", "--json", uri);
            assertEquals(0, r.exit(), r.toString());
            assertEquals(SIZE, jsonLong(r.out(), "export-size"), r.out());
            assertTrue(r.out().contains("\"export-name\": \"" + RW + "\""), r.out());
            assertTrue(r.out().contains("\"is_read_only\": false"), r.out());
            assertTrue(r.out().contains("\"can_fua\": true"), r.out());
            assertEquals(4096, jsonLong(r.out(), "block_size_preferred"), r.out());
        }
        ExternalTool.Result ro = run("nbdinfo", "--json", fx.uri(RO));
        assertTrue(ro.out().contains("\"is_read_only\": true"), ro.toString());
    }

    @Test
    void nbdinfoListShowsEveryExport() throws Exception {
        ExternalTool.require("nbdinfo", "libnbd-bin");
        ExternalTool.Result r = run("nbdinfo", "--list", fx.uri(RW));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("export=\"" + RW + "\""), r.out());
        assertTrue(r.out().contains("export=\"" + RO + "\""), r.out());
    }

    @Test
    void nbdcopyInAndBackOutIsByteIdentical() throws Exception {
        ExternalTool.require("nbdcopy", "libnbd-bin");
        byte[] data = new byte[SIZE];
        new Random(5).nextBytes(data);
        Arrays.fill(data, 1 << 20, 3 << 20, (byte) 0); // a zero run nbdcopy may send as WRITE_ZEROES
        Path src = dir.resolve("src.bin");
        Files.write(src, data);
        ExternalTool.Result in = run("nbdcopy", "--flush", src.toString(), fx.uri(RW));
        assertEquals(0, in.exit(), in.toString());
        assertArrayEquals(data, fx.fileBytes(RW));
        Path back = dir.resolve("back.bin");
        ExternalTool.Result out = run("nbdcopy", fx.uri(RW), back.toString());
        assertEquals(0, out.exit(), out.toString());
        assertArrayEquals(data, Files.readAllBytes(back));
    }

    @Test
    void nbdshPwriteAndPread() throws Exception {
        ExternalTool.require("nbdsh", "python3-libnbd");
        ExternalTool.Result r = run("nbdsh", "-u", fx.uri(RW),
                "-c", "h.pwrite(b'volrep' * 1000, 4093)",
                "-c", "assert h.pread(6000, 4093) == b'volrep' * 1000",
                "-c", "h.flush()",
                "-c", "print(h.get_size(), h.can_multi_conn())");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(SIZE + " True", r.out().trim());
        byte[] file = fx.fileBytes(RW);
        assertEquals("volrep".repeat(1000), new String(file, 4093, 6000, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void nbdshWriteToReadOnlyExportGetsEperm() throws Exception {
        ExternalTool.require("nbdsh", "python3-libnbd");
        ExternalTool.Result r = run("nbdsh", "-u", fx.uri(RO),
                "-c", "h.set_strict_mode(0)", // send it anyway: the server, not libnbd, must refuse
                "-c", "try:\n    h.pwrite(b'x' * 4096, 0)\n    print('written')\n"
                        + "except nbd.Error as e:\n    print('refused:', e)");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("refused:") && r.out().contains("EPERM"), r.toString());
        assertArrayEquals(new byte[SIZE], fx.fileBytes(RO));
    }

    @Test
    void qemuImgInfoSeesTheSize() throws Exception {
        ExternalTool.require("qemu-img", "qemu-utils");
        ExternalTool.Result r = run("qemu-img", "info", "--output=json", "-f", "raw", fx.uri(RW));
        assertEquals(0, r.exit(), r.toString());
        assertEquals(SIZE, jsonLong(r.out(), "virtual-size"), r.out());
    }

    @Test
    void qemuIoWritesAndVerifiesAPattern() throws Exception {
        ExternalTool.require("qemu-io", "qemu-utils");
        ExternalTool.Result r = run("qemu-io", "-f", "raw", "-c", "write -P 0xab 0 1M", "-c", "read -P 0xab 0 1M",
                "-c", "write -P 0xcd 1048577 4097", "-c", "read -P 0xcd 1048577 4097", "-c", "flush", fx.uri(RW));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("wrote 1048576/1048576 bytes at offset 0"), r.out());
        assertTrue(r.out().contains("read 1048576/1048576 bytes at offset 0"), r.out());
        assertTrue(r.out().contains("read 4097/4097 bytes at offset 1048577"), r.out());
        assertTrue(!r.out().contains("Pattern verification failed") && r.err().isEmpty(), r.toString());
        byte[] file = fx.fileBytes(RW);
        for (int i = 0; i < SIZE; i++) {
            byte want = i < 1 << 20 ? (byte) 0xab : i >= 1048577 && i < 1048577 + 4097 ? (byte) 0xcd : 0;
            assertEquals(want, file[i], "byte " + i);
        }
    }

    @Test
    void qemuIoCannotWriteAReadOnlyExportButCanReadIt() throws Exception {
        ExternalTool.require("qemu-io", "qemu-utils");
        ExternalTool.Result r = run("qemu-io", "-f", "raw", "-c", "write -P 0xee 0 4k", fx.uri(RO));
        String all = r.out() + r.err();
        // qemu sees NBD_FLAG_READ_ONLY and refuses to open the export for writing
        assertNotEquals(0, r.exit(), r.toString());
        assertTrue(all.contains("Permission denied") || all.contains("read-only"), r.toString());
        assertTrue(!all.contains("wrote 4096/4096"), r.toString());
        assertArrayEquals(new byte[SIZE], fx.fileBytes(RO));
        ExternalTool.Result read = run("qemu-io", "-r", "-f", "raw", "-c", "read -P 0 0 1M", fx.uri(RO));
        assertEquals(0, read.exit(), read.toString());
        assertTrue(read.out().contains("read 1048576/1048576 bytes at offset 0"), read.toString());
    }

    @Test
    void fioRandwriteWithCrc32cVerify() throws Exception {
        ExternalTool.require("fio", "fio");
        ExternalTool.Result r = run("fio", "--name=volrep", "--ioengine=nbd", "--uri=" + fx.uri(RW),
                "--rw=randwrite", "--bs=4k", "--iodepth=16", "--size=8m", "--verify=crc32c", "--do_verify=1",
                "--verify_fatal=1", "--output-format=json");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(0, jsonLong(r.out(), "error"), r.out());
        assertEquals(8 << 20, jsonLong(r.out().substring(r.out().indexOf("\"write\"")), "io_bytes"), r.out());
        assertEquals(8 << 20, jsonLong(r.out().substring(r.out().indexOf("\"read\"")), "io_bytes"), "verify read");
        assertNotEquals(0, Arrays.hashCode(fx.fileBytes(RW)), "fio left data in the file");
    }
}
