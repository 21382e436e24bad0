package io.volrep.tui.run;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Quotes command-line words for POSIX sh, only where needed, so F6 and vxsmit.script replay exactly. */
public final class ShellQuote {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellQuote() {
    }

    /** One word, single-quoted if it holds anything sh would interpret. */
    public static String quote(String word) {
        if (SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** A whole argv as one sh command line. */
    public static String join(List<String> argv) {
        return argv.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }
}
