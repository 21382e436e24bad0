package io.volrep.engine.rvg;

import io.volrep.engine.volume.DcmBitmap;

/**
 * How far one Primary RLINK's Secondary is behind, as {@code vxrlink status}, {@code vrstat} and the
 * peer ops report it: the writes in the SRL it has not acknowledged (counted even in synchronous mode
 * until the Secondary holds them), their bytes and share of the SRL, how old the oldest of them is,
 * and while the RLINK copies from or logs to the DCM, the bytes the DCMs hold and how much of the copy
 * is done.
 *
 * @param writes      updates in the SRL above the Secondary's acknowledged LSN
 * @param bytes       bytes of the SRL from the acknowledged LSN to the newest update
 * @param capacity    bytes of the SRL's data area (0 when the RVG is not started)
 * @param behindMillis how long ago the oldest update the Secondary lacks was written (0 when up to date)
 * @param dcmBytes    bytes marked in the DCMs of the RVG's data volumes
 * @param syncPercent share of the synchronization under way that is done, -1 when none runs
 */
public record RlinkBacklog(long writes, long bytes, long capacity, long behindMillis, long dcmBytes, int syncPercent) {

    /** The backlog of {@code link}, an RLINK of the started or stopped Primary RVG {@code rvg}. */
    public static RlinkBacklog of(Rvg rvg, Rlink link, long nowMillis) {
        long dcm = 0;
        for (int i = 0; i < rvg.record().dataVolumes().size(); i++) {
            dcm += rvg.dcm(i).map(DcmBitmap::dirtyBytes).orElse(0L);
        }
        int percent = -1;
        if (link.dcmCopying()) {
            long copied = link.syncCopiedBytes();
            percent = copied + dcm == 0 ? 0 : (int) Math.min(100, copied * 100 / (copied + dcm));
        }
        WritePath wp = rvg.writePath().orElse(null);
        if (wp == null || link.state() == RlinkState.STALE || link.dcmMode()) {
            return new RlinkBacklog(0, 0, wp == null ? 0 : wp.capacity(), -1, dcm, percent);
        }
        long acked = link.ackedLsn();
        long writes = wp.updatesAbove(acked);
        long bytes = writes == 0 ? 0 : Math.max(0, wp.lastUpdateEnd() - acked);
        long behind = writes == 0 ? 0 : Math.max(0, nowMillis - wp.firstUpdateMillisAbove(acked));
        return new RlinkBacklog(writes, bytes, wp.capacity(), behind, dcm, percent);
    }

    /** Share of the SRL the backlog occupies, in percent. */
    public int srlPercent() {
        return capacity == 0 ? 0 : (int) (bytes * 100 / capacity);
    }

    public boolean upToDate() {
        return writes == 0;
    }

    /** {@code Xh Ym Zs}, as the product prints "behind by". */
    public static String hms(long millis) {
        long s = Math.max(0, millis) / 1000;
        return String.format("%dh %dm %ds", s / 3600, s / 60 % 60, s % 60);
    }
}
