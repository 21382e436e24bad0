package io.volrep.engine.rvg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;

class RlinkAttributesTest {
    @Test
    void documentedValuesApply() throws Exception {
        RlinkAttributes a = RlinkAttributes.DEFAULTS.with(List.of("synchronous=override", "srlprot=dcm", "latencyprot=fail",
                "latency_high_mark=100", "latency_low_mark=50", "bandwidth_limit=30mbps", "compression=on", "protocol=TCP"));
        assertEquals("override", a.synchronous());
        assertEquals(30_000_000L, a.bandwidthBitsPerSecond());
        assertEquals("30.00 Mbps", a.bandwidthText());
        assertTrue(a.compression());
        assertEquals(a, RlinkAttributes.DEFAULTS.with(a.words()));
        assertEquals(0, a.with(List.of("bandwidth_limit=none")).bandwidthBitsPerSecond());
    }

    @Test
    void badValuesChangeNothing() {
        for (String bad : new String[] {"synchronous=maybe", "srlprot=", "latency_low_mark=20000", "bandwidth_limit=500kbps",
                "bandwidth_limit=fast", "packet_size=10", "protocol=UDP", "colour=red", "synchronous", "=x"}) {
            VolrepException e = assertThrows(VolrepException.class, () -> RlinkAttributes.DEFAULTS.with(List.of(bad)), bad);
            assertEquals(ErrorCode.BAD_ATTRIBUTE, e.code(), bad);
        }
        assertThrows(VolrepException.class, () -> RlinkAttributes.DEFAULTS.with(List.of("synchronous=off", "synchronous=fail")));
    }

    @Test
    void stateTableMatchesTheDocumentation() {
        assertTrue(RlinkState.STALE.canMoveTo(RlinkState.ACTIVE));
        assertFalse(RlinkState.STALE.canMoveTo(RlinkState.PAUSE));
        assertFalse(RlinkState.STALE.canMoveTo(RlinkState.FAIL));
        assertTrue(RlinkState.ACTIVE.canMoveTo(RlinkState.PAUSE));
        assertTrue(RlinkState.FAIL.canMoveTo(RlinkState.ACTIVE));
        assertTrue(RlinkState.PAUSE.canMoveTo(RlinkState.STALE));
        assertThrows(IllegalStateException.class, () -> RlinkState.STALE.moveTo(RlinkState.FAIL));
    }
}
