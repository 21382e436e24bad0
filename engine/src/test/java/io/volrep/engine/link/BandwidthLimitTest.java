package io.volrep.engine.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The send-side limit over real sockets; lower bounds only, with the bucket's burst taken off. */
@Timeout(60)
class BandwidthLimitTest {
    private static final int MIB = 1 << 20;
    private LinkFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new LinkFixture();
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void limitedSendTakesAtLeastBytesOverRate() throws Exception {
        PeerConnection c = fx.connect(new Recorder());
        Recorder london = new Recorder(false);
        fx.server.register("bulk", (conn, info) -> ChannelHandler.Answer.accept(london));
        PeerConnection bulk = fx.dialer("seattle", LinkFixture.KEY).connect("london", fx.server.address(), "bulk",
                java.util.Map.of(), new Recorder());
        long rate = 2L * MIB;
        bulk.setBandwidthLimit(rate);
        assertEquals(rate, bulk.bandwidthLimit());
        long start = System.nanoTime();
        for (int i = 0; i < 12; i++) {
            bulk.send(1, new byte[MIB / 4]);
        }
        assertTrue(london.awaitBytes(3L * MIB, 30_000));
        double seconds = (System.nanoTime() - start) / 1e9;
        double expected = (3.0 * MIB - rate / 10.0) / rate;
        assertTrue(seconds >= 0.8 * expected, "3 MiB at 2 MiB/s took " + seconds + " s");
        c.close("done");
        bulk.close("done");
    }

    @Test
    void changingTheLimitTakesEffectWhileSending() throws Exception {
        Recorder london = new Recorder(false);
        fx.server.register("bulk", (conn, info) -> ChannelHandler.Answer.accept(london));
        PeerConnection bulk = fx.dialer("seattle", LinkFixture.KEY).connect("london", fx.server.address(), "bulk",
                java.util.Map.of(), new Recorder());
        bulk.send(1, new byte[2 * MIB]); // no limit yet
        assertTrue(london.awaitBytes(2L * MIB, 30_000));

        bulk.setBandwidthLimit(MIB); // lowered at run time
        long start = System.nanoTime();
        for (int i = 0; i < 8; i++) {
            bulk.send(1, new byte[MIB / 4]);
        }
        assertTrue(london.awaitBytes(4L * MIB, 30_000));
        double seconds = (System.nanoTime() - start) / 1e9;
        double expected = (2.0 * MIB - MIB / 10.0) / MIB;
        assertTrue(seconds >= 0.8 * expected, "2 MiB at 1 MiB/s took " + seconds + " s");

        bulk.setBandwidthLimit(256 * 1024); // 8 MiB at this rate would take 32 s
        for (int i = 0; i < 32; i++) {
            bulk.send(1, new byte[MIB / 4]);
        }
        assertTrue(london.awaitBytes(4L * MIB + 512 * 1024, 30_000));
        bulk.setBandwidthLimit(0); // lifted while the writer is waiting for tokens
        assertTrue(london.awaitBytes(12L * MIB, 8_000), "lifting the limit did not speed up the send");
        bulk.close("done");
    }
}
