package io.volrep.engine.command;

import java.io.IOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;

/**
 * Reports that repeat ({@code vxrlink -i interval [-t freq] status|stats}, {@code vrstat -i -n}): a
 * report now, then one every interval until {@code count} reports were printed or, without a count,
 * until the user interrupts the command (the client goes away). With a timestamp frequency, a date
 * line precedes the first report and every {@code freq}-th one after it.
 */
public final class Repeater {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss yyyy", Locale.ROOT);
    private static final long SLICE_MILLIS = 100;

    /** One report; {@code round} counts from 0. */
    @FunctionalInterface
    public interface Report {
        void print(int round) throws VolrepException, IOException;
    }

    private Repeater() {
    }

    /** The whole number of seconds (1..86400) given with {@code option}, if it is given. */
    public static Optional<Long> seconds(Args args, String option) throws VolrepException {
        return positive(args, option, 86_400);
    }

    /** A positive whole number given with {@code option} (at most {@code max}), if it is given. */
    public static Optional<Long> positive(Args args, String option, long max) throws VolrepException {
        Optional<String> v = args.option(option);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            long n = Long.parseLong(v.get());
            if (n >= 1 && n <= max) {
                return Optional.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new VolrepException(ErrorCode.USAGE, "option " + option + " takes a whole number from 1 to " + max
                + ", not '" + v.get() + "'");
    }

    /**
     * Prints the report once without an interval; with one, every {@code interval} seconds, {@code count}
     * times (forever when empty, until the client leaves).
     */
    public static void run(Invocation inv, Optional<Long> interval, Optional<Long> count, long timestampEvery, Report report)
            throws VolrepException, IOException {
        long rounds = interval.isEmpty() ? 1 : count.orElse(Long.MAX_VALUE);
        for (int round = 0; round < rounds && !inv.clientGone(); round++) {
            if (round > 0 && !sleep(inv, interval.get() * 1000)) {
                return;
            }
            if (timestampEvery > 0 && round % timestampEvery == 0) {
                inv.out(STAMP.format(ZonedDateTime.now()));
            }
            report.print(round);
        }
    }

    /** Sleeps in small slices; false when the client left or the thread was interrupted meanwhile. */
    private static boolean sleep(Invocation inv, long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end) {
            if (inv.clientGone()) {
                return false;
            }
            try {
                Thread.sleep(Math.min(SLICE_MILLIS, Math.max(1, (end - System.nanoTime()) / 1_000_000L)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
