package io.volrep.engine.command;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.volrep.engine.volume.Sizes;

/**
 * The progress of a long write as a line every {@value #EVERY_SECONDS} s, "WHAT: 45% (230M of 512M)",
 * and nothing for one that ends sooner. One writer thread.
 */
public final class ProgressLines {
    static final long EVERY_SECONDS = 2;

    private final String what;
    private final Consumer<String> out;
    private long next = System.nanoTime() + TimeUnit.SECONDS.toNanos(EVERY_SECONDS);

    public ProgressLines(String what, Consumer<String> out) {
        this.what = what;
        this.out = out;
    }

    /** {@code done} of {@code total} bytes are written; prints a line if one is due and the write goes on. */
    public void report(long done, long total) {
        if (done < total && System.nanoTime() > next) {
            out.accept(what + ": " + (done * 100 / total) + "% (" + Sizes.human(done) + " of " + Sizes.human(total) + ")");
            next = System.nanoTime() + TimeUnit.SECONDS.toNanos(EVERY_SECONDS);
        }
    }
}
