package io.volrep.tui.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * vxsmit in a real terminal (tmux) against a two-host lab started with bin/vxlab: an admin's walk
 * through the menus from creating the Primary to replication status, the same through --batch, and
 * the script file vxsmit wrote replayed with sh on a fresh lab to the same end state.
 */
@Timeout(600)
class VxSmitTmuxIT {
    private static final Path HOME = Path.of(System.getProperty("volrep.home")).toAbsolutePath().normalize();
    private static final String SESSION = "vxsmit-it-" + ProcessHandle.current().pid();

    @TempDir
    Path dir;
    private final List<Path> labs = new ArrayList<>();

    @BeforeEach
    void needTmux() {
        Assumptions.assumeTrue(new File("/usr/bin/tmux").canExecute() || onPath("tmux"), "tmux is not installed: apt-get install tmux");
    }

    @AfterEach
    void cleanUp() throws Exception {
        run(30, "tmux", "kill-session", "-t", SESSION);
        for (Path lab : labs) {
            sh("bin/vxlab down --dir " + lab);
        }
    }

    @Test
    void anAdminWalksFromCreatePrimaryToReplicationStatus() throws Exception {
        Path lab = lab("walk");
        Path log = dir.resolve("walk.log");
        Path script = dir.resolve("walk.script");
        tmux("env VXREP_CONF=" + lab.resolve("seattle/vxrep.conf") + " TERM=xterm HOME=" + dir + " bin/vxsmit -l " + log
                + " -s " + script);
        await("Volume Replication");
        keys("Down", "Enter");
        await("Replicated Data Sets");
        keys("Down", "Down", "Enter");
        await("Create a Primary RVG");
        type("hrdg");
        keys("Down", "Down");
        type("hr_rvg");
        keys("Down");
        type("hr_dv01,hr_dv02");
        keys("Down");
        type("hr_srl");
        keys("F6");
        await("vradmin -g hrdg createpri hr_rvg hr_dv01,hr_dv02 hr_srl");
        keys("F3");
        keys("Enter");
        awaitOk();
        keys("F3", "F3");
        await("Replicated Data Sets");
        // On to the Replication menu through its fast path, then down its items.
        fastPath(lab, log, script, "replication", "Add a Secondary");
        keys("Enter");
        await("Secondary host name");
        type("hrdg");
        keys("Down", "Down", "Down");
        type("hr_rvg");
        keys("Down");
        type("seattle");
        keys("Down");
        type("london");
        keys("Enter");
        awaitOk();
        keys("F3", "F3");
        await("Start Replication");
        keys("Down", "Enter");
        await("Secondary volumes already identical");
        type("hrdg");
        keys("Down", "Down");
        type("hr_rvg");
        keys("Enter");
        awaitOk();
        // Checkpoints through their fast paths, as an admin would after the first walk.
        fastPath(lab, log, script, "checkstart", "Entry Fields");
        type("hrdg");
        keys("Down", "Down");
        type("ckpt1");
        keys("Down");
        type("hr_rvg");
        keys("Enter");
        awaitOk();
        fastPath(lab, log, script, "checkend", "Entry Fields");
        type("hrdg");
        keys("Down", "Down");
        type("hr_rvg");
        keys("Enter");
        awaitOk();
        fastPath(lab, log, script, "repstatus", "Entry Fields");
        type("hrdg");
        keys("Down", "Down");
        type("hr_rvg");
        keys("Enter");
        awaitOk();
        String status = await("replicating (connected)");
        assertTrue(status.contains("Host name:") && status.contains("london"), status);
        String scriptText = Files.readString(script);
        for (String cmd : new String[] {"vradmin -g hrdg createpri hr_rvg hr_dv01,hr_dv02 hr_srl",
                "vradmin -g hrdg addsec hr_rvg seattle london", "vradmin -g hrdg -f startrep hr_rvg",
                "vxrvg -g hrdg -c ckpt1 checkstart hr_rvg", "vxrvg -g hrdg checkend hr_rvg", "vradmin -g hrdg repstatus hr_rvg"}) {
            assertTrue(scriptText.contains(cmd), cmd + " missing from the script:\n" + scriptText);
        }
        assertTrue(Files.readString(log).contains("COMMAND STATUS") || Files.size(log) > 0);
        String endState = state(lab);
        run(30, "tmux", "kill-session", "-t", SESSION);
        sh("bin/vxlab down --dir " + lab); // every lab of this test listens on the same addresses and port

        // The script vxsmit wrote, replayed with sh on a fresh lab, reaches the same state.
        Path fresh = lab("replay");
        String replay = sh("PATH=" + HOME.resolve("bin") + ":$PATH VXREP_CONF=" + fresh.resolve("seattle/vxrep.conf")
                + " sh " + script);
        assertEquals(endState, state(fresh), replay);
        sh("bin/vxlab down --dir " + fresh);

        // The same walk through --batch on a third lab.
        Path batch = lab("batch");
        String conf = "VXREP_CONF=" + batch.resolve("seattle/vxrep.conf") + " HOME=" + dir + " ";
        for (String b : new String[] {"createpri dg=hrdg rvg=hr_rvg vols=hr_dv01,hr_dv02 srl=hr_srl",
                "addsec dg=hrdg rvg=hr_rvg prihost=seattle sechost=london", "startrep dg=hrdg rvg=hr_rvg",
                "checkstart dg=hrdg ckpt=ckpt1 rvg=hr_rvg", "checkend dg=hrdg rvg=hr_rvg", "repstatus dg=hrdg rvg=hr_rvg"}) {
            sh(conf + "bin/vxsmit --batch " + b);
        }
        assertEquals(endState, state(batch));
    }

    /** The objects and states that matter, host by host: the RVGs, RLINKs and checkpoints. */
    private String state(Path lab) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String h : new String[] {"seattle", "london"}) {
            String out = sh("VXREP_CONF=" + lab.resolve(h + "/vxrep.conf") + " bin/vxprint -g hrdg -ht");
            for (String line : out.split("\n")) {
                if (line.startsWith("rv ") || line.startsWith("rl ")) {
                    sb.append(h).append(": ").append(line.replaceAll("\\s+", " ").replace("CONNECT", "ENABLED")).append('\n');
                }
            }
        }
        String cp = sh("VXREP_CONF=" + lab.resolve("seattle/vxrep.conf") + " bin/vxrvg -g hrdg cplist hr_rvg");
        sb.append(cp.contains("ckpt1") ? "checkpoint ckpt1\n" : "no checkpoint\n");
        return sb.toString();
    }

    private Path lab(String name) throws Exception {
        Path lab = dir.resolve(name);
        labs.add(lab);
        sh("bin/vxlab up --dir " + lab + " --hosts seattle,london --port " + peerPort() + " --example");
        return lab;
    }

    private int peerPort;

    /**
     * A peer port for this test's labs (one at a time), free on both lab addresses: not vxlab's default,
     * which a developer's own lab may hold, and below the ephemeral range, which outgoing connections take.
     */
    private int peerPort() throws IOException {
        for (int attempt = 0; peerPort == 0 && attempt < 200; attempt++) {
            int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(20000, 32000);
            try (java.net.ServerSocket a = new java.net.ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.1.1"));
                 java.net.ServerSocket b = new java.net.ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.2.1"))) {
                peerPort = port;
            } catch (java.net.BindException e) {
                // taken: try another
            }
        }
        if (peerPort == 0) {
            throw new IOException("no port in 20000-32000 is free on 127.0.1.1 and 127.0.2.1");
        }
        return peerPort;
    }

    private void fastPath(Path lab, Path log, Path script, String fastPath, String shows) throws Exception {
        run(30, "tmux", "kill-session", "-t", SESSION);
        tmux("env VXREP_CONF=" + lab.resolve("seattle/vxrep.conf") + " TERM=xterm HOME=" + dir + " bin/vxsmit -l " + log
                + " -s " + script + " " + fastPath);
        await(shows);
    }

    private void tmux(String command) throws Exception {
        run(30, "tmux", "new-session", "-d", "-s", SESSION, "-x", "100", "-y", "30", "cd " + HOME + " && " + command + "; sleep 600");
    }

    private void keys(String... keys) throws Exception {
        for (String k : keys) {
            run(30, "tmux", "send-keys", "-t", SESSION, k);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(150));
        }
    }

    private void type(String text) throws Exception {
        run(30, "tmux", "send-keys", "-t", SESSION, "-l", text);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(150));
    }

    private String screen() throws Exception {
        return run(30, "tmux", "capture-pane", "-p", "-t", SESSION);
    }

    /** Waits until the screen shows {@code text}; returns the screen. */
    private String await(String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String s = screen();
        while (!s.contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the screen never showed '" + text + "':\n" + s);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            s = screen();
        }
        return s;
    }

    private void awaitOk() throws Exception {
        String s = await("Command: ");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!s.contains("Command: OK")) {
            if (s.contains("Command: failed") || System.nanoTime() > deadline) {
                throw new AssertionError("the command did not end OK:\n" + s);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            s = screen();
        }
    }

    private String sh(String script) throws Exception {
        return run(300, "sh", "-c", "cd " + HOME + " && " + script);
    }

    private static String run(long seconds, String... cmd) throws IOException, InterruptedException {
        File out = File.createTempFile("e2e", ".out");
        try {
            Process p = new ProcessBuilder(Arrays.asList(cmd)).redirectErrorStream(true).redirectOutput(out).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish in " + seconds + "s");
            }
            String text = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0 && !cmd[0].equals("tmux")) {
                throw new AssertionError(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(out.toPath());
        }
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(d, program).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
