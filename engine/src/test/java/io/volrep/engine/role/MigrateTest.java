package io.volrep.engine.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.testing.Captured;
import io.volrep.engine.testing.TestRds;

/** vradmin migrate with two and three in-JVM hosts: the swap, repeated cycles, and the refusals. */
@Timeout(300)
class MigrateTest {
    @TempDir
    Path dir;
    RoleFixture f;

    @AfterEach
    void close() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void migrateSwapsTwoHostsAndReplicationReverses() throws Exception {
        f = new RoleFixture(dir, "seattle", "london");
        f.workload(f.host("seattle"), 1500);
        f.awaitUpToDate("seattle");
        var seattleEvents = f.host("seattle").daemon().events().subscribe();
        var londonEvents = f.host("london").daemon().events().subscribe();
        String out = f.host("seattle").ok("vradmin -g hrdg -s migrate hr_rvg london");
        assertTrue(out.contains("london is now the Primary"), out);
        assertEquals("london", f.onlyPrimary());
        f.awaitNoTransfer();
        assertTrue(saw(seattleEvents, io.volrep.engine.event.EventType.RVG_PRITOSEC), "seattle publishes rvg_pritosec");
        assertTrue(saw(londonEvents, io.volrep.engine.event.EventType.RVG_SECTOPRI), "london publishes rvg_sectopri");
        f.checkAllAcked(f.host("london"), "after migrate");
        f.workload(f.host("london"), 1500);
        f.awaitUpToDate("london");
        f.checkAllAcked(f.host("seattle"), "seattle following london");
        f.assertSameVolumes(f.host("seattle"), f.host("london"));
        String flags = f.host("seattle").ok("vxprint -g hrdg -l hr_rvg");
        assertTrue(flags.contains("closed secondary enabled"), flags);
        assertTrue(f.host("london").ok("vxprint -g hrdg -l hr_rvg").contains("closed primary enabled"));
    }

    /**
     * Checkpoint markers are not shipped, yet a Secondary that holds every update before them holds the log
     * below them: with markers at the end of the Primary's log (a checkpoint ended after the last write) the
     * Secondaries are up-to-date, also after a restart, and the role moves (and follows) without a resync.
     */
    @Test
    void migrateWhenTheLogEndsWithCheckpointMarkers() throws Exception {
        f = new RoleFixture(dir, "seattle", "london", "tokyo");
        f.workload(f.host("seattle"), 600);
        f.host("seattle").ok("vxrvg -g hrdg -c ck checkstart hr_rvg");
        f.host("seattle").ok("vxrvg -g hrdg checkend hr_rvg");
        f.awaitUpToDate("seattle");
        long end = f.rvg("seattle").writePath().orElseThrow().srl().durableLsn();
        TestRds.await(Duration.ofSeconds(30), "the Secondaries' resume points to pass the markers", () -> f.names.stream()
                .skip(1).allMatch(h -> f.rvg(h).writePath().map(wp -> wp.sourceEnd() == end).orElse(false)));
        f.host("london").stop();                                 // the resume point past the markers is durable
        f.host("london").start();
        assertEquals(end, f.rvg("london").writePath().orElseThrow().sourceEnd());
        f.awaitUpToDate("seattle");
        String out = f.host("seattle").ok("vradmin -g hrdg -s migrate hr_rvg london");
        assertTrue(out.contains("london is now the Primary") && out.contains("tokyo now replicates from london"), out);
        f.awaitNoTransfer();
        f.workload(f.host("london"), 600);
        f.awaitUpToDate("london");
        f.assertSameVolumes(f.host("london"), f.host("seattle"));
        f.assertSameVolumes(f.host("london"), f.host("tokyo"));
        for (String h : f.names) {
            f.checkAllAcked(f.host(h), "after the migration");
        }
    }

    @Test
    void migrateBackAndForthWithThreeHosts() throws Exception {
        f = new RoleFixture(dir, "seattle", "london", "tokyo");
        String[] order = {"seattle", "london", "tokyo", "seattle", "tokyo", "london", "seattle"};
        for (int i = 0; i + 1 < order.length; i++) {
            f.workload(f.host(order[i]), 800);
            f.awaitUpToDate(order[i]);
            // Typed on the Primary, on the new Primary, or on the third host: the Primary carries it out.
            String typedOn = i % 3 == 0 ? order[i] : i % 3 == 1 ? order[i + 1] : third(order[i], order[i + 1]);
            Captured c = f.host(typedOn).run("vradmin -g hrdg -s migrate hr_rvg " + order[i + 1]);
            assertEquals(0, c.status, "cycle " + i + ": " + c);
            f.awaitNoTransfer();
            assertEquals(order[i + 1], f.onlyPrimary(), "cycle " + i);
            for (String h : f.names) {
                f.checkAllAcked(f.host(h), "cycle " + i);
            }
        }
        f.workload(f.host("seattle"), 800);
        f.awaitUpToDate("seattle");
        f.assertSameVolumes(f.host("seattle"), f.host("london"));
        f.assertSameVolumes(f.host("seattle"), f.host("tokyo"));
    }

    private static String third(String a, String b) {
        for (String h : new String[] {"seattle", "london", "tokyo"}) {
            if (!h.equals(a) && !h.equals(b)) {
                return h;
            }
        }
        throw new IllegalArgumentException(a + " " + b);
    }

    /** Whether {@code type} is among the events the subscription holds (waiting briefly for stragglers). */
    private static boolean saw(io.volrep.engine.event.EventBus.Subscription events, io.volrep.engine.event.EventType type)
            throws InterruptedException {
        try (events) {
            for (java.util.Optional<io.volrep.engine.event.Event> e;
                 (e = events.poll(2, java.util.concurrent.TimeUnit.SECONDS)).isPresent(); ) {
                if (e.get().type() == type) {
                    return true;
                }
            }
            return false;
        }
    }
}
