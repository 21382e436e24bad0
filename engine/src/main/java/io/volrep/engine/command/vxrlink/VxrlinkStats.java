package io.volrep.engine.command.vxrlink;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.Repeater;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkCounters;

/**
 * {@code vxrlink [-g dg] [-e] [-i interval [-t timestamp_freq]] [-r rvg] stats rlink}: network figures of
 * an RLINK since it last connected (spec/vvr-features.md §8.3), on the Primary or the Secondary:
 * messages (updates) and 512-byte blocks sent or received, the moving average round trip of
 * acknowledgements, updates resent after a reconnect, errors of the link by kind, and flow control
 * (waits for the window, their total time, the bandwidth limit). {@code -e} adds the link's frames,
 * bytes and heartbeats and the synchronization copies. With {@code -i} each row is the change over
 * the interval (the round trip stays an average), until interrupted.
 */
public final class VxrlinkStats extends SimpleVerb {
    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss yyyy", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private static final String PRI = "%10s %10s %9s %8s  %8s %9s %7s %5s  %7s %10s %10s";
    private static final String SEC = "%10s %10s %10s  %8s %9s %7s %5s";
    private final Engine engine;

    public VxrlinkStats(Engine engine) {
        super("vxrlink", "stats", new Syntax("vxrlink [-g diskgroup] [-e] [-i interval [-t timestamp_freq]] [-r rvg] stats rlink",
                Map.of("-g", true, "-e", false, "-i", true, "-t", true, "-r", true), 1, 1),
                "show the network statistics of an RLINK");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        RlinkTarget t = RlinkTarget.find(engine, inv.args(), inv.args().arg(0));
        Rlink l = t.link();
        boolean primary = t.rvg().isPrimary();
        Optional<Long> interval = Repeater.seconds(inv.args(), "-i");
        long stampEvery = Repeater.positive(inv.args(), "-t", 1_000_000).orElse(0L);
        if (stampEvery > 0 && interval.isEmpty()) {
            throw new VolrepException(ErrorCode.USAGE, "-t sets how often -i repeats print a date: give -i interval too");
        }
        boolean extended = inv.args().flag("-e");
        RlinkCounters.Snapshot[] last = {null};
        Repeater.run(inv, interval, Optional.empty(), stampEvery, round -> {
            RlinkCounters.Snapshot now = l.counters().snapshot();
            if (round == 0) {
                inv.out("Rlink " + l.name() + (primary ? " to " : " from ") + l.remoteHost() + ": "
                        + (l.connected() ? "connected" : "disconnected") + ", counting since " + SINCE.format(Instant.ofEpochMilli(now.sinceMillis())));
                header(inv, primary);
            }
            RlinkCounters.Snapshot shown = last[0] == null ? now : now.minus(last[0]);
            inv.out(primary ? primaryRow(shown, l) : secondaryRow(shown));
            if (extended) {
                extended(inv, shown, primary);
            }
            last[0] = now;
        });
        return 0;
    }

    private static void header(Invocation inv, boolean primary) {
        if (primary) {
            inv.out(String.format("%-41s %-34s %s", "               Messages", "          Errors", "          Flow control"));
            inv.out(String.format(PRI, "#", "Blocks", "RT(msec)", "Resent", "Timeout", "Checksum", "Packet", "IO", "Delays",
                    "Delay(ms)", "Bandwidth"));
        } else {
            inv.out(String.format("%-33s %s", "               Messages", "          Errors"));
            inv.out(String.format(SEC, "#", "Blocks", "Frames", "Timeout", "Checksum", "Packet", "IO"));
        }
    }

    private static String primaryRow(RlinkCounters.Snapshot s, Rlink l) {
        RlinkCounters.LinkFigures f = s.link();
        long bw = l.attributes().bandwidthBitsPerSecond();
        return String.format(PRI, s.messages(), s.blocks(), s.rttMillis() < 0 ? "-" : String.format("%.1f", s.rttMillis()),
                s.retransmits(), f.timeouts(), f.checksumErrors(), f.truncated() + f.malformed(), f.ioErrors() + f.handlerErrors(),
                s.windowDelays(), s.windowDelayMillis(), bw == 0 ? "none" : l.attributes().bandwidthText().replace(" ", ""));
    }

    private static String secondaryRow(RlinkCounters.Snapshot s) {
        RlinkCounters.LinkFigures f = s.link();
        return String.format(SEC, s.updatesReceived(), (s.bytesReceived() + 511) / 512, f.framesReceived(), f.timeouts(),
                f.checksumErrors(), f.truncated() + f.malformed(), f.ioErrors() + f.handlerErrors());
    }

    private static void extended(Invocation inv, RlinkCounters.Snapshot s, boolean primary) {
        RlinkCounters.LinkFigures f = s.link();
        inv.out(String.format("  link: frames sent %d received %d, Kbytes sent %d received %d, heartbeats sent %d received %d",
                f.framesSent(), f.framesReceived(), f.bytesSent() / 1024, f.bytesReceived() / 1024, f.heartbeatsSent(),
                f.heartbeatsReceived()));
        inv.out(String.format("  errors: timeout %d checksum %d truncated %d malformed %d io %d handler %d",
                f.timeouts(), f.checksumErrors(), f.truncated(), f.malformed(), f.ioErrors(), f.handlerErrors()));
        if (primary) {
            inv.out(String.format("  resent: %d messages, %d Kbytes; acks %d; synchronization: %d blocks, %d Kbytes",
                    s.retransmits(), s.retransmitBytes() / 1024, s.acks(), s.syncBlocks(), s.syncBytes() / 1024));
        }
    }
}
