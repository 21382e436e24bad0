package io.volrep.engine.srl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.io.BlockDevice;

/**
 * What the scan at open found: the valid log is {@code [tailLsn, endLsn)}.
 *
 * <p>The scan starts at the header's tail and accepts records by the rule in {@link SrlReader}; the first
 * position that does not hold a valid record (or WRAP) is the end of the log. A record there whose LSN
 * matches but whose checksum or header does not is a torn tail: it is dropped and logged with its LSN,
 * device offset and size. Everything below the header's epoch start was validated and synced by the
 * previous open, and everything below its applied LSN was synced before the header said so; the log
 * ending below either is damage ({@link ErrorCode#DAMAGED_SRL}), not something to guess around.
 *
 * @param records      valid records (not counting WRAP) in {@code [tailLsn, endLsn)}
 * @param bytes        bytes of those records including headers
 * @param tornBytes    size of the torn record dropped at the end, 0 when the log ended cleanly
 * @param endReason    what was found at {@code endLsn}
 * @param markers      the marker records (checkpoint start/end) in {@code [tailLsn, endLsn)}, in LSN order
 * @param dataEnds     the end LSN of every DATA record in {@code [tailLsn, endLsn)}, ascending (the updates
 *                     still in the log, for counting how many a Secondary lacks); not to be modified
 * @param dataMillis   the timestamp of each of those records, in the same order
 */
public record SrlRecovery(long tailLsn, long endLsn, long records, long bytes, int tornBytes, String endReason,
                          List<SrlMarker> markers, long[] dataEnds, long[] dataMillis) {

    public SrlRecovery {
        markers = List.copyOf(markers);
    }

    private static final Logger LOG = Logger.getLogger(SrlRecovery.class.getName());

    /** Scans the log of {@code device} as described by {@code header}. Not thread-safe; runs at open. */
    static SrlRecovery scan(BlockDevice device, SrlHeader header) throws IOException, VolrepException {
        SrlGeometry g = header.geometry();
        long bound = header.tailLsn() + g.dataSize();
        SrlReader reader = new SrlReader(device, header, header.tailLsn(), () -> bound, () -> 0, null);
        long records = 0;
        long bytes = 0;
        List<SrlMarker> markers = new ArrayList<>();
        long[] dataEnds = new long[64];
        long[] dataMillis = new long[64];
        int data = 0;
        SrlReader.Probe p;
        while (true) {
            p = reader.probe(bound);
            if (p.verdict() == SrlReader.Verdict.END || p.verdict() == SrlReader.Verdict.TORN) {
                break;
            }
            if (p.verdict() == SrlReader.Verdict.RECORD) {
                records++;
                bytes += p.nextLsn() - reader.position();
                SrlMarker.of(p.record()).ifPresent(markers::add);
                if (p.record().type() == RecordType.DATA) {
                    if (data == dataEnds.length) {
                        dataEnds = java.util.Arrays.copyOf(dataEnds, data * 2);
                        dataMillis = java.util.Arrays.copyOf(dataMillis, data * 2);
                    }
                    dataMillis[data] = p.record().timestampMillis();
                    dataEnds[data++] = p.nextLsn();
                }
            }
            reader.advance(p);
        }
        final long end = reader.position();
        final SrlReader.Probe last = p;
        long mustReach = Math.max(header.appliedLsn(), header.epochStart());
        if (end < mustReach) {
            throw new VolrepException(ErrorCode.DAMAGED_SRL, "SRL " + device.path() + " ends at LSN " + end
                    + " (offset " + g.physical(end) + ": " + p.reason() + ") but its header says records up to LSN "
                    + mustReach + " are there: restore the SRL from a backup or recreate the RVG");
        }
        if (p.verdict() == SrlReader.Verdict.TORN) {
            LOG.warning(() -> "SRL " + device.path() + ": torn record at LSN " + end + " (offset " + g.physical(end)
                    + ", " + last.bytes() + " bytes) dropped: " + last.reason());
        } else {
            LOG.info(() -> "SRL " + device.path() + ": log ends at LSN " + end + " (" + last.reason() + ")");
        }
        return new SrlRecovery(header.tailLsn(), end, records, bytes,
                p.verdict() == SrlReader.Verdict.TORN ? p.bytes() : 0, p.reason(), markers,
                java.util.Arrays.copyOf(dataEnds, data), java.util.Arrays.copyOf(dataMillis, data));
    }
}
