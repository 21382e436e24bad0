package io.volrep.engine.role;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.peer.PeerMessage;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.RlinkRecord;
import io.volrep.engine.volume.RvgRecord;
import io.volrep.engine.volume.TransferRecord;

/**
 * The peer side of takeover and failback: the old Primary learns it was taken over (and, with fast
 * failback, becomes an acting Secondary and reports its unshipped blocks), is converted by fbsync;
 * the new Primary hears that makesec resolved the conflict; any host reports its role. Every
 * operation is idempotent: the new Primary repeats them until they succeed.
 */
final class FailbackPeer {
    private final RoleService roles;

    FailbackPeer(RoleService roles) {
        this.roles = roles;
    }

    /** Any host: its role and transfer record for this RVG. */
    Map<String, String> status(String from, PeerMessage m) throws VolrepException {
        Rvg rvg = roles.rvg(m);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("role", rvg.record().role());
        rvg.writePath().ifPresent(wp -> {
            out.put("source-end", Long.toString(wp.sourceEnd()));
            out.put("end", Long.toString(wp.srl().durableLsn()));
        });
        rvg.record().transfer().ifPresent(t -> {
            out.put("transfer", t.kind());
            out.put("transfer-step", t.step());
            out.put("transfer-peer", t.peer());
            out.put("transfer-source-end", Long.toString(t.sourceEnd()));
            out.put("transfer-options", String.join(" ", t.options()));
        });
        return out;
    }

    /** Old Primary: it was taken over by {@code from}. */
    Map<String, String> takenOver(String from, PeerMessage m) throws VolrepException, IOException {
        Rvg rvg = roles.rvg(m);
        String mode = m.field("mode");
        long heldByNew = Long.parseLong(m.field("source-end"));
        return roles.locked(rvg, () -> {
            Optional<Map<String, String>> known = RoleService.underDg(rvg, () -> known(rvg, from, mode, heldByNew));
            if (known.isPresent()) {
                return known.get();
            }
            roles.hook().reached("takenover.frozen");
            try {
                rvg.drainWrites().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("the writes of RVG " + rvg.name() + " did not drain: " + e.getMessage(), e);
            }
            return RoleService.underDg(rvg, () -> becomeActing(rvg, from, mode, heldByNew));
        });
    }

    /** The answer when this host already knows (or need not freeze); empty when it must become an acting Secondary. */
    private Optional<Map<String, String>> known(Rvg rvg, String from, String mode, long heldByNew) throws VolrepException, IOException {
        RvgRecord rec = rvg.record();
        Optional<TransferRecord> t = rec.transfer().filter(x -> x.is(TransferRecord.TAKEN_OVER) && x.peer().equals(from));
        if (RvgRecord.SECONDARY.equals(rec.role()) && LocalRole.rlinkTo(rvg, from).isPresent()) {
            return Optional.of(Map.of("status", "resolved"));
        }
        if (RvgRecord.ACTING_SECONDARY.equals(rec.role()) && t.isPresent()) {
            Map<String, String> out = new LinkedHashMap<>(UnshippedRegions.ranges(rvg));
            out.put("status", "acting");
            return Optional.of(out);
        }
        if (!rvg.isPrimary()) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + rvg.name() + " on " + roles.host() + " is " + rec.role()
                    + " and does not replicate from " + from);
        }
        // A migration to the same host, committed before this host died, is overtaken by the takeover.
        boolean overtaken = rec.transfer().filter(x -> x.is(TransferRecord.MIGRATE) && x.peer().equals(from)).isPresent();
        if (rec.transfer().isPresent() && t.isEmpty() && !overtaken) {
            throw new VolrepException(ErrorCode.TRANSFER_IN_PROGRESS, "RVG " + rvg.name() + " on " + roles.host()
                    + " is finishing another role transfer (" + rec.transfer().get().kind() + "); ask again later");
        }
        LocalRole.requireRlinkTo(rvg, from);
        if (mode.equals(Takeover.NONE)) {
            if (t.isEmpty()) {
                rvg.recordTransfer(Optional.of(new TransferRecord(TransferRecord.TAKEN_OVER, "CONFLICT", "takeover", from, -1,
                        heldByNew, List.of(), Set.of(Takeover.NONE))));
            }
            return Optional.of(Map.of("status", "conflict"));
        }
        rvg.recordTransfer(Optional.of(new TransferRecord(TransferRecord.TAKEN_OVER, "FROZEN", "takeover", from, -1, heldByNew,
                List.of(), Set.of(mode, TransferRecord.FREEZE))));
        return Optional.empty();
    }

    private Map<String, String> becomeActing(Rvg rvg, String from, String mode, long heldByNew) throws VolrepException, IOException {
        long records = UnshippedRegions.mark(rvg, from, heldByNew);
        rvg.reconfigure((srl, end) -> LocalRole.commit(rvg, LocalRole.record(rvg).withRole(RvgRecord.ACTING_SECONDARY)
                .withTransfer(Optional.of(new TransferRecord(TransferRecord.TAKEN_OVER, "ACTING", "takeover", from, -1, heldByNew,
                        List.of(), Set.of(mode))))));
        java.util.logging.Logger.getLogger(FailbackPeer.class.getName()).warning("RVG " + rvg.name() + ": " + from
                + " took over the Primary role; this host is an acting Secondary and takes no writes; "
                + (records < 0 ? "every region" : records + " unshipped writes") + " marked for the failback");
        Map<String, String> out = new LinkedHashMap<>(UnshippedRegions.ranges(rvg));
        out.put("status", "acting");
        return out;
    }

    /** Old Primary, fbsync: the acting Secondary becomes a Secondary of {@code from}, inconsistent until the replay ends. */
    Map<String, String> convert(String from, PeerMessage m) throws VolrepException, IOException {
        Rvg rvg = roles.rvg(m);
        return roles.locked(rvg, () -> RoleService.underDg(rvg, () -> {
            if (RvgRecord.SECONDARY.equals(rvg.record().role()) && LocalRole.rlinkTo(rvg, from).isPresent()) {
                if (rvg.record().transfer().filter(TransferRecord::rebasePending).isPresent()) {
                    LocalRole.finishRebase(rvg);
                }
                return Map.of();
            }
            Optional<TransferRecord> t = rvg.record().transfer().filter(x -> x.is(TransferRecord.TAKEN_OVER) && x.peer().equals(from));
            if (!RvgRecord.ACTING_SECONDARY.equals(rvg.record().role()) || t.isEmpty()) {
                throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + rvg.name() + " on " + roles.host()
                        + " is not an acting Secondary of " + from);
            }
            RlinkRecord toNew = LocalRole.requireRlinkTo(rvg, from);
            rvg.reconfigure((srl, end) -> {
                LocalRole.clearDcms(rvg);
                TransferRecord c = new TransferRecord(TransferRecord.TAKEN_OVER, "SECONDARY", t.get().id(), from, 0,
                        t.get().sourceEnd(), List.of(), Set.of(TransferRecord.REBASE));
                LocalRole.commit(rvg, LocalRole.record(rvg).withRole(RvgRecord.SECONDARY).withTransfer(Optional.of(c)),
                        List.of(LocalRole.reset(toNew, RlinkState.ACTIVE, Set.of(Rlink.INCONSISTENT))));
                roles.hook().reached("fbsync.converted");
                LocalRole.rebaseAndCommit(rvg, srl, end);
            });
            return Map.of();
        }));
    }

    /** New Primary: makesec on the old Primary resolved the two-Primaries error. */
    Map<String, String> resolved(String from, PeerMessage m) throws VolrepException, IOException {
        Rvg rvg = roles.rvg(m);
        return RoleService.underDg(rvg, () -> {
            if (rvg.record().transfer().filter(t -> t.is(TransferRecord.TAKEOVER) && t.peer().equals(from)).isPresent()) {
                rvg.recordTransfer(Optional.empty());
            }
            return Map.of();
        });
    }

    /** New Primary: fbsync typed on the acting Secondary. */
    Map<String, String> fbsync(String from, PeerMessage m) throws VolrepException, IOException {
        return Map.of("out", String.join("\n", roles.fbsync(roles.rvg(m))));
    }
}
