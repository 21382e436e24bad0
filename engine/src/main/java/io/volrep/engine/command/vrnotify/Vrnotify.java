package io.volrep.engine.command.vrnotify;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.Repeater;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.command.vradmin.RvgSelection;
import io.volrep.engine.event.Event;
import io.volrep.engine.event.EventBus;
import io.volrep.engine.rvg.Rvg;

/**
 * {@code vrnotify [-g dg] [-n number] [-t timeout] [rvg...]} (spec/vvr-features.md §2.5): prints the
 * events of the named RDSs (all of this host's without names) as they happen, one line each,
 * {@code host-name:event-type:rds-name:Event Message}: this host's, and those of the other hosts of
 * each RDS relayed over the peer port ({@link RemoteEvents}). Ends after {@code -n} events, after
 * {@code -t} seconds, or when the user interrupts it; exits 1 on any failure.
 */
public final class Vrnotify extends SimpleVerb {
    private static final long POLL_MILLIS = 100;
    private final Engine engine;

    public Vrnotify(Engine engine) {
        super("vrnotify", "", new Syntax("vrnotify [-g diskgroup] [-n number] [-t timeout] [rvg...]",
                Map.of("-g", true, "-n", true, "-t", true), 0, Syntax.MANY), "print replication events as they happen");
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
        long limit = Repeater.positive(inv.args(), "-n", Long.MAX_VALUE).orElse(Long.MAX_VALUE);
        Optional<Long> timeout = Repeater.seconds(inv.args(), "-t");
        long deadline = timeout.map(t -> System.nanoTime() + TimeUnit.SECONDS.toNanos(t)).orElse(Long.MAX_VALUE);
        List<String> names = rvgs.stream().map(Rvg::name).distinct().toList();
        long printed = 0;
        try (EventBus.Subscription local = engine.events().subscribe();
             RemoteEvents remote = new RemoteEvents(engine, rvgs, inv)) {
            while (printed < limit && System.nanoTime() < deadline && !inv.clientGone()) {
                remote.keepUp();
                List<Event> batch = new ArrayList<>();
                local.poll(POLL_MILLIS, TimeUnit.MILLISECONDS).filter(x -> names.contains(x.rds())).ifPresent(batch::add);
                batch.addAll(remote.drain());
                for (Event x : batch) {
                    if (printed < limit) {
                        inv.out(x.line());
                        printed++;
                    }
                }
            }
            if (local.dropped() > 0) {
                inv.err("vrnotify: warning: " + local.dropped() + " events were lost because the output was read too slowly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
