package io.volrep.tui.run;

/** How much vxsmit really runs (SMIT's {@code -x} and {@code -X}). */
public enum ExecMode {
    /** Run list, discovery and dialog commands. */
    RUN,
    /** {@code -x}: run list and discovery commands; log dialog commands without running them. */
    NO_EXEC,
    /** {@code -X}: run nothing at all, not even list or discovery commands; only log. */
    NOTHING
}
