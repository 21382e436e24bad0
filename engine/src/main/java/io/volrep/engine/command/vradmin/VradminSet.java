package io.volrep.engine.command.vradmin;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.command.remote.RemoteOps;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkAttributes;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.DiskGroup;

/**
 * {@code vradmin -g DG set RVG [SECHOST] attr=value...}: changes the attributes of both RLINKs of
 * each pair; they take effect without restarting replication.
 */
public final class VradminSet extends SimpleVerb {
    private final Engine engine;

    public VradminSet(Engine engine) {
        super("vradmin", "set", new Syntax("vradmin -g diskgroup set rvg [sechost] attribute=value...", Map.of("-g", true),
                2, Syntax.MANY), "change replication settings");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        List<String> rest = inv.args().positionals().subList(1, inv.args().positionals().size());
        java.util.Optional<String> sechost = rest.get(0).contains("=") ? java.util.Optional.empty() : java.util.Optional.of(rest.get(0));
        List<String> words = sechost.isPresent() ? rest.subList(1, rest.size()) : rest;
        if (words.isEmpty()) {
            throw new VolrepException(io.volrep.engine.api.ErrorCode.USAGE, "no attribute=value given");
        }
        dg.lock().lock();
        try {
            Rvg rvg = Rds.primary(engine, dg, inv.args().arg(0));
            List<Rlink> targets = Rds.targets(rvg, sechost);
            for (Rlink l : targets) {
                l.attributes().with(words);
            }
            for (Rlink l : targets) {
                RlinkAttributes next = l.attributes().with(words);
                Rds.mirror(engine, l, Map.of("attributes", RemoteOps.join(next.words())));
                l.setAttributes(next);
                rvg.attributesChanged(l);
            }
            return 0;
        } finally {
            dg.lock().unlock();
        }
    }
}
