package io.volrep.engine.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The step tables allow exactly the documented order: only FROZEN rolls back; no step is skipped or repeated. */
class StepTableTest {
    @Test
    void migrationStepsGoForwardOneAtATime() {
        MigrateStep[] order = MigrateStep.values();
        for (int i = 0; i < order.length; i++) {
            for (int k = 0; k < order.length; k++) {
                MigrateStep from = order[i];
                MigrateStep to = order[k];
                if (k == i + 1) {
                    assertEquals(to, from.moveTo(to));
                } else {
                    assertThrows(IllegalStateException.class, () -> from.moveTo(to), from + " -> " + to);
                }
            }
        }
        assertTrue(MigrateStep.FROZEN.canRollBack());
        for (MigrateStep s : MigrateStep.values()) {
            if (s != MigrateStep.FROZEN) {
                assertFalse(s.canRollBack(), s + " is past the commit point");
            }
        }
    }

    @Test
    void takeoverStepsLeaveWaitingOnce() {
        assertEquals(TakeoverStep.MARKED, TakeoverStep.WAITING.moveTo(TakeoverStep.MARKED));
        assertEquals(TakeoverStep.NOTIFIED, TakeoverStep.WAITING.moveTo(TakeoverStep.NOTIFIED));
        assertThrows(IllegalStateException.class, () -> TakeoverStep.NOTIFIED.moveTo(TakeoverStep.MARKED));
        assertThrows(IllegalStateException.class, () -> TakeoverStep.MARKED.moveTo(TakeoverStep.WAITING));
        assertThrows(IllegalStateException.class, () -> TakeoverStep.WAITING.moveTo(TakeoverStep.WAITING));
    }
}
