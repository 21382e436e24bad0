package io.volrep.engine.rvg.replication;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.io.NativeBlockDevice;
import io.volrep.engine.link.PeerConnection;
import io.volrep.engine.rvg.DcmCopy;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.rvg.WritePath;
import io.volrep.engine.volume.DcmBitmap;

/**
 * Synchronizes a Secondary from the Primary's DCMs (autosync, resync after SRL overflow): sends every
 * dirty region of the RLINK's {@link DcmCopy} as a BLOCK while the application keeps writing and
 * marking regions, then switches the RLINK back to shipping from the SRL.
 *
 * <p>Why the copy is correct: writes mark their regions before they are logged. A pass clears a
 * region's bit, waits until every write that marked it so far is on the volumes, and only then reads the
 * region; a write submitted after the clear marks the bit again and the region is sent again. When no
 * bit is left, the copy's marks stop at an LSN L below which every write was marked; the last passes
 * send what writes racing the switch marked, and shipping resumes from L. An SRL overflow of the RLINK
 * after the switch (it holds the log from L) marks the copy again: it is drained and switched once more.
 * The Secondary is inconsistent until it has acknowledged the SRL up to where the last region was read.
 */
final class DcmSync {
    private static final Logger LOG = Logger.getLogger(DcmSync.class.getName());
    /** Adjacent dirty regions go out as one BLOCK of up to this many bytes (one read, one frame, one write). */
    private static final int RUN_BYTES = 1 << 20;
    /** Bytes read per pass between waits for the writes in progress. */
    private static final long BATCH_BYTES = 8L << 20;
    private static final long WINDOW_BYTES = 32L << 20;

    private final Rvg rvg;
    private final Rlink link;
    private final PeerConnection connection;
    private final WritePath wp;
    private final CompletableFuture<String> closed;
    private final DcmCopy copy;
    /** Blocks sent but not yet confirmed durable ("volume:offset:length"), with how many copies of each are under way. */
    private final ConcurrentHashMap<String, long[]> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong inFlightBytes = new AtomicLong();
    /** BLOCK frames of a whole run that the link has written, for the next runs (the link's writer returns them). */
    private final Queue<ByteBuffer> frames = new ConcurrentLinkedQueue<>();
    private final Object acks = new Object();
    private long sentBytes;

    DcmSync(Rvg rvg, Rlink link, PeerConnection connection, WritePath wp, CompletableFuture<String> closed) {
        this.rvg = rvg;
        this.link = link;
        this.connection = connection;
        this.wp = wp;
        this.closed = closed;
        this.copy = rvg.dcmCopy(link);
    }

    /** The Secondary made a block durable. Called on the connection's reader thread. */
    void blocked(int volume, long offset, int length) {
        // Every BLOCK sent gets exactly one BLOCKED, also when a region went out twice (marked again meanwhile).
        inFlightBytes.addAndGet(-length);
        inFlight.computeIfPresent(volume + ":" + offset + ":" + length, (k, b) -> --b[3] == 0 ? null : b);
        synchronized (acks) {
            acks.notifyAll();
        }
    }

    /** Runs the passes and the switch; returns L, where shipping from the SRL resumes, and the LSN after the last read. */
    long[] run() throws Exception {
        // The copy no longer marked: an earlier session switched to the SRL at the LSN the RLINK has held
        // since then, and lost its connection before the copy was confirmed. Writes since that switch are
        // only in the SRL, so shipping must resume there, not at a new switch point.
        long from = copy.marking() ? 0 : link.ackedLsn();
        long lastRead = wp.nextLsn();
        try {
            while (true) {
                List<long[]> batch = collect();
                if (batch.isEmpty()) {
                    awaitAcks(0);
                    if (!copy.marking() && remainingBytes() == 0) {
                        break;
                    }
                    if (copy.marking()) {
                        from = rvg.switchToSrl(link);
                        LOG.info(link + ": DCM drained; shipping from the SRL resumes at LSN " + from);
                    }
                    continue;
                }
                sendBatch(batch);
                lastRead = wp.nextLsn();
                connection.send(Wire.FLUSH, new byte[0]);
                awaitAcks(WINDOW_BYTES);
            }
        } catch (Exception e) {
            remarkInFlight();
            throw e;
        }
        LOG.info(link + ": synchronization copied " + (sentBytes >> 10) + " Kbytes");
        return new long[] {from, lastRead};
    }

    /** Runs of dirty regions of the copy ({volume, offset, length}), their bits cleared, up to one batch. */
    private List<long[]> collect() throws VolrepException {
        List<long[]> out = new ArrayList<>();
        long bytes = 0;
        for (int v = 0; v < rvg.record().dataVolumes().size() && bytes < BATCH_BYTES; v++) {
            DcmBitmap dcm = copy.map(v).orElse(null);
            if (dcm == null) {
                continue;
            }
            long size = rvg.dataDevice(v).size();
            long perRun = Math.max(1, RUN_BYTES / dcm.regionSize());
            for (long r = dcm.nextDirty(0); r >= 0 && bytes < BATCH_BYTES; r = dcm.nextDirty(r)) {
                long first = r;
                while (r - first < perRun && r < dcm.regions() && dcm.isDirty(r)) {
                    dcm.clear(r++);
                }
                long offset = first * dcm.regionSize();
                long length = Math.min(r * dcm.regionSize(), size) - offset;
                out.add(new long[] {v, offset, length});
                bytes += length;
            }
        }
        return out;
    }

    /**
     * Sends the regions of a batch once the writes before it are on the volumes. Their DCM bits are
     * already clear: a region not handed to the link when this fails is marked dirty again here (the
     * ones handed over are in flight and re-marked with them), or a cut link would lose it.
     */
    private void sendBatch(List<long[]> batch) throws Exception {
        int sent = 0;
        try {
            // Not wp.flush() alone: a write marks its region and is submitted under the RVG's submit
            // gate, so one that marked before the clear but is not yet queued would escape the flush.
            rvg.drainWrites().get(5, TimeUnit.MINUTES);
            for (long[] r : batch) {
                send((int) r[0], r[1], (int) r[2]);
                sent++;
            }
        } catch (Exception e) {
            for (long[] r : batch.subList(sent, batch.size())) {
                copy.map((int) r[0]).ifPresent(d -> d.mark(r[1], (int) r[2]));
            }
            throw e;
        }
    }

    private void send(int volume, long offset, int length) throws IOException, VolrepException {
        // Read straight into the frame: one buffer per block, not one to read into and one to send. Frames
        // of a whole run come back from the link once written: a fresh 1 MiB array per block (allocated
        // outside the young generation, zeroed, collected) took a twelfth of the Primary's CPU. They are
        // direct, with the data aligned, so that the volume's read lands in them as it is (also with
        // O_DIRECT, io.direct) and the link sends from them: no copy in the JVM on either side.
        ByteBuffer spare = length == RUN_BYTES ? frames.poll() : null;
        ByteBuffer frame = spare != null ? spare
                : length == RUN_BYTES ? runFrame() : ByteBuffer.allocate(Wire.BLOCK_HEADER + length);
        frame.clear().putInt(volume).putLong(offset);
        rvg.dataDevice(volume).read(offset, frame.duplicate());
        frame.rewind();
        inFlight.merge(volume + ":" + offset + ":" + length, new long[] {volume, offset, length, 1}, (old, x) -> {
            old[3]++;
            return old;
        });
        inFlightBytes.addAndGet(length);
        connection.send(Wire.BLOCK, frame, length == RUN_BYTES ? () -> frames.offer(frame) : null);
        sentBytes += length;
        link.synced(length);
    }

    /** A direct BLOCK frame for a whole run, its data (after the header) at an O_DIRECT-aligned address. */
    private static ByteBuffer runFrame() {
        int align = NativeBlockDevice.ALIGNMENT;
        return NativeBlockDevice.alignedBuffer(align + RUN_BYTES).position(align - Wire.BLOCK_HEADER).slice();
    }

    private void awaitAcks(long maxInFlight) throws IOException, InterruptedException {
        synchronized (acks) {
            while (inFlightBytes.get() > maxInFlight) {
                if (closed.isDone()) {
                    throw new IOException("connection closed during synchronization: " + closed.getNow("?"));
                }
                acks.wait(200);
            }
        }
    }

    /** Bytes still to send: dirty regions of the copy plus what is in flight. */
    long remainingBytes() {
        return inFlightBytes.get() + copy.remainingBytes();
    }

    /** A block the Secondary did not confirm is dirty again. */
    private void remarkInFlight() {
        for (long[] b : inFlight.values()) {
            copy.map((int) b[0]).ifPresent(d -> d.mark(b[1], b[2]));
        }
        inFlight.clear();
        inFlightBytes.set(0);
    }
}
