package io.volrep.engine.command.vradmin;

import java.io.IOException;
import java.util.Map;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.role.RoleService;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.DiskGroup;

/**
 * {@code vradmin -g DG [-f] makesec RVG NEWPRIMARY}, on the original Primary after NEWPRIMARY took the
 * role over without fast failback (file 003): makes it a Secondary of NEWPRIMARY, its RLINK detached
 * (STALE) and inconsistent, ready for {@code -c CKPT syncrvg} and {@code -c CKPT startrep}. NEWPRIMARY
 * must be the host {@code printrvg -l} names in its two-Primaries error. Refused while a data volume
 * is open (even with -f), and while this host holds writes NEWPRIMARY never received unless -f.
 */
public final class VradminMakesec extends SimpleVerb {
    private final Engine engine;
    private final RoleService roles;

    public VradminMakesec(Engine engine, RoleService roles) {
        super("vradmin", "makesec", new Syntax("vradmin -g diskgroup [-f] makesec rvg newprimary",
                Map.of("-g", true, "-f", false), 2, 2), "make the original Primary a Secondary of the new Primary");
        this.engine = engine;
        this.roles = roles;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        Rvg rvg = engine.rvgs().require(dg, inv.args().arg(0));
        roles.makesec(rvg, inv.args().arg(1), inv.args().flag("-f")).forEach(inv::out);
        return 0;
    }
}
