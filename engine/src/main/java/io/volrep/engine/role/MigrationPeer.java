package io.volrep.engine.role;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.peer.PeerMessage;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkAttributes;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.rvg.WritePath;
import io.volrep.engine.volume.RlinkRecord;
import io.volrep.engine.volume.RvgRecord;
import io.volrep.engine.volume.TransferRecord;

/**
 * The other hosts' side of a migration: the Secondary that becomes Primary (prepare, promote) and the
 * Secondaries that follow it (repoint). Each operation checks before it changes anything and is
 * idempotent, so the old Primary may repeat it after a crash or a lost reply.
 */
final class MigrationPeer {
    private final RoleService roles;

    MigrationPeer(RoleService roles) {
        this.roles = roles;
    }

    /** New Primary, before the commit point: checks it holds the old Primary's stream up to E; returns its log end R. */
    Map<String, String> prepare(String from, PeerMessage m) throws VolrepException, IOException {
        Rvg rvg = roles.rvg(m);
        return RoleService.underDg(rvg, () -> {
            WritePath wp = checkCandidate(rvg, from, Long.parseLong(m.field("source-end")), followers(m));
            return Map.of("end", Long.toString(wp.srl().durableLsn()));
        });
    }

    /** New Primary, after the commit point: records the Primary role with RLINKs to the old Primary and the others. */
    Map<String, String> promote(String from, PeerMessage m) throws VolrepException, IOException {
        Rvg rvg = roles.rvg(m);
        String id = m.field("id");
        long r = Long.parseLong(m.field("lsn"));
        return roles.locked(rvg, () -> RoleService.underDg(rvg, () -> {
            if (rvg.isPrimary() && rvg.record().transfer().filter(t -> t.is(TransferRecord.PROMOTED) && t.id().equals(id)).isPresent()) {
                return Map.of();
            }
            List<String> followers = followers(m);
            WritePath wp = checkCandidate(rvg, from, Long.parseLong(m.field("source-end")), followers);
            if (wp.srl().durableLsn() != r) {
                throw new VolrepException(ErrorCode.NOT_UP_TO_DATE, "the SRL of RVG " + rvg.name() + " on " + roles.host()
                        + " ends at " + wp.srl().durableLsn() + ", not at " + r + " as when the migration was prepared");
            }
            roles.hook().reached("migrate.promote");
            List<RlinkRecord> links = new ArrayList<>();
            links.add(LocalRole.reset(LocalRole.requireRlinkTo(rvg, from), RlinkState.ACTIVE, Set.of()));
            for (String f : followers) {
                String[] p = f.split(":");
                RlinkState state = RlinkState.valueOf(p[3]);
                List<String> attrs = RlinkAttributes.DEFAULTS.with(words(m.field("attrs." + p[0], ""))).words();
                links.add(new RlinkRecord(LocalRole.rlinkName(p[0], rvg.name()), rvg.name(), p[0], p[1], p[2],
                        LocalRole.rlinkName(roles.host(), p[2]), state.name(), attrs,
                        state == RlinkState.STALE ? Set.of(Rlink.INCONSISTENT) : Set.of(), ""));
            }
            links.addAll(LeftBehind.whenPromoted(rvg, from, followers));
            TransferRecord t = new TransferRecord(TransferRecord.PROMOTED, "PROMOTED", id, from, r,
                    Long.parseLong(m.field("source-end")), List.of(), Set.of());
            rvg.reconfigure((srl, end) -> LocalRole.commit(rvg, LocalRole.record(rvg).withRole(RvgRecord.PRIMARY)
                    .withTransfer(Optional.of(t)), links));
            for (Rlink l : rvg.rlinks()) {
                if (l.state() == RlinkState.ACTIVE) {
                    l.attaching(r);
                }
            }
            roles.hook().reached("migrate.promoted");
            return Map.of();
        }));
    }

    /** Another Secondary: replaces its RLINK to the old Primary by one to the new Primary and moves its resume point to R. */
    Map<String, String> repoint(String from, PeerMessage m) throws VolrepException, IOException {
        Rvg rvg = roles.rvg(m);
        String newPrimary = m.field("new-primary");
        return roles.locked(rvg, () -> RoleService.underDg(rvg, () -> {
            if (LocalRole.rlinkTo(rvg, newPrimary).isPresent() && LocalRole.rlinkTo(rvg, from).isEmpty()) {
                if (rvg.record().transfer().filter(TransferRecord::rebasePending).isPresent()) {
                    LocalRole.finishRebase(rvg);
                }
                return Map.of();
            }
            RlinkRecord old = checkFollower(rvg, from, m);
            boolean attached = m.field("state").equals(RlinkState.ACTIVE.name());
            String name = LocalRole.rlinkName(newPrimary, rvg.name());
            if (rvg.diskGroup().config().nameTaken(name)) {
                throw new VolrepException(ErrorCode.DUPLICATE_NAME, "disk group " + rvg.diskGroup().name() + " on " + roles.host()
                        + " already has an object named " + name + ": remove it, then the RVG follows " + newPrimary);
            }
            roles.hook().reached("migrate.repoint");
            RlinkRecord link = new RlinkRecord(name, rvg.name(), newPrimary, m.field("new-dg"), m.field("new-rvg"),
                    LocalRole.rlinkName(roles.host(), m.field("new-rvg")), old.state(), old.attributes(),
                    attached ? old.flags() : Set.of(Rlink.INCONSISTENT), "");
            TransferRecord t = new TransferRecord(TransferRecord.REPOINT, "REPOINTED", m.field("id"), newPrimary,
                    attached ? Long.parseLong(m.field("lsn")) : 0, Long.parseLong(m.field("source-end")), List.of(),
                    Set.of(TransferRecord.REBASE));
            rvg.reconfigure((srl, end) -> {
                LocalRole.commit(rvg, LocalRole.record(rvg).withTransfer(Optional.of(t)), List.of(link));
                roles.hook().reached("migrate.repointed");
                LocalRole.rebaseAndCommit(rvg, srl, end);
            });
            return Map.of();
        }));
    }

    /** migrate typed on another host of the RDS: runs it here, on the Primary; the output travels back. */
    Map<String, String> migrate(String from, PeerMessage m) throws VolrepException, IOException {
        Rvg rvg = roles.rvg(m);
        return Map.of("out", String.join("\n", roles.migrate(rvg, m.field("new-primary"))));
    }

    private WritePath checkCandidate(Rvg rvg, String from, long sourceEnd, List<String> followers) throws VolrepException {
        String here = roles.host();
        if (!RvgRecord.SECONDARY.equals(rvg.record().role())) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + rvg.name() + " on " + here + " is " + rvg.record().role()
                    + ", not a Secondary of " + from);
        }
        pendingTransfer(rvg);
        Rlink link = rvg.rlinks().stream().filter(l -> l.remoteHost().equals(from) && !LeftBehind.is(l)).findFirst()
                .orElseThrow(() -> new VolrepException(ErrorCode.NO_SUCH_RLINK, "RVG " + rvg.name() + " on " + here
                        + " has no RLINK to " + from));
        WritePath wp = rvg.writePath().orElseThrow(() -> new VolrepException(ErrorCode.RVG_NOT_STARTED, "RVG " + rvg.name()
                + " on " + here + " is not started: start it with vxrvg -g " + rvg.diskGroup().name() + " start " + rvg.name()));
        if (!link.consistent() || wp.sourceEnd() != sourceEnd) {
            throw new VolrepException(ErrorCode.NOT_UP_TO_DATE, "RVG " + rvg.name() + " on " + here + " holds the Primary's writes up to "
                    + "its LSN " + wp.sourceEnd() + (link.consistent() ? "" : " (inconsistent)") + ", the Primary's log ends at "
                    + sourceEnd + ": it is not up-to-date");
        }
        for (String f : followers) {
            String host = f.split(":")[0];
            String name = LocalRole.rlinkName(host, rvg.name());
            boolean leftBehind = LocalRole.rlinkTo(rvg, host).filter(r -> r.name().equals(name) && r.has(LeftBehind.FLAG)).isPresent();
            if (rvg.diskGroup().config().nameTaken(name) && !leftBehind) {
                throw new VolrepException(ErrorCode.DUPLICATE_NAME, "disk group " + rvg.diskGroup().name() + " on " + here
                        + " already has an object named " + name + ", the RLINK it needs to Secondary " + f.split(":")[0]);
            }
        }
        return wp;
    }

    private RlinkRecord checkFollower(Rvg rvg, String from, PeerMessage m) throws VolrepException {
        String here = roles.host();
        if (!RvgRecord.SECONDARY.equals(rvg.record().role())) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + rvg.name() + " on " + here + " is " + rvg.record().role()
                    + ", not a Secondary of " + from);
        }
        pendingTransfer(rvg);
        RlinkRecord old = LocalRole.requireRlinkTo(rvg, from);
        boolean attached = m.field("state").equals(RlinkState.ACTIVE.name());
        long sourceEnd = rvg.writePath().map(WritePath::sourceEnd).orElse(-1L);
        if (attached && sourceEnd != Long.parseLong(m.field("source-end"))) {
            throw new VolrepException(ErrorCode.NOT_UP_TO_DATE, "RVG " + rvg.name() + " on " + here + " holds the old Primary's "
                    + "writes up to its LSN " + sourceEnd + ", not " + m.field("source-end") + ": synchronize it from "
                    + m.field("new-primary"));
        }
        return old;
    }

    private void pendingTransfer(Rvg rvg) throws VolrepException {
        Optional<TransferRecord> t = rvg.record().transfer();
        if (t.isPresent() && !t.get().is(TransferRecord.PROMOTED)) {
            throw new VolrepException(ErrorCode.TRANSFER_IN_PROGRESS, "RVG " + rvg.name() + " on " + roles.host()
                    + " has a role transfer under way (" + t.get().kind() + " " + t.get().step() + ")");
        }
    }

    private static List<String> followers(PeerMessage m) {
        return words(m.field("followers", ""));
    }

    private static List<String> words(String s) {
        return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
    }
}
