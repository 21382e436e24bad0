package io.volrep.engine.role;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
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
 * A migration driven by the old Primary, step by step along {@link MigrateStep}: each step is recorded
 * before the next starts, so {@link #resume} continues (or, before the commit point, undoes) whatever a
 * crash interrupted. The new Primary continues the SRL stream from its own log end R; the old Primary
 * and every up-to-date Secondary held the old stream up to the same LSN E, which is the same data, so
 * each is rebased to "holds the new stream below R" and follows without a copy.
 */
final class Migration {
    private static final Logger LOG = Logger.getLogger(Migration.class.getName());
    private static final long DRAIN_SECONDS = 30;

    private final RoleService roles;

    Migration(RoleService roles) {
        this.roles = roles;
    }

    /** vradmin migrate on the Primary: check, freeze, commit, complete. Returns what to print. */
    List<String> run(Rvg rvg, String newPrimary) throws VolrepException, IOException {
        return roles.locked(rvg, () -> {
            TransferRecord t = RoleService.underDg(rvg, () -> freeze(rvg, newPrimary));
            try {
                roles.hook().reached("migrate.frozen");
                t = prepareAndCommit(rvg, t);
            } catch (VolrepException | IOException | RuntimeException e) {
                rollBack(rvg, e.getMessage());
                throw e;
            }
            roles.hook().reached("migrate.committed");
            List<String> out = new ArrayList<>();
            try {
                forward(rvg, out);
            } catch (VolrepException | IOException e) {
                throw new VolrepException(e instanceof VolrepException v ? v.code() : ErrorCode.IO_ERROR, e.getMessage()
                        + ": the migration to " + newPrimary + " is committed and completes by itself once every host answers "
                        + "(vradmin -g " + rvg.diskGroup().name() + " -l printrvg " + rvg.name() + " shows what is left)", e);
            }
            return out;
        });
    }

    /** The monitor: after a crash, rolls a frozen migration back and drives a committed one forward. */
    void resume(Rvg rvg) throws VolrepException, IOException {
        Optional<TransferRecord> t = rvg.record().transfer().filter(x -> x.is(TransferRecord.MIGRATE));
        if (t.isEmpty()) {
            return;
        }
        if (MigrateStep.valueOf(t.get().step()).canRollBack()) {
            rollBack(rvg, "the migration was interrupted before its commit point");
            return;
        }
        forward(rvg, new ArrayList<>());
    }

    private TransferRecord freeze(Rvg rvg, String newPrimary) throws VolrepException, IOException {
        List<String> followers = MigrationChecks.check(roles.host(), rvg, newPrimary);
        TransferRecord t = new TransferRecord(TransferRecord.MIGRATE, MigrateStep.FROZEN.name(), UUID.randomUUID().toString(),
                newPrimary, -1, -1, followers, Set.of(TransferRecord.FREEZE));
        rvg.recordTransfer(Optional.of(t));
        LOG.info(() -> "RVG " + rvg.name() + ": migration to " + newPrimary + " started; writes refused");
        return t;
    }

    /** Drains the writes, waits for every attached Secondary to hold them, asks the new Primary for R, commits. */
    private TransferRecord prepareAndCommit(Rvg rvg, TransferRecord t) throws VolrepException, IOException {
        try {
            rvg.drainWrites().get(DRAIN_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while draining writes", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the writes of RVG " + rvg.name() + " did not drain: " + e.getMessage(), e);
        }
        WritePath wp = rvg.writePath().orElseThrow(() -> new VolrepException(ErrorCode.RVG_NOT_STARTED, "RVG " + rvg.name() + " stopped"));
        long end = wp.srl().durableLsn();
        awaitAcks(rvg, end);
        RlinkRecord toNew = LocalRole.requireRlinkTo(rvg, t.peer());
        Map<String, String> f = new LinkedHashMap<>();
        f.put("dg", toNew.remoteDg());
        f.put("rvg", toNew.remoteRvg());
        f.put("id", t.id());
        f.put("source-end", Long.toString(end));
        f.put("followers", String.join(" ", t.hosts()));
        long r = Long.parseLong(roles.peers().call(t.peer(), RolePeerOps.PREPARE, f).get("end"));
        return RoleService.underDg(rvg, () -> {
            TransferRecord c = new TransferRecord(TransferRecord.MIGRATE, MigrateStep.FROZEN.moveTo(MigrateStep.COMMITTED).name(),
                    t.id(), t.peer(), r, end, t.hosts(), t.options());
            rvg.recordTransfer(Optional.of(c));
            LOG.info(() -> "RVG " + rvg.name() + ": migration to " + t.peer() + " committed at source LSN " + end
                    + "; the new Primary continues from its LSN " + r);
            return c;
        });
    }

    private void awaitAcks(Rvg rvg, long end) throws VolrepException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
        for (Rlink l : rvg.rlinks()) {
            while (l.state() == RlinkState.ACTIVE && l.ackedLsn() < end) {
                if (System.nanoTime() > deadline || !l.connected()) {
                    throw new VolrepException(ErrorCode.NOT_UP_TO_DATE, "Secondary " + l.remoteHost() + " did not acknowledge the last "
                            + (end - l.ackedLsn()) / 1024 + " Kbytes within " + DRAIN_SECONDS + " s" + (l.connected() ? "" : " (disconnected)")
                            + ": nothing changed; run migrate again once vradmin repstatus shows it up-to-date");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
    }

    private void rollBack(Rvg rvg, String why) throws VolrepException, IOException {
        RoleService.underDg(rvg, () -> {
            Optional<TransferRecord> t = rvg.record().transfer().filter(x -> x.is(TransferRecord.MIGRATE));
            if (t.isPresent() && MigrateStep.valueOf(t.get().step()).canRollBack()) {
                rvg.recordTransfer(Optional.empty());
                LOG.warning("RVG " + rvg.name() + ": migration to " + t.get().peer() + " rolled back (" + why
                        + "); this host stays the Primary and takes writes again");
            }
            return null;
        });
    }

    /** Drives a committed migration through its remaining steps; stops when Secondaries are still unreachable. */
    private void forward(Rvg rvg, List<String> out) throws VolrepException, IOException {
        while (true) {
            Optional<TransferRecord> t = rvg.record().transfer().filter(x -> x.is(TransferRecord.MIGRATE));
            if (t.isEmpty()) {
                return;
            }
            switch (MigrateStep.valueOf(t.get().step())) {
                case FROZEN -> throw new IllegalStateException("migration of " + rvg.name() + " is not committed");
                case COMMITTED -> promote(rvg, t.get(), out);
                case PROMOTED -> RoleService.underDg(rvg, () -> demote(rvg, t.get(), out));
                case DEMOTED -> RoleService.underDg(rvg, () -> {
                    LocalRole.finishRebase(rvg);
                    return null;
                });
                case REBASED -> {
                    repointFollowers(rvg, t.get(), out);
                    return;
                }
            }
        }
    }

    private void promote(Rvg rvg, TransferRecord t, List<String> out) throws VolrepException, IOException {
        RlinkRecord toNew = LocalRole.requireRlinkTo(rvg, t.peer());
        Map<String, String> f = new LinkedHashMap<>();
        f.put("dg", toNew.remoteDg());
        f.put("rvg", toNew.remoteRvg());
        f.put("id", t.id());
        f.put("lsn", Long.toString(t.lsn()));
        f.put("source-end", Long.toString(t.sourceEnd()));
        f.put("followers", String.join(" ", t.hosts()));
        for (String h : t.hosts()) {
            String host = h.split(":")[0];
            LocalRole.rlinkTo(rvg, host).ifPresent(r -> f.put("attrs." + host, String.join(" ", r.attributes())));
        }
        roles.peers().call(t.peer(), RolePeerOps.PROMOTE, f);
        RoleService.underDg(rvg, () -> {
            rvg.recordTransfer(Optional.of(t.withStep(MigrateStep.COMMITTED.moveTo(MigrateStep.PROMOTED).name())));
            return null;
        });
        out.add("vradmin: " + t.peer() + " is now the Primary of RVG " + rvg.name());
    }

    /** This host becomes the new Primary's Secondary: RLINK to it only, resume point moved to R. */
    private Void demote(Rvg rvg, TransferRecord t, List<String> out) throws VolrepException, IOException {
        rvg.reconfigure((srl, end) -> {
            RvgRecord rec = LocalRole.record(rvg);
            RlinkRecord toNew = LocalRole.requireRlinkTo(rvg, t.peer());
            TransferRecord d = t.withStep(MigrateStep.PROMOTED.moveTo(MigrateStep.DEMOTED).name())
                    .withOption(TransferRecord.FREEZE, false).withOption(TransferRecord.REBASE, true);
            LocalRole.commit(rvg, rec.withRole(RvgRecord.SECONDARY).withTransfer(Optional.of(d)),
                    List.of(LocalRole.reset(toNew, RlinkState.ACTIVE, Set.of())));
            roles.hook().reached("migrate.demoted");
            LocalRole.rebaseAndCommit(rvg, srl, end);
        });
        roles.hook().reached("migrate.rebased");
        out.add("vradmin: " + roles.host() + " is now a Secondary of " + t.peer() + " (replication resumes at its LSN " + t.lsn() + ")");
        return null;
    }

    /** Asks every other Secondary to follow the new Primary; the record goes once all have. */
    private void repointFollowers(Rvg rvg, TransferRecord t, List<String> out) throws VolrepException, IOException {
        RlinkRecord toNew = LocalRole.requireRlinkTo(rvg, t.peer());
        List<String> left = new ArrayList<>();
        for (String h : t.hosts()) {
            String[] p = h.split(":");
            Map<String, String> f = new LinkedHashMap<>();
            f.put("dg", p[1]);
            f.put("rvg", p[2]);
            f.put("id", t.id());
            f.put("new-primary", t.peer());
            f.put("new-dg", toNew.remoteDg());
            f.put("new-rvg", toNew.remoteRvg());
            f.put("lsn", Long.toString(t.lsn()));
            f.put("source-end", Long.toString(t.sourceEnd()));
            f.put("state", p[3]);
            try {
                roles.peers().call(p[0], RolePeerOps.REPOINT, f);
                out.add("vradmin: " + p[0] + " now replicates from " + t.peer() + (p[3].equals("STALE") ? " (detached: synchronize it)" : ""));
            } catch (VolrepException | IOException e) {
                left.add(h);
                out.add("vradmin: warning: " + p[0] + " does not follow " + t.peer() + " yet (" + e.getMessage()
                        + "); this host retries until it does");
            }
        }
        RoleService.underDg(rvg, () -> {
            rvg.recordTransfer(left.isEmpty() ? Optional.empty() : Optional.of(t.withHosts(left)));
            return null;
        });
        if (left.isEmpty()) {
            roles.hook().reached("migrate.done");
            LOG.info(() -> "RVG " + rvg.name() + ": migration to " + t.peer() + " done");
        }
    }
}
