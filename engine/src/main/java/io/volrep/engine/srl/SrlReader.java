package io.volrep.engine.srl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.io.BlockDevice;

/**
 * Iterates the records of an SRL in LSN order from a start position up to a moving limit (normally the
 * writer's durable LSN), skipping WRAP records and the implicit skip at the end of a lap.
 *
 * <p>Validation rule, shared with recovery: a record at stream position {@code p} is valid when its magic,
 * its LSN field ({@code == p}), its length (fits in the lap) and its CRC hold, and its epoch is the
 * header's epoch if {@code p >= epochStart}, or not newer than it below. Below the limit every record must
 * be valid; one that is not is a damaged SRL. A record whose position fell below the tail while it was
 * being read may have been overwritten; that too is an error, not a guess.
 *
 * <p>Reads go through a chunk buffer of {@value #CHUNK} bytes; returned records are views into a chunk
 * that is never reused, so they stay valid after the next call. Not thread-safe: one reader per consumer.
 */
public final class SrlReader {
    static final int CHUNK = 256 * 1024;

    /** What lies at the reader's position. */
    enum Verdict { RECORD, SKIP, END, TORN }

    /** The outcome of looking at one position; {@code bytes} is the claimed size for TORN. */
    record Probe(Verdict verdict, SrlRecord record, long nextLsn, String reason, int bytes) {
    }

    private final BlockDevice device;
    private final SrlHeader header;
    private final SrlGeometry geometry;
    private final LongSupplier limit;
    private final LongSupplier tail;
    /** The writer's last appends, read instead of the device while they cover a chunk; null: the device only. */
    private final RecentRecords recent;
    private long position;
    private ByteBuffer chunk = ByteBuffer.allocate(0);
    private long chunkLsn;

    SrlReader(BlockDevice device, SrlHeader header, long fromLsn, LongSupplier limit, LongSupplier tail,
              RecentRecords recent) {
        this.device = device;
        this.recent = recent;
        this.header = header;
        this.geometry = header.geometry();
        this.limit = limit;
        this.tail = tail;
        this.position = fromLsn;
    }

    /** The LSN of the next record to read (or of the skip before it). */
    public long position() {
        return position;
    }

    /**
     * The next record below the limit, or null when the reader has reached the limit.
     *
     * @throws VolrepException DAMAGED_SRL when a record below the limit is invalid or was overwritten
     */
    public SrlRecord next() throws IOException, VolrepException {
        while (true) {
            long end = limit.getAsLong();
            if (geometry.headerPosition(position) >= end) {
                return null;
            }
            Probe p = probe(end);
            if (p.verdict == Verdict.SKIP) {
                position = p.nextLsn;
                continue;
            }
            if (p.verdict != Verdict.RECORD) {
                throw damaged("invalid record at LSN " + position + " (offset " + geometry.physical(position)
                        + ") below the durable end " + end + ": " + p.reason);
            }
            if (position < tail.getAsLong()) {
                throw damaged("records at LSN " + position + " were reclaimed while being read (tail now "
                        + tail.getAsLong() + ")");
            }
            position = p.nextLsn;
            return p.record;
        }
    }

    /** Moves past the record or skip that {@code p} describes. */
    void advance(Probe p) {
        position = p.nextLsn;
    }

    /**
     * Examines the stream at the reader's position without moving it; {@code bound} is the first LSN that
     * may not be read (a record crossing it is not valid).
     */
    Probe probe(long bound) throws IOException {
        long p = geometry.headerPosition(position);
        if (p != position) {
            return new Probe(Verdict.SKIP, null, p, "end of lap", 0);
        }
        if (p + SrlRecord.HEADER_SIZE > bound) {
            return new Probe(Verdict.END, null, p, "bound " + bound + " reached", 0);
        }
        ByteBuffer b = bytes(p, SrlRecord.HEADER_SIZE, bound);
        if (b.getInt(b.position()) != SrlRecord.MAGIC) {
            return new Probe(Verdict.END, null, p, "no record here", 0);
        }
        long storedLsn = b.getLong(b.position() + SrlRecord.OFF_LSN);
        if (storedLsn != p) {
            return new Probe(Verdict.END, null, p, "record of LSN " + storedLsn + " from another lap", 0);
        }
        int length = b.getInt(b.position() + SrlRecord.OFF_LENGTH);
        if (length < 0 || length > geometry.lapRemaining(p) - SrlRecord.HEADER_SIZE
                || p + SrlRecord.encodedSize(length) > bound) {
            return new Probe(Verdict.TORN, null, p, "record header damaged (length " + length + ")",
                    SrlRecord.HEADER_SIZE);
        }
        b = bytes(p, SrlRecord.encodedSize(length), bound);
        if (!SrlRecord.checksumMatches(b, header.logId(), length)) {
            return new Probe(Verdict.TORN, null, p, "checksum mismatch", SrlRecord.encodedSize(length));
        }
        SrlRecord r = SrlRecord.decodeVerified(b);
        if (r == null) {
            return new Probe(Verdict.TORN, null, p, "unknown record type or reserved bits set",
                    SrlRecord.encodedSize(length));
        }
        boolean epochOk = p >= header.epochStart() ? r.epoch() == header.epoch() : r.epoch() <= header.epoch();
        if (!epochOk) {
            return new Probe(Verdict.END, null, p, "stale record of epoch " + r.epoch() + " (current epoch "
                    + header.epoch() + " started at LSN " + header.epochStart() + ")", 0);
        }
        if (r.type() == RecordType.WRAP) {
            return new Probe(Verdict.SKIP, r, geometry.nextLapStart(p), "wrap", 0);
        }
        return new Probe(Verdict.RECORD, r, r.endLsn(), null, 0);
    }

    /**
     * A buffer positioned at stream position {@code lsn} holding at least {@code n} bytes; reads a chunk
     * that stays within the lap and below {@code bound} when the current chunk does not cover them.
     */
    private ByteBuffer bytes(long lsn, int n, long bound) throws IOException {
        long inChunk = lsn - chunkLsn;
        if (inChunk < 0 || inChunk + n > chunk.limit()) {
            long want = Math.min(Math.min(CHUNK, geometry.lapRemaining(lsn)), bound - lsn);
            ByteBuffer fresh = ByteBuffer.allocate((int) Math.max(n, want));
            if (recent == null || !recent.read(lsn, fresh)) {
                device.read(geometry.physical(lsn), fresh);
            }
            chunk = fresh.flip();
            chunkLsn = lsn;
            inChunk = 0;
        }
        return chunk.duplicate().position((int) inChunk);
    }

    private VolrepException damaged(String what) {
        return new VolrepException(ErrorCode.DAMAGED_SRL, "SRL " + device.path() + ": " + what
                + ": restore the SRL from a backup or recreate the RVG");
    }

    @Override
    public String toString() {
        return "SrlReader(" + device.path() + " @" + position + ")";
    }
}
