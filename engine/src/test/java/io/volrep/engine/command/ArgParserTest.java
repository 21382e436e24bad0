package io.volrep.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.volrep.engine.api.VolrepException;

class ArgParserTest {
    private final ArgParser vradmin = new ArgParser(Set.of("-g", "-c"), false);
    private final ArgParser vxprint = new ArgParser(Set.of("-g"), true);

    @Test
    void optionsBeforeAndAfterTheVerb() throws Exception {
        Args a = vradmin.parse("vradmin", List.of("-g", "hrdg", "-c", "ck1", "syncrvg", "hr_rvg", "london", "tokyo"), true);
        assertEquals("syncrvg", a.verb());
        assertEquals(Map.of("-g", "hrdg", "-c", "ck1"), a.options());
        assertEquals(List.of("hr_rvg", "london", "tokyo"), a.positionals());
        Args b = vradmin.parse("vradmin", List.of("createpri", "-nodcm", "-g", "hrdg", "r", "v1,v2", "srl"), true);
        assertEquals("createpri", b.verb());
        assertEquals(Map.of("-nodcm", "", "-g", "hrdg"), b.options());
    }

    @Test
    void combinedLettersWithTheValueLast() throws Exception {
        Args a = vxprint.parse("vxprint", List.of("-thg", "hrdg", "hr_rvg"), false);
        assertEquals(Map.of("-t", "", "-h", "", "-g", "hrdg"), a.options());
        assertEquals(List.of("hr_rvg"), a.positionals());
    }

    @Test
    void mistakesAreUsageErrors() {
        assertThrows(VolrepException.class, () -> vradmin.parse("vradmin", List.of("-g"), true));
        assertThrows(VolrepException.class, () -> vradmin.parse("vradmin", List.of("-g", "a", "-g", "b", "x"), true));
        assertThrows(VolrepException.class, () -> vradmin.parse("vradmin", List.of("-g", "a"), true));
        assertThrows(VolrepException.class, () -> vxprint.parse("vxprint", List.of("-gt", "x"), false));
    }

    @Test
    void doubleDashEndsOptions() throws Exception {
        Args a = vxprint.parse("vxprint", List.of("--", "-odd"), false);
        assertEquals(List.of("-odd"), a.positionals());
    }
}
