package io.volrep.tui.menu;

/** Where a definition came from: file name and line, for messages such as {@code volumes.conf:12}. */
public record Origin(String file, int line) {

    /** An origin for definitions that were not read from a file (tests, built-ins). */
    public static final Origin NONE = new Origin("<none>", 0);

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
