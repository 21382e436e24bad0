package io.volrep.engine.rvg;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.event.EventType;

/**
 * Latency protection (spec/vvr-features.md §6.3): bounds how many writes an asynchronous Secondary
 * may owe. When an RLINK with {@code latencyprot} on owes {@code latency_high_mark} writes, new
 * application writes stall until it owes fewer than {@code latency_low_mark}:
 * <pre>
 *   latencyprot   connected                disconnected (paused, network or Secondary down)
 *   off           no protection            no protection
 *   override      stall at the high mark   protection dropped: writes proceed
 *   fail          stall at the high mark   writes beyond the high mark fail
 * </pre>
 * A stalled writer blocks in {@link #admit()} (the application's write call), woken by the RLINK's
 * acknowledgements and re-checking at least every {@value #RECHECK_MILLIS} ms so that a link that drops
 * meanwhile releases or fails it. Thread-safe.
 */
final class LatencyProtection {
    private static final Logger LOG = Logger.getLogger(LatencyProtection.class.getName());
    static final long RECHECK_MILLIS = 100;
    private static final int FORGET_EVERY = 1024;

    private enum Verdict { PROCEED, STALL, FAIL }

    private final Rvg rvg;
    private final WriteCounter counter = new WriteCounter();
    private final Set<String> throttled = ConcurrentHashMap.newKeySet();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final Object monitor = new Object();
    private int waiting;

    LatencyProtection(Rvg rvg) {
        this.rvg = rvg;
    }

    /** A write ending at {@code endLsn} is in the SRL. */
    void logged(long endLsn) {
        counter.logged(endLsn);
        if (counter.total() % FORGET_EVERY == 0) {
            long min = Long.MAX_VALUE;
            for (Rlink l : rvg.rlinks()) {
                min = Math.min(min, l.ackedLsn());
            }
            counter.forgetBelow(min == Long.MAX_VALUE ? endLsn : min);
        }
    }

    /** Writes the RLINK has yet to acknowledge (counted since the RVG started). */
    long outstanding(Rlink link) {
        return counter.outstanding(link.ackedLsn());
    }

    /** Whether writes are being held back for the RLINK now (its throttle is on). */
    boolean throttling(Rlink link) {
        return throttled.contains(link.name());
    }

    /** An acknowledgement arrived: stalled writers look again. */
    void signal() {
        synchronized (monitor) {
            if (waiting > 0) {
                monitor.notifyAll();
            }
        }
    }

    /**
     * Returns when a new write may go ahead; blocks while a connected RLINK is throttled.
     *
     * @throws VolrepException REPLICATION_DISCONNECTED when latencyprot=fail and a disconnected
     *                         RLINK owes the high mark; the write must then fail
     */
    void admit() throws VolrepException, InterruptedException {
        for (;;) {
            Verdict v = Verdict.PROCEED;
            for (Rlink l : rvg.rlinks()) {
                Verdict one = judge(l);
                if (one == Verdict.FAIL) {
                    throw new VolrepException(ErrorCode.REPLICATION_DISCONNECTED, "RLINK " + l.name() + " to " + l.remoteHost()
                            + " owes " + outstanding(l) + " writes (latency_high_mark " + l.attributes().latencyHighMark()
                            + ") and is not connected; latencyprot=fail fails writes until it reconnects and catches up");
                }
                if (one == Verdict.STALL) {
                    v = Verdict.STALL;
                }
            }
            if (v == Verdict.PROCEED || !rvg.started()) {
                return;
            }
            synchronized (monitor) {
                waiting++;
                try {
                    TimeUnit.MILLISECONDS.timedWait(monitor, RECHECK_MILLIS);
                } finally {
                    waiting--;
                }
            }
        }
    }

    private Verdict judge(Rlink l) {
        String mode = l.attributes().latencyprot();
        RlinkState s = l.state();
        if (mode.equals("off") || !(s == RlinkState.ACTIVE || s == RlinkState.PAUSE) || l.dcmMode()) {
            release(l, "off");
            return Verdict.PROCEED;
        }
        long owed = outstanding(l);
        boolean on = throttled.contains(l.name());
        if (on && owed < l.attributes().latencyLowMark()) {
            release(l, "lat_throttle_off");
            return Verdict.PROCEED;
        }
        if (!on) {
            if (owed < l.attributes().latencyHighMark()) {
                return Verdict.PROCEED;
            }
            throttled.add(l.name());
            String msg = "RLINK " + l.name() + " owes " + owed + " writes (latency_high_mark " + l.attributes().latencyHighMark()
                    + "); writes stall until it owes fewer than " + l.attributes().latencyLowMark();
            LOG.warning("lat_throttle_on: " + msg);
            rvg.events().publish(EventType.LAT_THROTTLE_ON, rvg.name(), msg);
        }
        if (l.connected() && s == RlinkState.ACTIVE) {
            reported.remove(l.name());
            return Verdict.STALL;
        }
        boolean fail = mode.equals("fail");
        if (reported.add(l.name())) {
            String msg = "RLINK " + l.name() + " is not connected; " + (fail ? "writes fail" : "protection dropped, writes proceed")
                    + " while it owes the high mark";
            LOG.warning((fail ? "lat_throttle_fail: " : "lat_throttle_override: ") + msg);
            rvg.events().publish(fail ? EventType.LAT_THROTTLE_FAIL : EventType.LAT_THROTTLE_OVERRIDE, rvg.name(), msg);
        }
        return fail ? Verdict.FAIL : Verdict.PROCEED;
    }

    private void release(Rlink l, String event) {
        if (throttled.remove(l.name()) && event.startsWith("lat_")) {
            String msg = "RLINK " + l.name() + " owes fewer than " + l.attributes().latencyLowMark() + " writes; writes go ahead";
            LOG.info(event + ": " + msg);
            rvg.events().publish(EventType.LAT_THROTTLE_OFF, rvg.name(), msg);
        }
        reported.remove(l.name());
    }
}
