package io.volrep.engine.role;

import java.util.ArrayList;
import java.util.List;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;

/**
 * What a migration needs before it changes anything (spec/vvr-features.md §5.1): this host is the
 * started Primary with no transfer under way, the new Primary is one of its attached Secondaries, the
 * data volumes are closed, and every attached RLINK is connected and up-to-date. Detached (STALE)
 * Secondaries are carried over detached: they need a synchronization anyway. Caller holds the disk
 * group lock.
 */
final class MigrationChecks {
    private MigrationChecks() {
    }

    /** Checks, and returns the other Secondaries as {@code host:dg:rvg:STATE}; changes nothing. */
    static List<String> check(String here, Rvg rvg, String newPrimary) throws VolrepException {
        String dg = rvg.diskGroup().name();
        if (!rvg.isPrimary()) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + rvg.name() + " on " + here + " is not the Primary");
        }
        if (rvg.record().transfer().isPresent() && !rvg.record().transfer().get().is(io.volrep.engine.volume.TransferRecord.PROMOTED)) {
            throw new VolrepException(ErrorCode.TRANSFER_IN_PROGRESS, "RVG " + rvg.name() + " on " + here + " has a role transfer "
                    + "under way (" + rvg.record().transfer().get().kind() + " with " + rvg.record().transfer().get().peer()
                    + "): vradmin -g " + dg + " -l printrvg " + rvg.name() + " shows what is left to do");
        }
        if (!rvg.started()) {
            throw new VolrepException(ErrorCode.RVG_NOT_STARTED, "RVG " + rvg.name() + " is " + rvg.state()
                    + ": start it with vxrvg -g " + dg + " start " + rvg.name());
        }
        if (newPrimary.equals(here)) {
            throw new VolrepException(ErrorCode.USAGE, here + " is already the Primary of RVG " + rvg.name()
                    + ": name the Secondary that takes the role over");
        }
        Rlink target = rvg.rlinks().stream().filter(l -> l.remoteHost().equals(newPrimary)).findFirst()
                .orElseThrow(() -> new VolrepException(ErrorCode.NO_SUCH_RLINK, "host " + newPrimary + " is not a Secondary of RVG "
                        + rvg.name() + ": vradmin -g " + dg + " printrvg " + rvg.name() + " lists them"));
        if (target.state() == RlinkState.STALE) {
            throw new VolrepException(ErrorCode.NOT_UP_TO_DATE, "replication to " + newPrimary + " is stopped (RLINK "
                    + target.name() + " detached): synchronize it and start replication before it takes the Primary role");
        }
        rvg.checkClosed("stop the application and disconnect its NBD clients, then run migrate again");
        List<String> followers = new ArrayList<>();
        long end = rvg.writePath().map(wp -> wp.srl().durableLsn()).orElse(0L);
        for (Rlink l : rvg.rlinks()) {
            checkLink(rvg, l, end);
            if (l != target) {
                followers.add(l.remoteHost() + ":" + l.record().remoteDg() + ":" + l.record().remoteRvg() + ":" + l.state().name());
            }
        }
        return followers;
    }

    private static void checkLink(Rvg rvg, Rlink l, long end) throws VolrepException {
        String dg = rvg.diskGroup().name();
        if (l.state() == RlinkState.STALE) {
            return;
        }
        if (l.state() != RlinkState.ACTIVE) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RLINK " + l.name() + " to " + l.remoteHost() + " is " + l.state()
                    + ": resume it (vradmin -g " + dg + " resumerep " + rvg.name() + " " + l.remoteHost() + ") and let it "
                    + "catch up, or detach it (stoprep), then run migrate again");
        }
        if (!l.connected()) {
            throw new VolrepException(ErrorCode.REPLICATION_DISCONNECTED, "RLINK " + l.name() + " to " + l.remoteHost()
                    + " is not connected" + (l.lastError().isEmpty() ? "" : " (" + l.lastError() + ")")
                    + ": every attached RLINK must be connected to migrate; bring " + l.remoteHost() + " back and wait");
        }
        if (l.dcmMode() || !l.consistent()) {
            throw new VolrepException(ErrorCode.NOT_UP_TO_DATE, "Secondary " + l.remoteHost() + " is " + (l.consistent()
                    ? "logging to the DCM" : "inconsistent") + ": let its synchronization finish (vradmin -g " + dg
                    + " repstatus " + rvg.name() + "), then run migrate again");
        }
        if (l.ackedLsn() < end) {
            throw new VolrepException(ErrorCode.NOT_UP_TO_DATE, "Secondary " + l.remoteHost() + " is behind by "
                    + (end - l.ackedLsn()) / 1024 + " Kbytes: wait until vradmin -g " + dg + " repstatus " + rvg.name()
                    + " shows it up-to-date, then run migrate again");
        }
    }
}
