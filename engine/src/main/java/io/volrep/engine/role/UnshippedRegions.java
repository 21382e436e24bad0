package io.volrep.engine.role;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.rvg.WritePath;
import io.volrep.engine.srl.RecordType;
import io.volrep.engine.srl.Srl;
import io.volrep.engine.srl.SrlReader;
import io.volrep.engine.srl.SrlRecord;
import io.volrep.engine.volume.DcmBitmap;
import io.volrep.engine.volume.Volume;

/**
 * Fast failback, on the old Primary: the blocks it wrote that the new Primary never received (its SRL
 * from the new Primary's source position at takeover to its end) are marked in its own DCMs, persisted,
 * and reported to the new Primary as byte ranges, which it adds to its failback DCM so the replay
 * overwrites them. When the SRL no longer holds that range (or the RLINK to the new Primary was not
 * shipping from it), every region is marked. Fields on the wire: {@code dirty.<volume>} =
 * {@code offset:length,...}.
 */
final class UnshippedRegions {
    private UnshippedRegions() {
    }

    /**
     * Marks the blocks written from {@code from} on, in the SRL order of the RVG's log, in its DCMs and
     * persists them. Writes must be refused (frozen) and drained first. Caller holds the disk group lock.
     */
    static long mark(Rvg rvg, String newPrimary, long from) throws VolrepException, IOException {
        Optional<WritePath> wp = rvg.writePath();
        Optional<Rlink> link = rvg.rlinks().stream().filter(l -> l.remoteHost().equals(newPrimary)).findFirst();
        Srl srl = wp.map(WritePath::srl).orElse(null);
        boolean all = srl == null || link.isEmpty() || link.get().state() == RlinkState.STALE || link.get().dcmMode()
                || from < srl.tailLsn() || from > srl.durableLsn();
        long records = 0;
        if (all) {
            for (int i = 0; i < rvg.record().dataVolumes().size(); i++) {
                rvg.dcm(i).ifPresent(DcmBitmap::markAll);
            }
        } else {
            SrlReader reader = srl.reader(from);
            long until = srl.durableLsn();
            for (SrlRecord r; reader.position() < until && (r = reader.next()) != null; ) {
                if (r.type() == RecordType.DATA) {
                    SrlRecord rec = r;
                    rvg.dcm(r.volumeIndex()).ifPresent(d -> d.mark(rec.volumeOffset(), rec.data().remaining()));
                    records++;
                }
            }
        }
        LocalRole.persistDcms(rvg);
        return all ? -1 : records;
    }

    /** The ranges to overwrite: each data volume's dirty DCM regions, or the whole volume when it has no DCM. */
    static Map<String, String> ranges(Rvg rvg) throws VolrepException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : rvg.record().dataVolumes()) {
            Volume v = rvg.diskGroup().requireVolume(name);
            long size = v.record().size();
            if (v.dcm().isEmpty()) {
                out.put("dirty." + name, "0:" + size);
                continue;
            }
            DcmBitmap d = v.dcm().get();
            StringBuilder sb = new StringBuilder();
            for (long r = d.nextDirty(0); r >= 0; ) {
                long end = r;
                while (d.nextDirty(end + 1) == end + 1) {
                    end++;
                }
                long off = r * d.regionSize();
                sb.append(sb.length() == 0 ? "" : ",").append(off).append(':').append(Math.min(size, (end + 1) * d.regionSize()) - off);
                r = d.nextDirty(end + 1);
            }
            out.put("dirty." + name, sb.toString());
        }
        return out;
    }

    /** New Primary: marks the reported ranges in its DCMs and persists them; returns the bytes marked. */
    static long apply(Rvg rvg, Map<String, String> reply) throws VolrepException, IOException {
        long bytes = 0;
        for (Map.Entry<String, String> e : reply.entrySet()) {
            if (!e.getKey().startsWith("dirty.") || e.getValue().isBlank()) {
                continue;
            }
            String volume = e.getKey().substring("dirty.".length());
            int index = rvg.volumeIndex(volume);
            if (index < 0) {
                throw new VolrepException(ErrorCode.NO_SUCH_VOLUME, "the old Primary reports blocks of volume " + volume
                        + ", which is not a data volume of RVG " + rvg.name() + " here");
            }
            DcmBitmap d = rvg.dcm(index).orElseThrow(() -> new VolrepException(ErrorCode.WRONG_STATE, "data volume " + volume
                    + " of RVG " + rvg.name() + " has no DCM for the failback"));
            for (String range : e.getValue().split(",")) {
                String[] p = range.split(":");
                long len = Long.parseLong(p[1]);
                d.mark(Long.parseLong(p[0]), len);
                bytes += len;
            }
        }
        LocalRole.persistDcms(rvg);
        return bytes;
    }
}
