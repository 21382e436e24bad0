package io.volrep.engine.command.vradmin;

import java.io.IOException;
import java.util.Map;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.role.RoleService;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.DiskGroup;

/**
 * {@code vradmin -g DG [-autofb] [-N] takeover RVG}, on a consistent Secondary whose Primary is
 * unreachable (spec/vvr-features.md §5.2): this host becomes the Primary. By default fast-failback
 * logging marks every block written here in the DCM, so the old Primary can later be brought back
 * with only the changed blocks (fbsync); -autofb starts that by itself when the old Primary returns;
 * -N turns fast failback off (the old Primary then needs makesec and a synchronization).
 */
public final class VradminTakeover extends SimpleVerb {
    private final Engine engine;
    private final RoleService roles;

    public VradminTakeover(Engine engine, RoleService roles) {
        super("vradmin", "takeover", new Syntax("vradmin -g diskgroup [-autofb] [-N] takeover rvg",
                Map.of("-g", true, "-autofb", false, "-N", false), 1, 1), "take over the Primary role from a lost Primary");
        this.engine = engine;
        this.roles = roles;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        boolean auto = inv.args().flag("-autofb");
        boolean none = inv.args().flag("-N");
        if (auto && none) {
            throw new VolrepException(ErrorCode.USAGE, "-autofb and -N contradict each other: -autofb fails back automatically "
                    + "with fast failback, -N turns fast failback off");
        }
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        Rvg rvg = engine.rvgs().require(dg, inv.args().arg(0));
        roles.takeover(rvg, none ? "none" : auto ? "autofb" : "failback").forEach(inv::out);
        return 0;
    }
}
