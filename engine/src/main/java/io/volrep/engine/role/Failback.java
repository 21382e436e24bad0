package io.volrep.engine.role;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.remote.RemoteOps;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.rvg.WritePath;
import io.volrep.engine.volume.RlinkRecord;
import io.volrep.engine.volume.RvgRecord;
import io.volrep.engine.volume.TransferRecord;

/**
 * Bringing the old Primary back after a takeover. {@code fbsync} (fast failback): the acting
 * Secondary becomes a Secondary of the new Primary, which replays its failback DCM to it (the blocks
 * written since the takeover and those the old Primary never shipped) through the DCM synchronization
 * of the replication package. {@code makesec} (no fast failback): the old Primary becomes a detached,
 * inconsistent Secondary of the new Primary, ready for a checkpoint synchronization (syncrvg -c, then
 * startrep -c).
 */
final class Failback {
    private static final Logger LOG = Logger.getLogger(Failback.class.getName());

    private final RoleService roles;

    Failback(RoleService roles) {
        this.roles = roles;
    }

    /** fbsync: on the new Primary; on the acting Secondary it is forwarded to the new Primary. */
    List<String> fbsync(Rvg rvg) throws VolrepException, IOException {
        if (RvgRecord.ACTING_SECONDARY.equals(rvg.record().role())) {
            String newPrimary = rvg.record().transfer().map(TransferRecord::peer).orElseThrow();
            RlinkRecord toNew = LocalRole.requireRlinkTo(rvg, newPrimary);
            Map<String, String> reply = roles.peers().call(newPrimary, RolePeerOps.FBSYNC,
                    Map.of("dg", toNew.remoteDg(), "rvg", toNew.remoteRvg()));
            return List.of(reply.getOrDefault("out", "").split("\n"));
        }
        return roles.locked(rvg, () -> {
            TransferRecord t = RoleService.underDg(rvg, () -> checkFbsync(rvg));
            RlinkRecord toOld = LocalRole.requireRlinkTo(rvg, t.peer());
            roles.peers().call(t.peer(), RolePeerOps.CONVERT, Map.of("dg", toOld.remoteDg(), "rvg", toOld.remoteRvg()));
            long bytes = RoleService.underDg(rvg, () -> {
                Rlink link = rvg.rlink(toOld.name()).orElseThrow();
                link.setFlag(Rlink.INCONSISTENT, true);
                link.setFlag(Rlink.RESYNC_STARTED, true);
                rvg.recordTransfer(Optional.empty());
                rvg.rlinkChanged(link);
                return rvg.dcmBytes(link);
            });
            LOG.warning("RVG " + rvg.name() + ": " + t.peer() + " is a Secondary again; replaying " + bytes / 1024
                    + " Kbytes of the failback DCM to it");
            return List.of("vradmin: " + t.peer() + " is now a Secondary of " + roles.host() + " for RVG " + rvg.name(),
                    "vradmin: failback synchronization started: " + bytes / 1024 + " Kbytes to replay from the DCM");
        });
    }

    private TransferRecord checkFbsync(Rvg rvg) throws VolrepException {
        String dg = rvg.diskGroup().name();
        Optional<TransferRecord> rec = rvg.record().transfer().filter(t -> t.is(TransferRecord.TAKEOVER));
        if (!rvg.isPrimary() || rec.isEmpty()) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + rvg.name() + " on " + roles.host() + " has no takeover to "
                    + "fail back from: fbsync runs after a fast-failback takeover, on the new Primary or the acting Secondary");
        }
        TransferRecord t = rec.get();
        if (t.has(Takeover.NONE)) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "the takeover of RVG " + rvg.name() + " used -N (no fast failback): run "
                    + "vradmin -g " + dg + " makesec " + rvg.name() + " " + roles.host() + " on " + t.peer() + " instead");
        }
        if (TakeoverStep.valueOf(t.step()) != TakeoverStep.MARKED) {
            throw new VolrepException(ErrorCode.WRONG_STATE, t.peer() + " has not come back as an acting Secondary of RVG "
                    + rvg.name() + " yet: start it, wait until vxprint -l there shows acting_secondary, then run fbsync");
        }
        return t;
    }

    /** makesec: on the original Primary, which another host took over without fast failback. */
    List<String> makesec(Rvg rvg, String newPrimary, boolean force) throws VolrepException, IOException {
        return roles.locked(rvg, () -> {
            long heldByNew = RoleService.underDg(rvg, () -> checkMakesec(rvg, newPrimary));
            RlinkRecord toNew = LocalRole.requireRlinkTo(rvg, newPrimary);
            if (heldByNew < 0) {
                heldByNew = confirmTakeover(rvg, toNew);
            }
            long held = heldByNew;
            RoleService.underDg(rvg, () -> demote(rvg, toNew, held, force));
            List<String> out = new ArrayList<>();
            out.add("vradmin: RVG " + rvg.name() + " on " + roles.host() + " is now a Secondary of " + newPrimary
                    + " (RLINK " + toNew.name() + " detached)");
            out.add("vradmin: synchronize it from " + newPrimary + ": vradmin -g " + rvg.diskGroup().name() + " -c CHECKPOINT syncrvg "
                    + toNew.remoteRvg() + " " + roles.host() + ", then -c CHECKPOINT startrep");
            try {
                roles.peers().call(newPrimary, RolePeerOps.RESOLVED, Map.of("dg", toNew.remoteDg(), "rvg", toNew.remoteRvg()));
            } catch (VolrepException | IOException e) {
                out.add("vradmin: warning: " + newPrimary + " was not told (" + e.getMessage() + "); it learns it when it next asks");
            }
            detachLeftBehind(rvg, out);
            return out;
        });
    }

    /**
     * The Secondaries this host replicated to that the takeover left behind: their RLINKs here are detached
     * now; each is told to detach its end too (its volumes then take a synchronization), and the output
     * says how to bring it back once this host is the Primary again.
     */
    private void detachLeftBehind(Rvg rvg, List<String> out) {
        String dg = rvg.diskGroup().name();
        for (Rlink l : rvg.rlinks()) {
            if (!LeftBehind.is(l)) {
                continue;
            }
            String host = l.remoteHost();
            try {
                roles.peers().call(host, RemoteOps.RLINK_SET, Map.of("dg", l.record().remoteDg(), "rvg", l.record().remoteRvg(),
                        "rlink", l.record().remoteRlink(), "state", RlinkState.STALE.name(), "flags-on", Rlink.INCONSISTENT));
            } catch (VolrepException | IOException e) {
                out.add("vradmin: warning: " + host + " was not told to detach (" + e.getMessage() + "): run vxrlink -g "
                        + l.record().remoteDg() + " det " + l.record().remoteRlink() + " there before synchronizing it");
            }
            out.add("vradmin: " + host + " was a Secondary of this host and does not replicate from the new Primary: its RLINK "
                    + l.name() + " is detached; once this host is the Primary again, synchronize it (vradmin -g " + dg
                    + " -c CHECKPOINT syncrvg " + rvg.name() + " " + host + ", then -c CHECKPOINT startrep)");
        }
    }

    /** Checks what can be checked here; returns the new Primary's position at takeover, or -1 when it must be asked. */
    private long checkMakesec(Rvg rvg, String newPrimary) throws VolrepException {
        String here = roles.host();
        rvg.checkClosed("stop the application and disconnect its NBD clients first (makesec never converts open volumes, even with -f)");
        if (RvgRecord.ACTING_SECONDARY.equals(rvg.record().role())) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + rvg.name() + " on " + here + " is an acting Secondary: the "
                    + "takeover used fast failback, so run vradmin -g " + rvg.diskGroup().name() + " fbsync " + rvg.name() + " instead");
        }
        if (!rvg.isPrimary()) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + rvg.name() + " on " + here + " is already a Secondary: "
                    + "makesec runs on the original Primary after another host took the role over");
        }
        if (newPrimary.equals(here)) {
            throw new VolrepException(ErrorCode.USAGE, "name the host that took over the Primary role, not " + here);
        }
        Optional<TransferRecord> t = rvg.record().transfer();
        if (t.isPresent() && !(t.get().is(TransferRecord.TAKEN_OVER) || t.get().is(TransferRecord.PROMOTED))) {
            throw new VolrepException(ErrorCode.TRANSFER_IN_PROGRESS, "RVG " + rvg.name() + " on " + here + " has a role transfer "
                    + "under way (" + t.get().kind() + "): wait for it to end");
        }
        if (rvg.writePath().isEmpty()) {
            throw new VolrepException(ErrorCode.RVG_NOT_STARTED, "RVG " + rvg.name() + " is not started: start it with vxrvg -g "
                    + rvg.diskGroup().name() + " start " + rvg.name());
        }
        if (t.isPresent() && t.get().is(TransferRecord.TAKEN_OVER)) {
            if (!t.get().peer().equals(newPrimary)) {
                throw new VolrepException(ErrorCode.WRONG_STATE, "the Primary-Primary error of RVG " + rvg.name() + " names "
                        + t.get().peer() + " as the new Primary, not " + newPrimary + " (vradmin -l printrvg shows it)");
            }
            return t.get().sourceEnd();
        }
        LocalRole.requireRlinkTo(rvg, newPrimary);
        return -1;
    }

    /** Asks the named host whether it took the role over from this host (without fast failback). */
    private long confirmTakeover(Rvg rvg, RlinkRecord toNew) throws VolrepException, IOException {
        Map<String, String> s = roles.peers().call(toNew.remoteHost(), RolePeerOps.STATUS,
                Map.of("dg", toNew.remoteDg(), "rvg", toNew.remoteRvg()));
        boolean tookOver = RvgRecord.PRIMARY.equals(s.get("role")) && TransferRecord.TAKEOVER.equals(s.get("transfer"))
                && roles.host().equals(s.get("transfer-peer"));
        if (!tookOver) {
            throw new VolrepException(ErrorCode.WRONG_STATE, toNew.remoteHost() + " did not take over the Primary role of RVG "
                    + rvg.name() + " from " + roles.host() + ": name the host that vradmin -l printrvg shows in its Primary-Primary error");
        }
        if (!s.getOrDefault("transfer-options", "").contains(Takeover.NONE)) {
            throw new VolrepException(ErrorCode.WRONG_STATE, toNew.remoteHost() + " took over with fast failback: wait until this "
                    + "host shows acting_secondary (vxprint -l), then run vradmin fbsync");
        }
        return Long.parseLong(s.get("transfer-source-end"));
    }

    private Void demote(Rvg rvg, RlinkRecord toNew, long heldByNew, boolean force) throws VolrepException, IOException {
        rvg.checkClosed("stop the application and disconnect its NBD clients first (makesec never converts open volumes, even with -f)");
        WritePath wp = rvg.writePath().orElseThrow(() -> new VolrepException(ErrorCode.RVG_NOT_STARTED, "RVG " + rvg.name() + " stopped"));
        long end = wp.srl().durableLsn();
        if (end > heldByNew && !force) {
            throw new VolrepException(ErrorCode.NOT_UP_TO_DATE, "the data volumes of RVG " + rvg.name() + " on " + roles.host()
                    + " are not up-to-date with " + toNew.remoteHost() + ": this host logged " + (end - Math.max(0, heldByNew)) / 1024
                    + " Kbytes it never shipped there; run makesec with -f to convert it anyway (a synchronization overwrites them)");
        }
        rvg.reconfigure((srl, srlEnd) -> {
            TransferRecord t = new TransferRecord(TransferRecord.TAKEN_OVER, "SECONDARY", "makesec", toNew.remoteHost(), 0,
                    heldByNew, List.of(), Set.of(Takeover.NONE, TransferRecord.REBASE));
            List<RlinkRecord> links = new ArrayList<>();
            links.add(LocalRole.reset(toNew, RlinkState.STALE, Set.of(Rlink.INCONSISTENT)));
            links.addAll(LeftBehind.whenDemoted(rvg, toNew.remoteHost()));
            LocalRole.commit(rvg, LocalRole.record(rvg).withRole(RvgRecord.SECONDARY).withTransfer(Optional.of(t)), links);
            roles.hook().reached("makesec.demoted");
            LocalRole.rebaseAndCommit(rvg, srl, srlEnd);
        });
        LOG.warning("RVG " + rvg.name() + ": makesec: " + roles.host() + " is a detached Secondary of " + toNew.remoteHost());
        return null;
    }
}
