package io.volrep.engine.role;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.rvg.WritePath;
import io.volrep.engine.volume.RlinkRecord;
import io.volrep.engine.volume.RvgRecord;
import io.volrep.engine.volume.TransferRecord;

/**
 * {@code vradmin takeover} on a consistent Secondary whose Primary is unreachable, and what the new
 * Primary does afterwards: it keeps telling the old Primary (once it answers) that it was taken over.
 * With fast failback the new Primary's DCM marks every block it writes from the takeover on, and the
 * old Primary, once back, becomes an acting Secondary and adds the blocks it wrote but never shipped
 * to that DCM; {@code -autofb} then starts the replay without waiting for {@code fbsync}.
 */
final class Takeover {
    private static final Logger LOG = Logger.getLogger(Takeover.class.getName());
    static final String FAILBACK = "failback";
    static final String AUTOFB = "autofb";
    static final String NONE = "none";

    private final RoleService roles;

    Takeover(RoleService roles) {
        this.roles = roles;
    }

    List<String> run(Rvg rvg, String mode) throws VolrepException, IOException {
        return roles.locked(rvg, () -> {
            RlinkRecord toOld = RoleService.underDg(rvg, () -> check(rvg, mode));
            String old = toOld.remoteHost();
            try {
                roles.peers().call(old, RolePeerOps.STATUS, Map.of("dg", toOld.remoteDg(), "rvg", toOld.remoteRvg()));
                throw reachable(rvg, old, "it answers");
            } catch (VolrepException e) {
                throw e.code() == ErrorCode.PRIMARY_REACHABLE ? e : reachable(rvg, old, "it answers: " + e.getMessage());
            } catch (IOException e) {
                LOG.info(() -> "takeover of " + rvg.name() + ": the Primary " + old + " is unreachable (" + e.getMessage() + ")");
            }
            return RoleService.underDg(rvg, () -> takeOver(rvg, check(rvg, mode), mode));
        });
    }

    private VolrepException reachable(Rvg rvg, String old, String how) {
        return new VolrepException(ErrorCode.PRIMARY_REACHABLE, "the Primary " + old + " of RVG " + rvg.name() + " is reachable ("
                + how + "): takeover is for a lost Primary; move the role with vradmin -g " + rvg.diskGroup().name()
                + " migrate " + rvg.name() + " " + roles.host());
    }

    private RlinkRecord check(Rvg rvg, String mode) throws VolrepException {
        String here = roles.host();
        String dg = rvg.diskGroup().name();
        if (rvg.isPrimary()) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + rvg.name() + " on " + here + " is the Primary: takeover runs "
                    + "on a Secondary when the Primary is lost (vradmin migrate moves the role on purpose)");
        }
        if (!RvgRecord.SECONDARY.equals(rvg.record().role())) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + rvg.name() + " on " + here + " is an acting Secondary: "
                    + "another host took over the Primary role; vradmin fbsync makes this host its Secondary");
        }
        if (rvg.record().transfer().isPresent()) {
            throw new VolrepException(ErrorCode.TRANSFER_IN_PROGRESS, "RVG " + rvg.name() + " on " + here + " has a role transfer "
                    + "under way (" + rvg.record().transfer().get().kind() + "): wait for it to end");
        }
        if (rvg.writePath().isEmpty()) {
            throw new VolrepException(ErrorCode.RVG_NOT_STARTED, "RVG " + rvg.name() + " is not started: start it with vxrvg -g "
                    + dg + " start " + rvg.name());
        }
        Rlink link = LeftBehind.toPrimary(rvg).orElseThrow(() -> new VolrepException(ErrorCode.NO_SUCH_RLINK,
                "RVG " + rvg.name() + " on " + here + " has no RLINK to a Primary"));
        if (!link.consistent()) {
            throw new VolrepException(ErrorCode.SECONDARY_INCONSISTENT, "RVG " + rvg.name() + " on " + here + " is inconsistent "
                    + "(a synchronization did not finish): its volumes are not a usable image, so it cannot take over; "
                    + "take over on a consistent Secondary (vxprint -l shows the RLINK flags)");
        }
        if (!mode.equals(NONE)) {
            for (String v : rvg.record().dataVolumes()) {
                if (rvg.diskGroup().requireVolume(v).dcm().isEmpty()) {
                    throw new VolrepException(ErrorCode.WRONG_STATE, "data volume " + v + " of RVG " + rvg.name() + " has no DCM: "
                            + "fast failback needs one on every data volume; take over with -N instead");
                }
            }
        }
        return LocalRole.requireRlinkTo(rvg, link.remoteHost());
    }

    private List<String> takeOver(Rvg rvg, RlinkRecord toOld, String mode) throws VolrepException, IOException {
        boolean failback = !mode.equals(NONE);
        long heldUpTo = rvg.writePath().map(WritePath::sourceEnd).orElse(-1L);
        rvg.reconfigure((srl, end) -> {
            RlinkRecord link = failback
                    ? LocalRole.reset(toOld, RlinkState.ACTIVE, Set.of(Rlink.DCM_LOGGING, Rlink.FAILBACK_LOGGING, Rlink.INCONSISTENT))
                    : LocalRole.reset(toOld, RlinkState.STALE, Set.of(Rlink.INCONSISTENT));
            TransferRecord t = new TransferRecord(TransferRecord.TAKEOVER, TakeoverStep.WAITING.name(), UUID.randomUUID().toString(),
                    toOld.remoteHost(), end, heldUpTo, List.of(), Set.of(mode));
            if (failback) {
                LocalRole.clearDcms(rvg);
            }
            LocalRole.commit(rvg, LocalRole.record(rvg).withRole(RvgRecord.PRIMARY).withTransfer(Optional.of(t)), List.of(link));
        });
        roles.hook().reached("takeover.done");
        LOG.warning("RVG " + rvg.name() + ": " + roles.host() + " took over the Primary role from " + toOld.remoteHost()
                + " (mode " + mode + "); it held the old Primary's writes up to its LSN " + heldUpTo);
        List<String> out = new ArrayList<>();
        out.add("vradmin: " + roles.host() + " is now the Primary of RVG " + rvg.name() + " (took over from " + toOld.remoteHost() + ")");
        out.add(failback ? "vradmin: fast-failback logging is on: the DCM records every block written here until " + toOld.remoteHost()
                + (mode.equals(AUTOFB) ? " returns and is resynchronized automatically"
                : " returns as an acting Secondary; then run vradmin -g " + rvg.diskGroup().name() + " fbsync " + rvg.name())
                : "vradmin: no fast failback: when " + toOld.remoteHost() + " returns, run vradmin -g " + rvg.diskGroup().name()
                + " makesec " + rvg.name() + " " + roles.host() + " there, then synchronize it (syncrvg, startrep -c)");
        return out;
    }

    /**
     * The monitor, on the new Primary: tells the old Primary it was taken over; merges the blocks it
     * reports as never shipped into the DCM (fast failback); forgets the takeover once resolved; with
     * -autofb starts the failback replay.
     */
    void poll(Rvg rvg) throws VolrepException, IOException {
        Optional<TransferRecord> rec = rvg.record().transfer().filter(t -> t.is(TransferRecord.TAKEOVER));
        Optional<RlinkRecord> toOld = rec.flatMap(t -> LocalRole.rlinkTo(rvg, t.peer()));
        if (toOld.isEmpty()) {
            return;
        }
        TransferRecord t = rec.get();
        Map<String, String> f = new LinkedHashMap<>();
        f.put("dg", toOld.get().remoteDg());
        f.put("rvg", toOld.get().remoteRvg());
        f.put("new-dg", rvg.diskGroup().name());
        f.put("new-rvg", rvg.name());
        f.put("source-end", Long.toString(t.sourceEnd()));
        f.put("mode", t.options().stream().findFirst().orElse(FAILBACK));
        Map<String, String> reply;
        try {
            reply = roles.peers().call(t.peer(), RolePeerOps.TAKEN_OVER, f);
        } catch (IOException e) {
            return; // still unreachable
        }
        TakeoverStep step = RoleService.underDg(rvg, () -> record(rvg, t, reply));
        if (step == TakeoverStep.MARKED && t.has(AUTOFB)) {
            roles.failback().fbsync(rvg);
        }
    }

    private TakeoverStep record(Rvg rvg, TransferRecord t, Map<String, String> reply) throws VolrepException, IOException {
        TakeoverStep step = TakeoverStep.valueOf(t.step());
        switch (reply.getOrDefault("status", "")) {
            case "resolved" -> {
                rvg.recordTransfer(Optional.empty());
                LOG.info(() -> "RVG " + rvg.name() + ": " + t.peer() + " is a Secondary again; the takeover is resolved");
                return null;
            }
            case "conflict" -> {
                if (step == TakeoverStep.WAITING) {
                    step = step.moveTo(TakeoverStep.NOTIFIED);
                    rvg.recordTransfer(Optional.of(t.withStep(step.name())));
                }
            }
            case "acting" -> {
                if (step == TakeoverStep.WAITING) {
                    long bytes = UnshippedRegions.apply(rvg, reply);
                    step = step.moveTo(TakeoverStep.MARKED);
                    rvg.recordTransfer(Optional.of(t.withStep(step.name())));
                    LOG.warning("RVG " + rvg.name() + ": " + t.peer() + " is back as an acting Secondary; " + bytes / 1024
                            + " Kbytes it wrote but never shipped are marked in the failback DCM");
                }
            }
            default -> throw new VolrepException(ErrorCode.PROTOCOL, "unexpected answer from " + t.peer() + ": " + reply);
        }
        return step;
    }
}
