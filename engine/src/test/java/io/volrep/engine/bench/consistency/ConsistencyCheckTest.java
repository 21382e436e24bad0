package io.volrep.engine.bench.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The checker against hand-made volume states: prefixes pass, anything else names the block. */
class ConsistencyCheckTest {
    // w1 vol0/b0, w2 vol1/b0 (issued after w1 was acked), w3 vol0/b0 again (after w2 acked), w4 vol0/b1 unacked
    private static final WriteLog.Contents LOG = new WriteLog.Contents(List.of(
            new WriteLog.Write(1, 0, 0, 0), new WriteLog.Write(2, 1, 0, 1), new WriteLog.Write(3, 0, 0, 2),
            new WriteLog.Write(4, 0, 1, 3)), Set.of(1L, 2L, 3L));

    private final Map<String, ByteBuffer> disk = new HashMap<>();

    private void put(int vol, long block, long seq) {
        disk.put(vol + ":" + block, Stamp.of(vol, block, seq));
    }

    private ConsistencyCheck.Result check(boolean primary) throws Exception {
        return ConsistencyCheck.check((v, b) -> disk.getOrDefault(v + ":" + b, ByteBuffer.allocate(Stamp.SIZE)).duplicate(),
                LOG, primary);
    }

    @Test
    void everyPrefixPasses() throws Exception {
        assertTrue(check(false).ok(), "nothing written yet is the empty prefix");
        put(0, 0, 1);
        assertTrue(check(false).ok());
        put(1, 0, 2);
        assertEquals(2, check(false).prefix());
        put(0, 0, 3);
        put(0, 1, 4);
        ConsistencyCheck.Result all = check(true);
        assertTrue(all.ok(), all.summary());
        assertEquals(4, all.prefix());
    }

    @Test
    void aLaterWriteWithoutAnEarlierAcknowledgedOneFails() throws Exception {
        put(1, 0, 2); // w2 visible, but w1 (acknowledged before w2 was issued) is not
        ConsistencyCheck.Result r = check(false);
        assertFalse(r.ok());
        assertTrue(r.problems().get(0).contains("volume 0 block 0 holds write 0 but write 1"), r.summary());
    }

    @Test
    void tornForeignAndUnissuedBlocksFail() throws Exception {
        ByteBuffer torn = Stamp.of(0, 0, 1);
        torn.put(100, (byte) (torn.get(100) ^ 1));
        disk.put("0:0", torn);
        assertTrue(check(false).summary().contains("not whole"));
        disk.put("0:0", Stamp.of(1, 0, 2));
        assertTrue(check(false).summary().contains("stamp of volume 1"));
        disk.put("0:0", Stamp.of(0, 0, 99));
        assertTrue(check(false).summary().contains("never issued"));
    }

    @Test
    void thePrimaryMustHoldEveryAcknowledgedWrite() throws Exception {
        put(0, 0, 1);
        put(1, 0, 2);
        assertTrue(check(false).ok());
        ConsistencyCheck.Result r = check(true);
        assertFalse(r.ok());
        assertTrue(r.summary().contains("lost acknowledged write 3"), r.summary());
    }
}
