package io.volrep.engine.rvg.replication;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.testing.DaemonProcess;
import io.volrep.engine.testing.StampedRounds;
import io.volrep.engine.testing.TestRds;

/**
 * SIGKILL of the Secondary and of the Primary while a stamped workload writes through the Primary:
 * after each crash the Secondary holds a prefix of the writes, the Primary holds every acknowledged
 * write, and once both are back the Secondary catches up without gaps or repeats. In synchronous mode
 * the Secondary that survives the Primary also holds every acknowledged write.
 */
@Timeout(600)
class ReplicationCrashIT {
    private static final long BLOCKS = 2048;

    @TempDir
    Path dir;

    @Test
    void killsOfEitherHostKeepTheSecondaryAPrefixAndLoseNothingAcknowledged() throws Exception {
        Path key = dir.resolve("rds.key");
        Files.writeString(key, "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100\n");
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        int port = TestRds.freePort();
        String common = "peer { port = " + port + ", key-file = \"" + key + "\" }\n";
        StampedRounds rounds = new StampedRounds(dir, BLOCKS, "ReplicationCrashIT");
        try (DaemonProcess seattle = new DaemonProcess(dir, "seattle", common + "peer.listen-address = \"" + TestRds.address(0)
                + "\"\nhosts { london = \"" + TestRds.address(1) + "\" }");
             DaemonProcess london = new DaemonProcess(dir, "london", common + "peer.listen-address = \"" + TestRds.address(1)
                + "\"\nhosts { seattle = \"" + TestRds.address(0) + "\" }")) {
            seattle.start();
            london.start();
            for (DaemonProcess h : List.of(seattle, london)) {
                h.ok("vxdg init hrdg");
                h.ok("vxassist -g hrdg make hr_dv01 16m");
                h.ok("vxassist -g hrdg make hr_dv02 16m");
                h.ok("vxassist -g hrdg make hr_srl 8m");
            }
            seattle.ok("vradmin -g hrdg createpri hr_rvg hr_dv01,hr_dv02 hr_srl");
            seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london");
            seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");

            // Round 1: the Secondary dies mid-stream, then the Primary.
            StampedRounds.Round w = rounds.start(clients(seattle), 16);
            w.awaitMore(2000);
            london.kill9();
            w.awaitMore(1000);
            seattle.kill9();
            w.finish();
            london.start();
            rounds.checkPrefix("round 1, london alone after both crashed", () -> clients(london));
            seattle.start();
            rounds.checkComplete("round 1, seattle after its crash", () -> clients(seattle));
            awaitUpToDate(seattle);
            checkUpdates("round 1", london);
            rounds.checkComplete("round 1, london caught up", () -> clients(london));

            // Round 2: the Primary dies mid-stream; the Secondary, still up, is a prefix.
            w = rounds.start(clients(seattle), 16);
            w.awaitMore(3000);
            seattle.kill9();
            w.finish();
            rounds.checkPrefix("round 2, london while seattle is down", () -> clients(london));
            seattle.start();
            rounds.checkComplete("round 2, seattle after its crash", () -> clients(seattle));
            awaitUpToDate(seattle);
            checkUpdates("round 2", london);
            rounds.checkComplete("round 2, london caught up", () -> clients(london));

            // Round 3: synchronous; the Primary dies mid-stream. A write completed only once london had
            // received it (its network acknowledgement), so london, still up, holds every acknowledged
            // write once it has logged what it received.
            // override turns synchronous at the first acknowledgement that finds london caught up: the
            // writes before it are followed by synchronous ones, which london receives in order after them.
            seattle.ok("vradmin -g hrdg set hr_rvg london synchronous=override");
            w = rounds.start(clients(seattle), 16);
            TestRds.await(Duration.ofSeconds(60), "the RLINK to replicate synchronously", () -> {
                try {
                    return seattle.ok("vradmin -g hrdg repstatus hr_rvg").contains("Current mode:               synchronous");
                } catch (IOException e) {
                    return false;
                }
            });
            w.awaitMore(2000);
            seattle.kill9();
            w.finish();
            awaitComplete(rounds, "round 3, london after the synchronous Primary died", london);
            seattle.start();
            rounds.checkComplete("round 3, seattle after its crash", () -> clients(seattle));
            awaitUpToDate(seattle);
            rounds.checkComplete("round 3, london caught up", () -> clients(london));

            // Round 4: autosync (startrep -a) under a workload, slowed by a bandwidth limit so that the
            // copy is under way when the Secondary dies, and again when the Primary dies. Blocks the
            // Secondary had not confirmed durable are copied again; at the end london holds every write.
            seattle.ok("vradmin -g hrdg set hr_rvg london synchronous=off");
            seattle.ok("vradmin -g hrdg -s stoprep hr_rvg london");
            seattle.ok("vradmin -g hrdg set hr_rvg london bandwidth_limit=40mbps");
            w = rounds.start(clients(seattle), 8);
            w.awaitMore(500);
            seattle.ok("vradmin -g hrdg -a startrep hr_rvg london");
            awaitCopying(seattle, "round 4, before london dies");
            london.kill9();
            w.awaitMore(500);
            london.start();
            awaitCopying(seattle, "round 4, before seattle dies");
            seattle.kill9();
            w.finish();
            seattle.start();
            rounds.checkComplete("round 4, seattle after its crash", () -> clients(seattle));
            seattle.ok("vradmin -g hrdg set hr_rvg london bandwidth_limit=none");
            awaitUpToDate(seattle);
            rounds.checkComplete("round 4, london after the autosync through both crashes", () -> clients(london));
        }
    }

    /** Waits until the autosync to london has copied something and is still going. */
    private static void awaitCopying(DaemonProcess primary, String when) {
        TestRds.await(Duration.ofSeconds(60), when + ": the autosync to be copying", () -> {
            try {
                String s = primary.ok("vxrlink -g hrdg status rlk_london_hr_rvg");
                return s.contains("is in AUTOSYNC") && s.matches("(?s).* [1-9][0-9]?% done.*");
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Checks that {@code h} holds every acknowledged write, giving it a few seconds to log what it received. */
    private static void awaitComplete(StampedRounds rounds, String when, DaemonProcess h) {
        java.util.concurrent.atomic.AtomicReference<AssertionError> last = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            TestRds.await(Duration.ofSeconds(10), when + ": every acknowledged write", () -> {
                try {
                    rounds.checkComplete(when, () -> clients(h));
                    return true;
                } catch (AssertionError e) {
                    last.set(e);
                    return false;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (AssertionError timedOut) {
            throw last.get() != null ? last.get() : timedOut; // what the last check found missing
        }
    }

    private static List<NbdClient> clients(DaemonProcess h) throws IOException {
        return List.of(NbdClient.connect(h.nbdUri("hrdg", "hr_dv01")), NbdClient.connect(h.nbdUri("hrdg", "hr_dv02")));
    }

    private static void awaitUpToDate(DaemonProcess primary) {
        TestRds.await(Duration.ofSeconds(120), "london to be up to date", () -> {
            try {
                return primary.ok("vradmin -g hrdg repstatus hr_rvg").contains(" consistent, up-to-date")
                        && primary.ok("vxrlink -g hrdg status rlk_london_hr_rvg").contains("is up-to-date");
            } catch (IOException e) {
                return false;
            }
        });
    }

    /**
     * The Primary's count of updates (rebuilt from its SRL after a kill -9) agrees with the Secondary:
     * london's last update is seattle's last update, 0 updates behind.
     */
    private static void checkUpdates(String when, DaemonProcess secondary) throws IOException {
        String u = secondary.ok("vxrlink -g hrdg updates rlk_seattle_hr_rvg");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("ID\\s+(\\d+\\.\\d+)\\s+(\\d+\\.\\d+)\\s+0 updates").matcher(u);
        assertTrue(m.find() && m.group(1).equals(m.group(2)), when + ": " + u);
    }
}
