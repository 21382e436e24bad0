package io.volrep.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.io.NativeBlockDevice;
import io.volrep.engine.nbd.Export;
import io.volrep.engine.nbd.ExportCatalog;
import io.volrep.engine.nbd.FileExport;
import io.volrep.engine.nbd.NbdServer;
import io.volrep.engine.nbd.NbdServerConfig;

@Timeout(120)
class VxBenchTest {
    @TempDir
    Path dir;

    private record Outcome(int exit, String out, String err) {
    }

    private static Outcome vxbench(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VxBench.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void argumentsParseWithUnitsAndDefaults() {
        BenchArgs a = BenchArgs.parse(List.of("--uri", "nbd://127.0.0.1/a", "--uri", "nbd://127.0.0.1/b",
                "--rw", "randwrite", "--bs", "4k", "--qd", "8", "--time", "1500ms", "--json"));
        assertEquals(List.of("nbd://127.0.0.1/a", "nbd://127.0.0.1/b"), a.uris());
        assertEquals(BenchArgs.Workload.RANDWRITE, a.rw());
        assertEquals(4096, a.bs());
        assertEquals(8, a.qd());
        assertEquals(Duration.ofMillis(1500), a.time());
        assertEquals(0, a.count());
        assertEquals(256L << 20, a.sizeLimit());
        assertTrue(a.json());
        BenchArgs b = BenchArgs.parse(List.of("--uri", "u", "--rw", "read", "--bs", "1m", "--count", "10",
                "--size-limit", "2g"));
        assertEquals(1 << 20, b.bs());
        assertEquals(16, b.qd());
        assertEquals(2L << 30, b.sizeLimit());
    }

    @Test
    void badArgumentsAreRefused() {
        List<List<String>> bad = List.of(
                List.of("--rw", "write", "--count", "1"),
                List.of("--uri", "u", "--count", "1"),
                List.of("--uri", "u", "--rw", "scribble", "--count", "1"),
                List.of("--uri", "u", "--rw", "write", "--bs", "4x", "--count", "1"),
                List.of("--uri", "u", "--rw", "write", "--bs", "64m", "--count", "1"),
                List.of("--uri", "u", "--rw", "write", "--qd", "0", "--count", "1"),
                List.of("--uri", "u", "--rw", "write"),
                List.of("--uri", "u", "--rw", "write", "--count", "1", "--time", "1s"),
                List.of("--uri", "u", "--rw", "write", "--time", "10"),
                List.of("--uri", "u", "--rw", "write", "--count", "1", "--bogus", "1"),
                List.of("--uri", "u", "--rw", "write", "--count"));
        for (List<String> args : bad) {
            assertThrows(IllegalArgumentException.class, () -> BenchArgs.parse(args), args.toString());
        }
    }

    @Test
    void helpAndUsageExitCodes() {
        Outcome help = vxbench("help");
        assertEquals(0, help.exit());
        assertTrue(help.out().startsWith("usage: vxbench run"), help.out());
        Outcome none = vxbench();
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("usage: vxbench run"), none.err());
        Outcome badRw = vxbench("run", "--uri", "nbd://127.0.0.1/x", "--rw", "sideways", "--count", "1");
        assertEquals(2, badRw.exit());
        assertTrue(badRw.err().startsWith("vxbench: --rw sideways"), badRw.err());
        assertEquals("", badRw.out());
    }

    @Test
    void unreachableServerExitsOne() {
        Outcome o = vxbench("run", "--uri", "nbd+unix:///a/b?socket=" + dir.resolve("none.sock"), "--rw", "read",
                "--count", "1");
        assertEquals(1, o.exit());
        assertTrue(o.err().startsWith("vxbench: "), o.err());
    }

    @Test
    void runsCountAndTimeWorkloadsOverTwoExports() throws Exception {
        ExecutorService io = Executors.newFixedThreadPool(2);
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        NativeBlockDevice.createSparseFile(a, 8 << 20);
        NativeBlockDevice.createSparseFile(b, 8 << 20);
        try (NativeBlockDevice da = NativeBlockDevice.open(a, true); NativeBlockDevice db = NativeBlockDevice.open(b, true);
             NbdServer server = new NbdServer(catalog(da, db, io), NbdServerConfig.unix(dir.resolve("nbd.sock")))) {
            server.start();
            Outcome w = vxbench("run", "--uri", server.unixUri("hrdg/a"), "--uri", server.unixUri("hrdg/b"),
                    "--rw", "write", "--bs", "64k", "--qd", "4", "--count", "200", "--size-limit", "4m", "--json");
            assertEquals(0, w.exit(), w.err());
            assertEquals(200, jsonLong(w.out(), "ops"), w.out());
            assertEquals(200L * 65536, jsonLong(w.out(), "bytes"), w.out());
            assertEquals(0, jsonLong(w.out(), "errors"), w.out());
            assertFalse(allZero(Files.readAllBytes(a), 0, 4 << 20), "sequential writes reached export a");
            assertTrue(allZero(Files.readAllBytes(a), 4 << 20, 8 << 20), "--size-limit 4m kept writes below 4 MiB");
            assertFalse(allZero(Files.readAllBytes(b), 0, 4 << 20), "sequential writes reached export b");
            Outcome r = vxbench("run", "--uri", server.unixUri("hrdg/a"), "--rw", "randread", "--bs", "4k", "--qd",
                    "16", "--time", "300ms");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().matches("randread bs=4096 qd=16 connections=1: \\d+ ops in [0-9.]+ s, [0-9.]+ MiB/s, "
                    + "\\d+ IOPS, latency p50 \\d+ us, p99 \\d+ us, max \\d+ us\\s*"), r.out());
        } finally {
            io.shutdown();
        }
    }

    @Test
    void writesToAReadOnlyExportFailTheRun() throws Exception {
        ExecutorService io = Executors.newFixedThreadPool(1);
        Path a = dir.resolve("a");
        NativeBlockDevice.createSparseFile(a, 1 << 20);
        try (NativeBlockDevice da = NativeBlockDevice.open(a, true);
             NbdServer server = new NbdServer(new ExportCatalog() {
                 @Override
                 public List<String> names() {
                     return List.of("hrdg/a");
                 }

                 @Override
                 public Export open(String name) {
                     return new FileExport(name, da, io, () -> Optional.of("Secondary"));
                 }
             }, NbdServerConfig.unix(dir.resolve("nbd.sock")))) {
            server.start();
            Outcome o = vxbench("run", "--uri", server.unixUri("hrdg/a"), "--rw", "write", "--count", "5");
            assertEquals(1, o.exit());
            assertTrue(o.err().contains("read-only"), o.err());
        } finally {
            io.shutdown();
        }
    }

    private static ExportCatalog catalog(NativeBlockDevice a, NativeBlockDevice b, ExecutorService io) {
        return new ExportCatalog() {
            @Override
            public List<String> names() {
                return List.of("hrdg/a", "hrdg/b");
            }

            @Override
            public Export open(String name) throws VolrepException {
                switch (name) {
                    case "hrdg/a": return FileExport.readWrite(name, a, io);
                    case "hrdg/b": return FileExport.readWrite(name, b, io);
                    default: throw new VolrepException(ErrorCode.NO_SUCH_VOLUME, "no " + name);
                }
            }
        };
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static long jsonLong(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Long.parseLong(m.group(1));
    }
}
