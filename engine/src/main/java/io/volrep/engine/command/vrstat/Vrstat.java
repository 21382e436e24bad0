package io.volrep.engine.command.vrstat;

import java.io.IOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
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
import io.volrep.engine.command.remote.RdsStats;
import io.volrep.engine.command.vradmin.RvgSelection;
import io.volrep.engine.rvg.Rvg;

/**
 * {@code vrstat [-g dg] [-R] [-S] [-V] [-M] [-i interval] [-n number] [rvg...]} (spec/vvr-features.md §2.4):
 * statistics of each RDS this host is part of, gathered from every host of the RDS: {@code -R} RLINKs
 * (updates and blocks shipped or received, round trip, resends, errors, flow-control delays, backlog),
 * {@code -S} SRL usage, {@code -V} data volume I/O (operations, Kbytes, average times), {@code -M} daemon
 * memory; none of them means all four. A sample every {@code -i} seconds (default 10), {@code -n} times
 * (default: until interrupted). The first sample counts since each daemon started (or, for RLINKs,
 * since they connected); later ones count the interval.
 */
public final class Vrstat extends SimpleVerb {
    static final long DEFAULT_INTERVAL = 10;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss yyyy", Locale.ROOT);
    private final Engine engine;

    public Vrstat(Engine engine) {
        super("vrstat", "", new Syntax("vrstat [-g diskgroup] [-R] [-S] [-V] [-M] [-i interval] [-n number] [rvg...]",
                Map.of("-g", true, "-R", false, "-S", false, "-V", false, "-M", false, "-i", true, "-n", true), 0, Syntax.MANY),
                "show statistics of RDSs from all their hosts");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        List<Rvg> rvgs = RvgSelection.select(engine, inv);
        if (rvgs.isEmpty()) {
            throw new VolrepException(ErrorCode.NO_SUCH_RVG, "no RVG on " + engine.config().host()
                    + inv.args().option("-g").map(g -> " in disk group " + g).orElse("")
                    + ": vradmin printrvg lists the RDSs of this host");
        }
        long interval = Repeater.seconds(inv.args(), "-i").orElse(DEFAULT_INTERVAL);
        Optional<Long> count = Repeater.positive(inv.args(), "-n", 1_000_000);
        boolean all = !(inv.args().flag("-R") || inv.args().flag("-S") || inv.args().flag("-V") || inv.args().flag("-M"));
        StatsTables tables = new StatsTables(inv, all || inv.args().flag("-V"), all || inv.args().flag("-S"),
                all || inv.args().flag("-R"), all || inv.args().flag("-M"));
        Map<String, RdsStats> previous = new HashMap<>();
        Repeater.run(inv, Optional.of(interval), count, 0, round -> {
            for (Rvg rvg : rvgs) {
                RdsSamples samples = RdsSamples.take(engine, rvg);
                inv.out("VVR statistics for RDS " + rvg.name() + " (disk group " + rvg.diskGroup().name() + " on "
                        + engine.config().host() + ") at " + STAMP.format(ZonedDateTime.now())
                        + (round == 0 ? ", since start" : ", last " + interval + " s"));
                tables.print(samples, previous);
                for (String u : samples.unreachable()) {
                    inv.err("vrstat: warning: " + u);
                }
                inv.out("");
            }
        });
        return 0;
    }
}
