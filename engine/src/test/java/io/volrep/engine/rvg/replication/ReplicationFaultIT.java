package io.volrep.engine.rvg.replication;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.link.LossyProxy;
import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.testing.StampedRounds;
import io.volrep.engine.testing.TestHost;
import io.volrep.engine.testing.TestRds;

/**
 * A bad network between Primary and Secondary while a stamped workload writes: seattle reaches london
 * through a {@link LossyProxy} that cuts the connection, delays it, stalls it and resets it in the
 * middle of a frame. After each fault the proxy is frozen, the workload stopped and london restarted
 * (so it applies all it logged): its volumes must hold a prefix of the writes. Then the link comes back
 * and london must catch up with every acknowledged write, and seattle must have lost none.
 */
@Timeout(900)
class ReplicationFaultIT {
    private static final long BLOCKS = 2048;

    @TempDir
    Path dir;
    private LossyProxy proxy;
    private TestRds rds;

    @AfterEach
    void close() throws Exception {
        if (rds != null) {
            rds.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    private interface Fault {
        void inject(LossyProxy p) throws Exception;
    }

    @Test
    void cutsDelaysStallsAndResetsMidFrameNeverBreakThePrefix() throws Exception {
        startThroughProxy("16m");
        TestHost seattle = rds.host("seattle");
        TestHost london = rds.host("london");
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london");
        seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");
        StampedRounds rounds = new StampedRounds(dir, BLOCKS, "ReplicationFaultIT");
        Map<String, Fault> faults = new java.util.LinkedHashMap<>();
        faults.put("cut", LossyProxy::cut);
        faults.put("delay 40 ms", p -> {
            p.delay(Duration.ofMillis(40));
            Thread.sleep(1500);
            p.passThrough();
        });
        faults.put("stall 2 s", p -> {
            p.stall();
            Thread.sleep(2000);
            p.resume();
        });
        faults.put("reset mid-frame", LossyProxy::resetMidFrame);
        faults.put("synchronous=override, then cut", p -> {
            seattle.ok("vradmin -g hrdg set hr_rvg london synchronous=override");
            Thread.sleep(500);
            p.cut();
        });
        faults.put("latencyprot=override with 200/100 marks, then reset mid-frame", p -> {
            seattle.ok("vradmin -g hrdg set hr_rvg london synchronous=off latencyprot=override latency_high_mark=200 latency_low_mark=100");
            Thread.sleep(500);
            p.resetMidFrame();
        });
        for (Map.Entry<String, Fault> f : faults.entrySet()) {
            StampedRounds.Round w = rounds.start(clients(seattle), 16);
            w.awaitMore(1000);
            f.getValue().inject(proxy);
            w.awaitMore(1000);
            proxy.stall();
            w.finish();
            london.stop();
            london.start();
            rounds.checkPrefix(f.getKey() + ": london with the link frozen", () -> clients(london));
            proxy.resume();
            awaitUpToDate(seattle);
            rounds.checkComplete(f.getKey() + ": london caught up", () -> clients(london));
        }
        rounds.checkComplete("seattle at the end", () -> clients(seattle));
    }

    /** Autosync (startrep -a) while the application writes and the link is cut and reset mid-copy. */
    @Test
    void autosyncSurvivesCutsAndResetsAndEndsComplete() throws Exception {
        startThroughProxy("64m");
        TestHost seattle = rds.host("seattle");
        TestHost london = rds.host("london");
        StampedRounds rounds = new StampedRounds(dir, 16384, "ReplicationFaultIT-autosync");
        StampedRounds.Round before = rounds.start(clients(seattle), 16);
        before.awaitMore(20000);
        before.finish();
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london");
        StampedRounds.Round w = rounds.start(clients(seattle), 4);
        w.awaitMore(500);
        seattle.ok("vradmin -g hrdg -a startrep hr_rvg london");
        for (int i = 0; i < 3; i++) {
            w.awaitMore(1000);
            if (i == 1) {
                proxy.resetMidFrame();
            } else {
                proxy.cut();
            }
        }
        w.awaitMore(1000);
        w.finish();
        awaitUpToDate(seattle);
        rounds.checkComplete("london after autosync through cuts", () -> clients(london));
        rounds.checkComplete("seattle", () -> clients(seattle));
    }

    /** seattle and london, seattle reaching london through the proxy; a Primary RVG of two volumes of {@code size}. */
    private void startThroughProxy(String size) throws Exception {
        int port = TestRds.freePort();
        proxy = new LossyProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new InetSocketAddress(TestRds.address(1), port));
        rds = new TestRds(dir, List.of("seattle", "london"), "", port,
                Map.of("seattle>london", "127.0.0.1:" + proxy.address().getPort())).start();
        rds.everywhere("vxdg init hrdg");
        rds.everywhere("vxassist -g hrdg make hr_dv01 " + size);
        rds.everywhere("vxassist -g hrdg make hr_dv02 " + size);
        rds.everywhere("vxassist -g hrdg make hr_srl 256m");
        rds.host("seattle").ok("vradmin -g hrdg createpri hr_rvg hr_dv01,hr_dv02 hr_srl");
    }

    static List<NbdClient> clients(TestHost h) throws Exception {
        String s = "?socket=" + h.config().nbdSocket();
        return List.of(NbdClient.connect("nbd+unix:///hrdg/hr_dv01" + s), NbdClient.connect("nbd+unix:///hrdg/hr_dv02" + s));
    }

    /**
     * Waits for london to catch up. Should the backlog have filled the SRL (srlprot=autodcm switched to
     * DCM logging), it replays the DCM as the product requires, with vradmin resync.
     */
    static void awaitUpToDate(TestHost primary) throws Exception {
        TestRds.await(Duration.ofSeconds(180), "london to be up to date", () -> {
            String status = primary.run0("vradmin -g hrdg repstatus hr_rvg");
            if (status.contains("needs dcm resynchronization")) {
                System.out.println("ReplicationFaultIT: the SRL overflowed; replaying the DCM");
                primary.run0("vradmin -g hrdg resync hr_rvg");
            }
            return status.contains(" consistent, up-to-date");
        });
    }
}
