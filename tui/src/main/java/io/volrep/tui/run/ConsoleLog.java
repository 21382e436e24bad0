package io.volrep.tui.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * vxsmit.log and vxsmit.script: both append-only. The log holds timestamped entries (screens
 * visited, commands, their output, F8 screen images); the script holds only the commands run, each
 * after a timestamp comment, so {@code sh vxsmit.script} repeats them. Writing is best effort: if a
 * file cannot be written, the console keeps working and {@link #problem()} says why.
 * Thread-safe: the GUI thread and command threads both write.
 */
public final class ConsoleLog {

    /** The line that ends a screen image, as in smit.log. */
    public static final String END_OF_SCREEN = "---------- end of screen ----------";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("MMM dd yyyy, HH:mm:ss", Locale.ENGLISH);

    private final Path logFile;
    private final Path scriptFile;
    private final Clock clock;
    private String problem;

    public ConsoleLog(Path logFile, Path scriptFile, Clock clock) {
        this.logFile = logFile;
        this.scriptFile = scriptFile;
        this.clock = clock;
    }

    public Path logFile() {
        return logFile;
    }

    public Path scriptFile() {
        return scriptFile;
    }

    /** A log entry: a timestamp line, then the message and body indented. */
    public synchronized void log(String message, String body) {
        StringBuilder sb = new StringBuilder("[").append(stamp()).append("]\n    ").append(message).append('\n');
        if (body != null && !body.isEmpty()) {
            for (String line : body.split("\n", -1)) {
                sb.append("        ").append(line).append('\n');
            }
        }
        append(logFile, sb.toString());
    }

    /** An F8 screen image. */
    public synchronized void image(List<String> lines) {
        StringBuilder sb = new StringBuilder("[").append(stamp()).append("]\n    Screen image\n");
        lines.forEach(l -> sb.append(l.stripTrailing()).append('\n'));
        sb.append(END_OF_SCREEN).append('\n');
        append(logFile, sb.toString());
    }

    /** A command for the script; {@code note} (may be null) is added to the comment block. */
    public synchronized void script(CommandLine command, String note) {
        StringBuilder sb = new StringBuilder("#\n#[").append(stamp()).append("]\n");
        if (note != null) {
            sb.append("# ").append(note).append('\n');
        }
        sb.append("#\n").append(command.display()).append('\n');
        append(scriptFile, sb.toString());
    }

    /** Why a file could not be written, or null if all writes worked. */
    public synchronized String problem() {
        return problem;
    }

    private String stamp() {
        return STAMP.format(clock.instant().atZone(clock.getZone() == null ? ZoneId.systemDefault() : clock.getZone()));
    }

    private void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            problem = "cannot write " + file + ": " + e.getMessage();
        }
    }
}
