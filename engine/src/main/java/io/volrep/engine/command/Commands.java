package io.volrep.engine.command;

import java.util.List;
import java.util.Set;

import io.volrep.engine.command.remote.RdsForward;
import io.volrep.engine.command.vradmin.VradminAddsec;
import io.volrep.engine.command.vradmin.VradminFbsync;
import io.volrep.engine.command.vradmin.VradminMakesec;
import io.volrep.engine.command.vradmin.VradminMigrate;
import io.volrep.engine.command.vradmin.VradminTakeover;
import io.volrep.engine.command.vradmin.VradminCreatepri;
import io.volrep.engine.command.vradmin.VradminDelsec;
import io.volrep.engine.command.vradmin.VradminPauserep;
import io.volrep.engine.command.vradmin.VradminRepstatus;
import io.volrep.engine.command.vradmin.VradminResync;
import io.volrep.engine.command.vradmin.VradminSet;
import io.volrep.engine.command.vradmin.VradminStartrep;
import io.volrep.engine.command.vradmin.VradminStoprep;
import io.volrep.engine.command.vradmin.VradminSyncrvg;
import io.volrep.engine.command.vradmin.VradminSyncvol;
import io.volrep.engine.command.vradmin.VradminDelpri;
import io.volrep.engine.command.vradmin.VradminPrintrvg;
import io.volrep.engine.command.vradmin.VradminPrintvol;
import io.volrep.engine.command.vxassist.VxassistGrowto;
import io.volrep.engine.command.vxassist.VxassistMake;
import io.volrep.engine.command.vxassist.VxassistMaxsize;
import io.volrep.engine.command.vxassist.VxassistRemove;
import io.volrep.engine.command.vxdg.VxdgDestroy;
import io.volrep.engine.command.vxdg.VxdgInit;
import io.volrep.engine.command.vxdg.VxdgList;
import io.volrep.engine.command.vxprint.VxPrint;
import io.volrep.engine.command.vxrlink.VxrlinkCheckdelete;
import io.volrep.engine.command.vxrlink.VxrlinkCplist;
import io.volrep.engine.command.vxrlink.VxrlinkRestore;
import io.volrep.engine.command.vxrvg.VxrvgCheckdelete;
import io.volrep.engine.command.vxrvg.VxrvgCheckend;
import io.volrep.engine.command.vxrvg.VxrvgCheckstart;
import io.volrep.engine.command.vxrvg.VxrvgCplist;
import io.volrep.engine.command.vxrvg.VxrvgStart;
import io.volrep.engine.command.vrnotify.Vrnotify;
import io.volrep.engine.command.vrstat.Vrstat;
import io.volrep.engine.command.vxrlink.VxrlinkAtt;
import io.volrep.engine.command.vxrlink.VxrlinkDet;
import io.volrep.engine.command.vxrlink.VxrlinkPause;
import io.volrep.engine.command.vxrlink.VxrlinkResume;
import io.volrep.engine.command.vxrlink.VxrlinkStats;
import io.volrep.engine.command.vxrlink.VxrlinkStatus;
import io.volrep.engine.command.vxrlink.VxrlinkUpdates;
import io.volrep.engine.command.vxrvg.VxrvgStop;
import io.volrep.engine.role.RoleService;

/** The daemon's full command set. A test checks it against {@link io.volrep.engine.api.CommandCatalog}. */
public final class Commands {
    private Commands() {
    }

    /** The commands as clients run them: RDS-wide vradmin verbs typed on a Secondary run on its Primary. */
    public static CommandRegistry registry(Engine engine, RoleService roles) {
        return new CommandRegistry(RdsForward.wrap(engine, verbs(engine, roles)), COMBINABLE);
    }

    /** The same commands, each run on this host (what a Secondary's forwarded command runs in). */
    public static CommandRegistry local(Engine engine, RoleService roles) {
        return new CommandRegistry(verbs(engine, roles), COMBINABLE);
    }

    private static final Set<String> COMBINABLE = Set.of("vxprint", "vrstat");

    private static List<Verb> verbs(Engine engine, RoleService roles) {
        return List.of(
                new VxdgInit(engine), new VxdgList(engine), new VxdgDestroy(engine),
                new VxassistMake(engine), new VxassistRemove(engine), new VxassistGrowto(engine), new VxassistMaxsize(engine),
                new VxPrint(engine),
                new VradminCreatepri(engine), new VradminDelpri(engine), new VradminPrintrvg(engine), new VradminPrintvol(engine),
                new VradminAddsec(engine), new VradminDelsec(engine), new VradminStartrep(engine), new VradminStoprep(engine),
                VradminPauserep.pause(engine), VradminPauserep.resume(engine), new VradminSet(engine), new VradminRepstatus(engine),
                new VradminResync(engine), new VradminSyncrvg(engine), new VradminSyncvol(engine),
                new VradminMigrate(engine, roles), new VradminTakeover(engine, roles), new VradminFbsync(engine, roles),
                new VradminMakesec(engine, roles),
                new VxrvgStart(engine), new VxrvgStop(engine),
                new VxrvgCheckstart(engine), new VxrvgCheckend(engine), new VxrvgCplist(engine), new VxrvgCheckdelete(engine),
                new VxrlinkRestore(engine), new VxrlinkCplist(engine), new VxrlinkCheckdelete(engine),
                new VxrlinkAtt(engine), new VxrlinkDet(engine), new VxrlinkPause(engine), new VxrlinkResume(engine),
                new VxrlinkStatus(engine), new VxrlinkStats(engine), new VxrlinkUpdates(engine),
                new Vrstat(engine), new Vrnotify(engine));
    }
}
