package io.volrep.engine.role;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.io.BlockDevice;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.srl.Srl;
import io.volrep.engine.volume.DiskGroupConfig;
import io.volrep.engine.volume.RlinkRecord;
import io.volrep.engine.volume.RvgRecord;
import io.volrep.engine.volume.TransferRecord;
import io.volrep.engine.volume.Volume;

/**
 * The changes one host makes to its own RVG in a role transfer. A change of role or RLINKs is one
 * disk group commit of the RVG's record (role and transfer step) together with its RLINKs, made while
 * the write path is closed ({@link Rvg#reconfigure}); the SRL's resume point moves after it, marked
 * {@link TransferRecord#REBASE} until done. Caller holds the disk group lock.
 */
final class LocalRole {
    private LocalRole() {
    }

    /** The product's RLINK name: {@code rlk_<remote host>_<rvg>}. */
    static String rlinkName(String remoteHost, String rvg) {
        return "rlk_" + remoteHost + "_" + rvg;
    }

    /** The RVG's record as its disk group holds it now. */
    static RvgRecord record(Rvg rvg) {
        return rvg.diskGroup().config().rvg(rvg.name()).orElse(rvg.record());
    }

    /** The recorded RLINK of {@code rvg} to {@code host}. */
    static Optional<RlinkRecord> rlinkTo(Rvg rvg, String host) {
        return rvg.diskGroup().config().rlinksOf(rvg.name()).stream().filter(r -> r.remoteHost().equals(host)).findFirst();
    }

    static RlinkRecord requireRlinkTo(Rvg rvg, String host) throws VolrepException {
        return rlinkTo(rvg, host).orElseThrow(() -> new VolrepException(ErrorCode.NO_SUCH_RLINK, "RVG " + rvg.name()
                + " has no RLINK to " + host + ": vradmin -g " + rvg.diskGroup().name() + " printrvg " + rvg.name()
                + " shows the RDS"));
    }

    /** Commits the RVG's record and its whole RLINK set in one disk group write. */
    static void commit(Rvg rvg, RvgRecord rec, List<RlinkRecord> links) throws IOException {
        DiskGroupConfig cfg = rvg.diskGroup().config();
        for (RlinkRecord old : cfg.rlinksOf(rvg.name())) {
            cfg = cfg.withoutRlink(old.name());
        }
        for (RlinkRecord l : links) {
            cfg = cfg.withRlink(l);
        }
        rvg.diskGroup().commit(cfg.withRvg(rec));
    }

    /** Commits a new record of the RVG, its RLINKs unchanged. */
    static void commit(Rvg rvg, RvgRecord rec) throws IOException {
        commit(rvg, rec, rvg.diskGroup().config().rlinksOf(rvg.name()));
    }

    /** An RLINK record for a new role: the same pair and attributes, a new state and flags, no checkpoint. */
    static RlinkRecord reset(RlinkRecord r, RlinkState state, Set<String> flags) {
        return new RlinkRecord(r.name(), r.rvg(), r.remoteHost(), r.remoteDg(), r.remoteRvg(), r.remoteRlink(),
                state.name(), r.attributes(), flags, "");
    }

    /** Clears the DCMs of the RVG's data volumes, in memory and on disk. */
    static void clearDcms(Rvg rvg) throws IOException {
        for (String v : rvg.record().dataVolumes()) {
            Optional<Volume> vol = rvg.diskGroup().volume(v);
            if (vol.isPresent() && vol.get().dcm().isPresent()) {
                vol.get().dcm().get().clearAll();
                vol.get().persistDcm();
            }
        }
    }

    /** Persists the DCMs of the RVG's data volumes. */
    static void persistDcms(Rvg rvg) throws IOException {
        for (String v : rvg.record().dataVolumes()) {
            Optional<Volume> vol = rvg.diskGroup().volume(v);
            if (vol.isPresent()) {
                vol.get().persistDcm();
            }
        }
    }

    /** Finishes a recorded rebase (after a crash): reopens the RVG with its resume point moved. */
    static void finishRebase(Rvg rvg) throws VolrepException, IOException {
        rvg.reconfigure((srl, end) -> rebaseAndCommit(rvg, srl, end));
    }

    /**
     * Inside a reconfiguration: moves the SRL's resume point to the record's LSN, then records that it is
     * done (a migration reaches REBASED; any other transfer is over). Idempotent.
     */
    static void rebaseAndCommit(Rvg rvg, BlockDevice srl, long end) throws VolrepException, IOException {
        RvgRecord rec = record(rvg);
        Optional<TransferRecord> t = rec.transfer().filter(TransferRecord::rebasePending);
        if (t.isEmpty()) {
            return;
        }
        Srl.rebaseSource(srl, end, Math.max(0, t.get().lsn()));
        Optional<TransferRecord> next = Optional.empty();
        if (t.get().is(TransferRecord.MIGRATE)) {
            MigrateStep s = MigrateStep.valueOf(t.get().step()).moveTo(MigrateStep.REBASED);
            next = Optional.of(t.get().withOption(TransferRecord.REBASE, false).withStep(s.name()));
        }
        commit(rvg, rec.withTransfer(next));
    }
}
