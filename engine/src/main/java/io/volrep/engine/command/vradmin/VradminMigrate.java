package io.volrep.engine.command.vradmin;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.role.LeftBehind;
import io.volrep.engine.role.RoleService;
import io.volrep.engine.role.RolePeerOps;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.RvgRecord;

/**
 * {@code vradmin -g DG [-s] migrate RVG [NEWPRIMARY]}: hands the Primary role to an up-to-date
 * Secondary (spec/vvr-features.md §5.1). Refused unless the Primary's data volumes are closed, every
 * attached Secondary is connected and up-to-date; asks for confirmation unless -s. Runs on any host
 * of the RDS (on a Secondary it is carried out by the Primary). If a host fails midway the original
 * roles come back (before the commit point) or the migration completes once the hosts answer.
 */
public final class VradminMigrate extends SimpleVerb {
    private final Engine engine;
    private final RoleService roles;

    public VradminMigrate(Engine engine, RoleService roles) {
        super("vradmin", "migrate", new Syntax("vradmin -g diskgroup [-s] migrate rvg [newprimary]",
                Map.of("-g", true, "-s", false), 1, 2), "move the Primary role to a Secondary (planned)");
        this.engine = engine;
        this.roles = roles;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        Rvg rvg = engine.rvgs().require(dg, inv.args().arg(0));
        String here = engine.config().host();
        if (RvgRecord.SECONDARY.equals(rvg.record().role())) {
            Rlink toPrimary = LeftBehind.toPrimary(rvg).orElseThrow(() -> new VolrepException(ErrorCode.NO_SUCH_RLINK,
                    "RVG " + rvg.name() + " on " + here + " has no RLINK to a Primary"));
            String newPrimary = inv.args().optionalArg(1).orElse(here);
            confirm(inv, rvg, toPrimary.remoteHost(), newPrimary);
            Map<String, String> reply = roles.call(toPrimary.remoteHost(), RolePeerOps.MIGRATE, Map.of("dg",
                    toPrimary.record().remoteDg(), "rvg", toPrimary.record().remoteRvg(), "new-primary", newPrimary));
            List.of(reply.getOrDefault("out", "").split("\n")).forEach(inv::out);
            return 0;
        }
        if (!rvg.isPrimary()) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + rvg.name() + " on " + here + " is an acting Secondary: "
                    + "resolve the takeover first (vradmin -g " + dg.name() + " -l printrvg " + rvg.name() + ")");
        }
        String newPrimary = inv.args().optionalArg(1).orElseGet(() -> rvg.rlinks().size() == 1 ? rvg.rlinks().get(0).remoteHost() : "");
        if (newPrimary.isEmpty()) {
            throw new VolrepException(ErrorCode.USAGE, "RVG " + rvg.name() + " has " + rvg.rlinks().size()
                    + " Secondaries: name the one that becomes the Primary");
        }
        roles.checkMigrate(rvg, newPrimary);
        confirm(inv, rvg, here, newPrimary);
        roles.migrate(rvg, newPrimary).forEach(inv::out);
        return 0;
    }

    private void confirm(Invocation inv, Rvg rvg, String primary, String newPrimary) throws VolrepException {
        if (!inv.confirm("Migrating the Primary role of RVG " + rvg.name() + " from " + primary + " to " + newPrimary
                + ": the application must stay stopped on " + primary + " and start on " + newPrimary + " afterwards. Continue?")) {
            throw new VolrepException(ErrorCode.NOT_CONFIRMED, "not confirmed: " + primary + " stays the Primary of RVG " + rvg.name());
        }
    }
}
