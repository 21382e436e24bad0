package io.volrep.engine.command.vradmin;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.role.RoleService;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.DiskGroup;

/**
 * {@code vradmin -g DG [-wait] fbsync RVG}, after a fast-failback takeover once the old Primary is back
 * as an acting Secondary (spec/vvr-features.md §5.3): makes it a Secondary of the new Primary and
 * replays the failback DCM to it (the blocks written since the takeover and the blocks it wrote but
 * never shipped). Runs on the new Primary or on the acting Secondary. With -wait it shows the
 * progress and returns when the old Primary is consistent again.
 */
public final class VradminFbsync extends SimpleVerb {
    private final Engine engine;
    private final RoleService roles;

    public VradminFbsync(Engine engine, RoleService roles) {
        super("vradmin", "fbsync", new Syntax("vradmin -g diskgroup [-wait] fbsync rvg", Map.of("-g", true, "-wait", false), 1, 1),
                "fail back: replay the failback DCM to the old Primary");
        this.engine = engine;
        this.roles = roles;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        Rvg rvg = engine.rvgs().require(dg, inv.args().arg(0));
        boolean newPrimary = rvg.isPrimary();
        roles.fbsync(rvg).forEach(inv::out);
        if (!inv.args().flag("-wait")) {
            return 0;
        }
        Optional<Rlink> replaying = newPrimary ? rvg.rlinks().stream().filter(l -> l.dcmMode() || !l.consistent()).findFirst()
                : Optional.empty();
        long start = System.nanoTime();
        long total = Math.max(1, replaying.map(rvg::dcmBytes).orElse(0L));
        long lastReport = 0;
        while (newPrimary ? replaying.map(l -> l.dcmMode() || !l.consistent()).orElse(false)
                : rvg.rlinks().stream().anyMatch(l -> !l.consistent())) {
            if (System.nanoTime() - lastReport > 2_000_000_000L) {
                report(inv, replaying.map(rvg::dcmBytes), total, start);
                lastReport = System.nanoTime();
            }
            LockSupport.parkNanos(200_000_000L);
        }
        inv.out("fbsync: done; the old Primary is a consistent Secondary");
        return 0;
    }

    /** {@code remaining}: the bytes the new Primary has still to replay; empty on the old Primary. */
    private static void report(Invocation inv, Optional<Long> remaining, long total, long start) {
        double secs = Math.max(0.001, (System.nanoTime() - start) / 1e9);
        if (remaining.isEmpty()) {
            inv.out(String.format("fbsync: waiting for the replay from the new Primary, %.0f s elapsed", secs));
            return;
        }
        long left = remaining.get();
        long done = Math.max(0, total - left);
        double rate = done / secs;
        inv.out(String.format("fbsync: %d%% replayed (%d of %d Kbytes), %.0f Kbytes/s, ETA %s", done * 100 / total, done / 1024,
                total / 1024, rate / 1024, rate <= 0 ? "unknown" : String.format("%.0f s", left / rate)));
    }
}
