package io.volrep.engine.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.volrep.engine.api.VolrepException;

class SizesTest {
    @Test
    void vxvmUnits() throws Exception {
        assertEquals(512L * 2048, Sizes.parse("2048"));
        assertEquals(512L * 10, Sizes.parse("10s"));
        assertEquals(512L << 20, Sizes.parse("512m"));
        assertEquals(2L << 30, Sizes.parse("2G"));
        assertEquals(1L << 40, Sizes.parse("1t"));
        assertEquals(4096, Sizes.roundUp(1));
        assertEquals("256M", Sizes.human(256L << 20));
        assertEquals("1.50G", Sizes.human(3L << 29));
    }

    @Test
    void garbageIsRefused() {
        for (String bad : new String[] {"", "abc", "-5", "0", "12x", "1.5g", "99999999999999t"}) {
            assertThrows(VolrepException.class, () -> Sizes.parse(bad), bad);
        }
    }
}
