package io.volrep.engine.link;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one thread per daemon that looks at every channel link's blocked read ({@link ChannelInput})
 * a few times per dead-peer timeout: a blocking channel read, unlike a socket stream's, has no
 * SO_TIMEOUT of its own.
 */
final class LinkWatchdog {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vxrep-link-watchdog");
        t.setDaemon(true);
        return t;
    });

    private LinkWatchdog() {
    }

    /**
     * Runs {@code expired} once, when a read of {@code input} has waited longer than {@code timeoutNanos};
     * checks every quarter of it (at least every 5 ms, at most every second). Cancel the result when done.
     */
    static ScheduledFuture<?> watch(ChannelInput input, long timeoutNanos, Runnable expired) {
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(5), Math.min(TimeUnit.SECONDS.toNanos(1), timeoutNanos / 4));
        boolean[] fired = {false};
        return TIMER.scheduleAtFixedRate(() -> {
            if (!fired[0] && input.waitingNanos(System.nanoTime()) > timeoutNanos) {
                fired[0] = true;
                expired.run();
            }
        }, period, period, TimeUnit.NANOSECONDS);
    }
}
