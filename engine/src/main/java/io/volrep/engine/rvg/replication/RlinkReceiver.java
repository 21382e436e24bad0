package io.volrep.engine.rvg.replication;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.link.FrameHandler;
import io.volrep.engine.link.PeerConnection;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.rvg.WritePath;
import io.volrep.engine.volume.RvgRecord;

/**
 * The Secondary's end of one RLINK connection: says where its log ends, then logs every update the
 * Primary sends to its own SRL (durably) and applies it to its data volumes in the Primary's order,
 * acknowledging each update twice: RECEIVED once it is queued for the log (from the connection's
 * reader thread, where all of this runs), and ACK once it is durable (from the write path's completion
 * threads). Both are cumulative and answer bursts: RECEIVED when the reader has handled what arrived
 * (or every {@link #RECEIVED_EVERY_BYTES} of a long burst), ACK with at most one queued at a time.
 * Synchronization blocks go to the RVG's {@link BlockWrites}; every other message waits for the blocks
 * before it to be written.
 */
final class RlinkReceiver implements FrameHandler {
    private static final Logger LOG = Logger.getLogger(RlinkReceiver.class.getName());

    /** The most a long burst of updates receives before it is acknowledged as received. */
    static final long RECEIVED_EVERY_BYTES = 256 * 1024;

    private final Rvg rvg;
    private final Rlink link;
    private final AtomicLong lastAcked = new AtomicLong();
    private final AtomicBoolean ackQueued = new AtomicBoolean();
    private final Runnable onClosed;
    private final BlockWrites blocks;
    /** The end of the newest update queued for the log, and the newest end RECEIVED said (reader thread only). */
    private long receivedEnd;
    private long receivedSaid;
    private long receivedBytes;
    /** This connection as the block writer sees it; one object per connection (its identity counts). */
    private BlockWrites.Sender sender;

    RlinkReceiver(Rvg rvg, Rlink link, BlockWrites blocks, Runnable onClosed) {
        this.rvg = rvg;
        this.link = link;
        this.blocks = blocks;
        this.onClosed = onClosed;
    }

    /** A BLOCK's bytes are copied by {@link BlockWrites#write} before onBorrowed returns. */
    @Override
    public boolean borrows(int type) {
        return type == Wire.BLOCK;
    }

    @Override
    public void onBorrowed(PeerConnection c, int type, ByteBuffer payload) throws Exception {
        WritePath wp = writePath();
        if (type != Wire.BLOCK) {
            throw new IOException("unexpected message type " + type + " from the Primary");
        }
        block(c, wp, payload);
    }

    private void block(PeerConnection c, WritePath wp, ByteBuffer payload) throws IOException, VolrepException {
        int volume = payload.getInt();
        long offset = payload.getLong();
        blocks.write(sender(c), wp::flush, volume, offset, payload);
    }

    private WritePath writePath() throws IOException {
        if (!RvgRecord.SECONDARY.equals(rvg.record().role())) {
            throw new IOException("RVG " + rvg.name() + " is no longer a Secondary (" + rvg.record().role() + ")");
        }
        return rvg.writePath().orElseThrow(() -> new IOException("RVG " + rvg.name() + " is not started on "
                + "the Secondary: start it with vxrvg -g " + rvg.diskGroup().name() + " start " + rvg.name()));
    }

    @Override
    public void onFrame(PeerConnection c, int type, byte[] payload) throws Exception {
        WritePath wp = writePath();
        if (type != Wire.FLUSH) { // BLOCK comes borrowed, to onBorrowed
            blocks.awaitWritten();
        }
        switch (type) {
            case Wire.START -> {
                long from = wp.sourceEnd();
                lastAcked.set(from);
                c.send(Wire.RESUME, Wire.resume(from, link.consistent()));
                link.counters().linkFigures(ConnectionFigures.of(c));
                link.connected(true, "");
                link.resumedAt(from);
                LOG.info(link + " connected; the Primary resumes at LSN " + from);
            }
            case Wire.UPDATE -> update(c, wp, payload);
            case Wire.FLUSH -> blocks.flush(sender(c));
            case Wire.FROM -> {
                long from = Wire.in(payload).readLong();
                wp.startFrom(from);
                lastAcked.accumulateAndGet(from, Math::max);
            }
            case Wire.PASSED -> {
                DataInputStream in = Wire.in(payload);
                passed(c, wp, in.readLong(), in.readLong());
            }
            case Wire.STATE -> {
                boolean consistent = payload.length > 0 && payload[0] != 0;
                rvg.diskGroup().lock().lock();
                try {
                    link.setFlag(Rlink.INCONSISTENT, !consistent);
                } finally {
                    rvg.diskGroup().lock().unlock();
                }
            }
            default -> throw new IOException("unexpected message type " + type + " from the Primary");
        }
    }

    private void update(PeerConnection c, WritePath wp, byte[] payload) throws IOException, VolrepException {
        DataInputStream in = Wire.in(payload);
        long end = in.readLong();
        int volume = in.readInt();
        long offset = in.readLong();
        long timestamp = in.readLong();
        ByteBuffer data = ByteBuffer.wrap(payload, Wire.UPDATE_HEADER, payload.length - Wire.UPDATE_HEADER).slice();
        if (end <= wp.sourceEnd() && end <= lastAcked.get()) {
            return; // a resent update this Secondary already holds
        }
        link.counters().received(data.remaining());
        long start = System.nanoTime();
        int length = data.remaining();
        try {
            rvg.detachedWrites().replicated(link, () -> wp.writeReplicated(volume, offset, data, timestamp, end)).whenComplete((lsn, err) -> {
                if (err != null) {
                    c.close("the Secondary could not log an update: " + err.getMessage());
                    return;
                }
                rvg.dataVolume(volume).ifPresent(v -> v.io().wrote(length, System.nanoTime() - start));
                link.updateTimestamp(timestamp);
                if (lastAcked.accumulateAndGet(end, Math::max) == end) {
                    acknowledge(c);
                }
            });
            // The network acknowledgement: queued for the log, in order; synchronous writes on the
            // Primary complete on it (onDrained sends it). The Primary keeps the update in its SRL until
            // the ACK above.
            receivedEnd = end;
            receivedBytes += length;
            if (receivedBytes >= RECEIVED_EVERY_BYTES) {
                sayReceived(c);
            }
        } catch (VolrepException e) {
            if (e.code() == ErrorCode.WRONG_STATE) {
                throw e;
            }
            throw new VolrepException(ErrorCode.SIZE_MISMATCH, "update for volume " + volume + " at " + offset
                    + " does not fit the Secondary's volumes: " + e.getMessage(), e);
        }
    }

    /**
     * Queues an ACK unless one is queued already: the queued one says the newest {@link #lastAcked} when
     * it goes out, so a burst of updates applied while it waited costs one frame, not one each. The flag
     * is cleared before the value is read: an update completed after the read finds it clear and queues
     * another.
     */
    private void acknowledge(PeerConnection c) {
        if (!ackQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            c.sendLater(Wire.ACK, () -> {
                ackQueued.set(false);
                return ByteBuffer.wrap(Wire.ack(lastAcked.get()));
            });
        } catch (IOException e) {
            // the connection is gone; the Primary resends from our log's end on reconnect
        }
    }

    @Override
    public void onDrained(PeerConnection c) throws IOException {
        if (receivedEnd > receivedSaid) {
            sayReceived(c);
        }
    }

    private void sayReceived(PeerConnection c) throws IOException {
        c.send(Wire.RECEIVED, Wire.ack(receivedEnd));
        receivedSaid = receivedEnd;
        receivedBytes = 0;
    }

    /**
     * The Primary's log holds no update in [from, to): once every update received so far is durable and
     * applied here, and this Secondary holds the log below {@code from}, it durably holds the log below
     * {@code to}. Off the applier's thread: the resume point is persisted with the SRL header. Not after
     * this session ended: an attach at a checkpoint may have reset the resume point since.
     */
    private void passed(PeerConnection c, WritePath wp, long from, long to) {
        wp.flush().thenRunAsync(() -> {
            try {
                if (c.isOpen() && wp.sourceEnd() >= from) {
                    wp.startFrom(to);
                }
            } catch (IOException e) {
                c.close("the Secondary could not record its resume point: " + e.getMessage());
            }
        });
    }

    private BlockWrites.Sender sender(PeerConnection c) {
        if (sender == null) {
            sender = BlockWrites.Sender.of(c);
        }
        return sender;
    }

    @Override
    public void onClose(PeerConnection c, String reason) {
        onClosed.run();
        link.connected(false, reason);
        LOG.info(link + " disconnected: " + reason);
    }
}
