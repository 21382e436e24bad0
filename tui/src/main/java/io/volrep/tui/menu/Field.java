package io.volrep.tui.menu;

import java.util.regex.Pattern;

/**
 * One entry field of a dialog or selector (SMIT's {@code sm_cmd_opt}).
 *
 * <p>Placement on the command line: a field with a {@code flag} goes in the flag group, as the
 * flag followed by the value ({@code -g hrdg}); an empty flag puts the bare value in the flag group
 * (for rings whose command values are whole flags, such as {@code -nodcm}). A field with a
 * {@code positional} number goes after the verb, in that order, with an optional {@code prefix}
 * glued to the value ({@code path=/srv/vol}). Selector fields have neither.
 *
 * @param list      choices for {@link FieldKind#LIST} fields, else null
 * @param ring      choices for {@link FieldKind#RING} fields, else null
 * @param multi     several list values may be picked; they are joined with {@code separator}
 *                  (a single space makes each value its own command-line word)
 * @param initial   the default value shown when nothing is discovered or passed in ("" if none)
 * @param discover  name under which a discovered or selector-passed value fills this field
 * @param pattern   optional extra check for typed values, with {@code patternHint} saying what fits
 * @param editable  false for display-only values (no brackets; they cannot be typed over)
 */
public record Field(String id, String label, FieldKind kind, boolean required, String flag,
                    int positional, String prefix, ListSource list, boolean multi, String separator,
                    Ring ring, String initial, String discover, String help, Pattern pattern,
                    String patternHint, boolean editable, Origin origin) {

    /** True if the field goes in the flag group (it has a flag, possibly empty). */
    public boolean isFlag() {
        return flag != null;
    }

    /** True if the field is a positional argument. */
    public boolean isPositional() {
        return positional > 0;
    }

    /** The marker for the right margin. */
    public char marker() {
        return kind.marker();
    }

    /** True if the value is shown in brackets and can be typed over. */
    public boolean bracketed() {
        return editable && kind.typed();
    }

    /** The display value a ring or yes/no field starts at when nothing else is given. */
    public String startValue() {
        if (!initial.isEmpty()) {
            return initial;
        }
        return switch (kind) {
            case RING -> ring.display().get(0);
            case YESNO -> "no";
            default -> "";
        };
    }

    /**
     * Checks one value as the form would, without list membership (which needs the list command).
     *
     * @return null if acceptable, else a sentence naming the field and what is expected
     */
    public String check(String value) {
        if (required && value.isBlank()) {
            return label + ": a value is required";
        }
        if (kind == FieldKind.RING && ring.displayFor(value) == null) {
            return label + ": must be one of " + String.join(", ", ring.display());
        }
        if (kind == FieldKind.YESNO && !value.equals("yes") && !value.equals("no")) {
            return label + ": must be yes or no";
        }
        String kindProblem = kind.check(value);
        if (kindProblem != null) {
            return label + ": " + kindProblem;
        }
        if (pattern != null && !value.isEmpty() && !pattern.matcher(value).matches()) {
            return label + ": " + (patternHint.isEmpty() ? "must match " + pattern.pattern() : patternHint);
        }
        return null;
    }
}
