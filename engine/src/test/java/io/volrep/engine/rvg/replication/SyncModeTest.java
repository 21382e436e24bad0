package io.volrep.engine.rvg.replication;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.bench.consistency.Stamp;
import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.testing.TestHost;
import io.volrep.engine.testing.TestRds;

/** synchronous=override and synchronous=fail with the Secondary connected, gone, and back. */
@Timeout(180)
class SyncModeTest {
    @TempDir
    Path dir;
    TestRds rds;
    TestHost seattle;
    TestHost london;

    @BeforeEach
    void start() throws Exception {
        rds = new TestRds(dir, "seattle", "london").start();
        seattle = rds.host("seattle");
        london = rds.host("london");
        rds.everywhere("vxdg init hrdg");
        rds.everywhere("vxassist -g hrdg make hr_dv01 16m");
        rds.everywhere("vxassist -g hrdg make hr_srl 8m");
        seattle.ok("vradmin -g hrdg createpri hr_rvg hr_dv01 hr_srl");
    }

    @AfterEach
    void stop() throws Exception {
        rds.close();
    }

    private Rlink link() {
        return seattle.daemon().engine().rvgs().find("hrdg", "hr_rvg").orElseThrow().rlink("rlk_london_hr_rvg").orElseThrow();
    }

    private NbdClient client() throws Exception {
        return NbdClient.connect("nbd+unix:///hrdg/hr_dv01?socket=" + seattle.config().nbdSocket());
    }

    private void awaitSynchronous() {
        TestRds.await(Duration.ofSeconds(30), "the RLINK to run synchronously", () -> link().writesWait() && link().connected());
    }

    @Test
    void overrideWaitsForTheSecondaryThenFallsBackAndReturns() throws Exception {
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london synchronous=override");
        seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");
        try (NbdClient c = client()) {
            c.write(0, Stamp.of(0, 0, 1), false).get(30, TimeUnit.SECONDS);
            awaitSynchronous();
            for (int i = 1; i <= 50; i++) {
                c.write(i * 4096L, Stamp.of(0, i, i), false).get(30, TimeUnit.SECONDS);
                long durable = seattle.daemon().engine().rvgs().find("hrdg", "hr_rvg").orElseThrow().writePath().orElseThrow()
                        .srl().durableLsn();
                assertTrue(link().receivedLsn() >= durable, "write " + i + " completed before london received it");
            }
            long last = seattle.daemon().engine().rvgs().find("hrdg", "hr_rvg").orElseThrow().writePath().orElseThrow()
                    .srl().durableLsn();
            TestRds.await(Duration.ofSeconds(30), "london's data acknowledgement of the last write",
                    () -> link().ackedLsn() >= last);
            assertTrue(seattle.ok("vradmin -g hrdg repstatus hr_rvg").contains("Current mode:               synchronous"));
            london.stop();
            TestRds.await(Duration.ofSeconds(30), "the RLINK to notice london is gone", () -> !link().connected());
            c.write(0, Stamp.of(0, 0, 99), false).get(30, TimeUnit.SECONDS);
            assertTrue(seattle.ok("vradmin -g hrdg repstatus hr_rvg").contains("Current mode:               asynchronous"));
            london.start();
            awaitSynchronous();
            c.write(4096, Stamp.of(0, 1, 100), false).get(30, TimeUnit.SECONDS);
            // The write completed on london's network acknowledgement; up-to-date follows its data acknowledgement.
            TestRds.await(Duration.ofSeconds(30), "london up to date", () -> {
                try {
                    return seattle.ok("vradmin -g hrdg repstatus hr_rvg").contains(" consistent, up-to-date");
                } catch (java.io.IOException e) {
                    return false;
                }
            });
        }
    }

    @Test
    void failRefusesWritesWhileTheSecondaryIsGone() throws Exception {
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london synchronous=fail");
        seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");
        try (NbdClient c = client()) {
            awaitSynchronous();
            c.write(0, Stamp.of(0, 0, 1), false).get(30, TimeUnit.SECONDS);
            london.stop();
            TestRds.await(Duration.ofSeconds(30), "the RLINK to notice london is gone", () -> !link().connected());
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> c.write(4096, ByteBuffer.allocate(4096), false).get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("EIO"), e.getCause().getMessage());
            london.start();
            awaitSynchronous();
            c.write(4096, Stamp.of(0, 1, 2), false).get(30, TimeUnit.SECONDS);
        }
    }
}
