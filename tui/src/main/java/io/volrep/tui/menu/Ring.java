package io.volrep.tui.menu;

import java.util.List;

/**
 * The choices of a ring field: what the user sees and, in parallel, what goes on the command line
 * (SMIT's {@code disp_values} and {@code aix_values}). An empty command value adds nothing.
 */
public record Ring(List<String> display, List<String> values) {

    public Ring {
        display = List.copyOf(display);
        values = List.copyOf(values);
        if (display.isEmpty() || display.size() != values.size()) {
            throw new IllegalArgumentException("ring needs as many command values as display values");
        }
    }

    /** The command value for a display value, or null if the display value is not in the ring. */
    public String commandValue(String shown) {
        int i = display.indexOf(shown);
        return i < 0 ? null : values.get(i);
    }

    /** The display value after (step 1) or before (step -1) {@code shown}, wrapping round. */
    public String cycle(String shown, int step) {
        int i = Math.max(0, display.indexOf(shown));
        int n = display.size();
        return display.get(((i + step) % n + n) % n);
    }

    /** Accepts either a display value or a command value and returns the display value, or null. */
    public String displayFor(String given) {
        if (display.contains(given)) {
            return given;
        }
        int i = values.indexOf(given);
        return i < 0 || given.isEmpty() ? null : display.get(i);
    }
}
