package io.volrep.engine.rvg.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.testing.TestHost;
import io.volrep.engine.testing.TestRds;

/**
 * latencyprot (spec/vvr-features.md §6.3): writes stall at latency_high_mark while the RLINK is
 * connected and go on below latency_low_mark; while it is disconnected override drops the protection
 * and fail fails the writes. A 1 Mbps link keeps the Secondary behind.
 */
@Timeout(300)
class LatencyProtectionTest {
    private static final int HIGH = 40;
    private static final int LOW = 30;
    private static final int WRITERS = 8;

    @TempDir
    Path dir;
    TestRds rds;
    TestHost seattle;
    Rvg rvg;
    Rlink link;

    @BeforeEach
    void rds() throws Exception {
        rds = new TestRds(dir, "seattle", "london").start();
        seattle = rds.host("seattle");
        rds.everywhere("vxdg init hrdg");
        rds.everywhere("vxassist -g hrdg make hr_dv01 16m");
        rds.everywhere("vxassist -g hrdg make hr_srl 8m");
        seattle.ok("vradmin -g hrdg createpri hr_rvg hr_dv01 hr_srl");
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london latency_high_mark=" + HIGH + " latency_low_mark=" + LOW);
        seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");
        rvg = seattle.daemon().engine().rvgs().find("hrdg", "hr_rvg").orElseThrow();
        link = rvg.rlink("rlk_london_hr_rvg").orElseThrow();
        TestRds.await(Duration.ofSeconds(30), "the RLINK to connect", link::connected);
    }

    @AfterEach
    void stop() throws Exception {
        rds.close();
    }

    @Test
    void withoutProtectionASlowSecondaryFallsFarBehind() throws Exception {
        seattle.ok("vradmin -g hrdg set hr_rvg london bandwidth_limit=1mbps");
        long most = writeWhileSampling(400).most;
        assertTrue(most > 3 * HIGH, "latencyprot=off must not hold writes back; most owed was " + most);
    }

    @Test
    void connectedWritersStallAtTheHighMarkAndGoOnBelowTheLowMark() throws Exception {
        var events = seattle.daemon().events().subscribe();
        // Takes effect on the running session: no reconnect, during which override would drop the protection.
        seattle.ok("vradmin -g hrdg set hr_rvg london latencyprot=override bandwidth_limit=1mbps");
        Sample s = writeWhileSampling(400);
        java.util.Set<io.volrep.engine.event.EventType> seen = new java.util.HashSet<>();
        for (java.util.Optional<io.volrep.engine.event.Event> e; (e = events.poll(100, TimeUnit.MILLISECONDS)).isPresent(); ) {
            seen.add(e.get().type());
        }
        events.close();
        assertTrue(seen.contains(io.volrep.engine.event.EventType.LAT_THROTTLE_ON), "vrnotify events: " + seen);
        assertFalse(seen.contains(io.volrep.engine.event.EventType.RLK_DISCONNECT), "vradmin set restarted the RLINK: " + seen);
        assertTrue(s.most <= HIGH + WRITERS, "owed " + s.most + " writes with latency_high_mark " + HIGH);
        assertTrue(s.sawThrottle, "the throttle never came on");
        assertEquals(0, s.failures.get(), "stalled writes must not fail");
        TestRds.await(Duration.ofSeconds(60), "london to catch up", () -> rvg.writesOwed(link) == 0);
        assertTrue(!rvg.latencyThrottled(link) || rvg.writesOwed(link) >= LOW);
    }

    @Test
    void disconnectedOverrideDropsTheProtectionAndReconnectingThrottlesAgain() throws Exception {
        seattle.ok("vradmin -g hrdg set hr_rvg london latencyprot=override");
        seattle.ok("vradmin -g hrdg pauserep hr_rvg london");
        TestRds.await(Duration.ofSeconds(30), "the RLINK to pause", () -> link.state() == io.volrep.engine.rvg.RlinkState.PAUSE);
        for (int i = 0; i < 3 * HIGH; i++) {
            rvg.write(0, i * 4096L, block(i)).get(30, TimeUnit.SECONDS);
        }
        assertTrue(rvg.writesOwed(link) >= 3 * HIGH, "owed " + rvg.writesOwed(link));
        // Connected again but far behind: the next write waits until fewer than the low mark are owed.
        seattle.ok("vradmin -g hrdg set hr_rvg london bandwidth_limit=1mbps");
        seattle.ok("vradmin -g hrdg resumerep hr_rvg london");
        TestRds.await(Duration.ofSeconds(30), "the RLINK to reconnect", link::connected);
        rvg.write(0, 0, block(7)).get(60, TimeUnit.SECONDS);
        assertTrue(rvg.writesOwed(link) <= LOW, "owed " + rvg.writesOwed(link) + " after a throttled write");
        seattle.ok("vradmin -g hrdg set hr_rvg london bandwidth_limit=none");
        TestRds.await(Duration.ofSeconds(60), "london to catch up", () -> rvg.writesOwed(link) == 0);
    }

    @Test
    void disconnectedFailModeFailsWritesBeyondTheHighMarkUntilCaughtUp() throws Exception {
        seattle.ok("vradmin -g hrdg set hr_rvg london latencyprot=fail");
        seattle.ok("vradmin -g hrdg pauserep hr_rvg london");
        TestRds.await(Duration.ofSeconds(30), "the RLINK to pause", () -> link.state() == io.volrep.engine.rvg.RlinkState.PAUSE);
        for (int i = 0; i < HIGH; i++) {
            rvg.write(0, i * 4096L, block(i)).get(30, TimeUnit.SECONDS);
        }
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> rvg.write(0, 0, block(99)).get(30, TimeUnit.SECONDS));
        assertEquals(ErrorCode.REPLICATION_DISCONNECTED, ((VolrepException) e.getCause()).code(), e.toString());
        assertTrue(e.getCause().getMessage().contains("latencyprot=fail"), e.getCause().getMessage());
        assertEquals(HIGH, rvg.writesOwed(link), "the failed write must not be logged");
        seattle.ok("vradmin -g hrdg resumerep hr_rvg london");
        TestRds.await(Duration.ofSeconds(60), "london to catch up", () -> rvg.writesOwed(link) == 0);
        rvg.write(0, 0, block(100)).get(30, TimeUnit.SECONDS);
    }

    private record Sample(long most, boolean sawThrottle, AtomicInteger failures) {
    }

    /** {@code count} 4 KiB writes from {@value #WRITERS} threads while the owed count is sampled. */
    private Sample writeWhileSampling(int count) throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicInteger failures = new AtomicInteger();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < WRITERS; t++) {
            Thread w = new Thread(() -> {
                for (long i; (i = next.getAndIncrement()) < count; ) {
                    try {
                        rvg.write(0, (i % 4096) * 4096L, block((int) i)).get(120, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            }, "writer " + t);
            w.setDaemon(true);
            w.start();
            writers.add(w);
        }
        long most = 0;
        boolean throttle = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (writers.stream().anyMatch(Thread::isAlive) && next.get() < count && System.nanoTime() < deadline) {
            most = Math.max(most, rvg.writesOwed(link));
            throttle |= rvg.latencyThrottled(link);
            Thread.sleep(5);
        }
        // The last writes are issued: lift the limit so they drain quickly.
        seattle.ok("vradmin -g hrdg set hr_rvg london bandwidth_limit=none");
        for (Thread w : writers) {
            w.join(120_000);
        }
        return new Sample(most, throttle, failures);
    }

    private static ByteBuffer block(int i) {
        ByteBuffer b = ByteBuffer.allocate(4096);
        while (b.hasRemaining()) {
            b.putInt(i);
        }
        return b.flip();
    }
}
