package io.volrep.engine.rvg.replication;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.event.EventType;
import io.volrep.engine.link.FrameHandler;
import io.volrep.engine.link.PeerConnection;
import io.volrep.engine.peer.Peers;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.rvg.WritePath;
import io.volrep.engine.srl.RecordType;
import io.volrep.engine.srl.Srl;
import io.volrep.engine.srl.SrlMarker;
import io.volrep.engine.srl.SrlReader;
import io.volrep.engine.srl.SrlRecord;

/**
 * Ships one Primary RLINK's updates to its Secondary: one thread that connects (and reconnects with
 * a back-off), learns where the Secondary's log ends, and streams SRL records from there in LSN order,
 * never more than {@link #WINDOW} bytes ahead of the Secondary's acknowledgements. Acknowledgements
 * arrive on the connection's reader thread and move the RLINK's acknowledged LSN, which frees SRL space
 * and releases synchronous writes.
 */
final class RlinkSender {
    private static final Logger LOG = Logger.getLogger(RlinkSender.class.getName());
    static final long WINDOW = 16L << 20;
    private static final long RESUME_TIMEOUT_SECONDS = 30;
    private static final long IDLE_MILLIS = 200;
    private static final long MAX_BACKOFF_MILLIS = 5000;
    /**
     * An asynchronous RLINK that has shipped everything sleeps this long after new updates appear, so that
     * those of the next group commits cross with them in one batch: each wake-up of the sender, the link's
     * threads and the Secondary's log and applier costs both hosts CPU, paid once per batch instead of once
     * per group commit (docs/BENCHMARKS.md, session 10). Nothing waits for an asynchronous Secondary. A sleep,
     * not a wait on the log: every group commit would wake a waiting sender.
     */
    static final long LINGER_NANOS = 1_000_000;

    private final Rvg rvg;
    private final Rlink link;
    private final Peers peers;
    private final Thread thread;
    private final Object window = new Object();
    private volatile boolean running = true;
    private volatile PeerConnection connection;
    private volatile DcmSync sync;
    private volatile long consistentAt = -1;
    /** What the Secondary said about its consistency when the session began (RESUME). */
    private volatile boolean secondaryConsistent;
    /** The checkpoint whose end marker the stream is waiting for (attach at a checkpoint), or null. */
    private volatile String checkpointEnd;

    RlinkSender(Rvg rvg, Rlink link, Peers peers) {
        this.rvg = rvg;
        this.link = link;
        this.peers = peers;
        this.thread = new Thread(this::run, "rlink-sender " + rvg.diskGroup().name() + "/" + link.name());
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Rlink link() {
        return link;
    }

    /** Ends the current session (e.g. after a pause); the thread reconnects if the RLINK is still ACTIVE. */
    void kick(String why) {
        PeerConnection c = connection;
        if (c != null) {
            c.close(why);
        }
        thread.interrupt();
    }

    /** Gives the running session (if any) the RLINK's bandwidth limit and compression as they are now. */
    void applyAttributes() {
        PeerConnection c = connection;
        if (c != null) {
            applyAttributes(c);
        }
    }

    private void applyAttributes(PeerConnection c) {
        c.setBandwidthLimit(link.attributes().bandwidthBitsPerSecond() / 8);
        c.setCompression(link.attributes().compression());
    }

    /** Stops the thread and closes the connection; returns when the thread has ended. */
    void stop() {
        running = false;
        kick("RVG stopping");
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long backoff = 100;
        while (running) {
            try {
                if (link.state() != RlinkState.ACTIVE || rvg.writePath().isEmpty() || link.dcmMode() && !link.dcmCopying()) {
                    sleep(IDLE_MILLIS);
                    continue;
                }
                session(rvg.writePath().get());
                backoff = 100;
            } catch (InterruptedException e) {
                Thread.interrupted();
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                LOG.log(e instanceof RuntimeException ? Level.WARNING : Level.INFO,
                        link + ": " + e.getMessage() + "; retrying in " + backoff + " ms",
                        e instanceof RuntimeException ? e : null);
                markDisconnected(e.getMessage());
                try {
                    sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.interrupted();
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            } finally {
                PeerConnection c = connection;
                connection = null;
                if (c != null) {
                    c.close("session ended");
                    if (link.connected()) {
                        link.connected(false, ""); // the RLINK left ACTIVE or went to the DCM: not an error
                    }
                }
            }
        }
        markDisconnected("stopped");
    }

    private void markDisconnected(String why) {
        if (link.connected()) {
            LOG.info(link + " disconnected: " + why);
        }
        link.connected(false, String.valueOf(why));
    }

    /** One connection: handshake, resume point, then stream until the link or the RLINK state ends it. */
    private void session(WritePath wp) throws Exception {
        Srl srl = wp.srl();
        CompletableFuture<Long> resume = new CompletableFuture<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        String channel = ReplicationService.channel(link.record().remoteDg(), link.record().remoteRvg());
        PeerConnection c = peers.connect(link.remoteHost(), channel,
                Map.of("rlink", link.name(), "remote-rlink", link.record().remoteRlink()), new FrameHandler() {
                    @Override
                    public void onFrame(PeerConnection conn, int type, byte[] payload) throws Exception {
                        if (type == Wire.RESUME) {
                            java.io.DataInputStream in = Wire.in(payload);
                            long at = in.readLong();
                            secondaryConsistent = in.readBoolean();
                            resume.complete(at);
                        } else if (type == Wire.BLOCKED) {
                            java.io.DataInputStream in = Wire.in(payload);
                            DcmSync s = sync;
                            if (s != null) {
                                s.blocked(in.readInt(), in.readLong(), in.readInt());
                            }
                        } else if (type == Wire.RECEIVED) {
                            link.received(Wire.in(payload).readLong());
                        } else if (type == Wire.ACK) {
                            long lsn = Wire.in(payload).readLong();
                            link.acked(lsn, srl.durableLsn());
                            synchronized (window) {
                                window.notifyAll();
                            }
                        } else {
                            throw new IOException("unexpected message type " + type + " from the Secondary");
                        }
                    }

                    @Override
                    public void onClose(PeerConnection conn, String reason) {
                        resume.completeExceptionally(new IOException("connection closed: " + reason));
                        closed.complete(reason);
                        synchronized (window) {
                            window.notifyAll();
                        }
                    }
                });
        connection = c;
        link.counters().linkFigures(ConnectionFigures.of(c));
        applyAttributes(c);
        c.send(Wire.START, Wire.start("srl", 0));
        long from;
        try {
            from = resume.get(RESUME_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IOException("the Secondary did not say where its log ends within " + RESUME_TIMEOUT_SECONDS + "s");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
        if (link.dcmCopying()) {
            from = synchronize(wp, c, closed);
        } else {
            if (from > srl.durableLsn()) {
                throw new VolrepException(ErrorCode.WRONG_STATE, "the Secondary holds updates up to LSN " + from
                        + " but this Primary's log ends at " + srl.durableLsn() + ": the RVGs do not belong together");
            }
            if (from < srl.tailLsn()) {
                throw new VolrepException(ErrorCode.WRONG_STATE, "the Secondary needs updates from LSN " + from
                        + " that the SRL no longer holds (tail " + srl.tailLsn() + "): resynchronize it (vradmin stoprep, then startrep -a)");
            }
            link.resumedAt(from);
            link.connected(true, "");
            consistencyGoal(from, srl);
            if (secondaryConsistent != link.consistent()) {
                // The Secondary missed the last STATE (it died before making it durable): this side decides.
                c.send(Wire.STATE, Wire.state(link.consistent()));
            }
        }
        LOG.info(link + " connected; shipping from LSN " + from);
        stream(srl, srl.reader(from), c, closed);
    }

    /**
     * Copies the dirty regions of the DCMs, then tells the Secondary where the SRL stream takes over;
     * returns that LSN. The Secondary becomes consistent once it acknowledges what the copy read.
     */
    private long synchronize(WritePath wp, PeerConnection c, CompletableFuture<String> closed) throws Exception {
        link.connected(true, "");
        link.syncStarted();
        DcmSync s = new DcmSync(rvg, link, c, wp, closed);
        sync = s;
        long[] result;
        try {
            result = s.run();
        } finally {
            sync = null;
        }
        long from = result[0];
        link.attaching(from);
        c.send(Wire.FROM, Wire.ack(from));
        boolean resync = link.record().has(Rlink.RESYNC_STARTED);
        rvg.diskGroup().lock().lock();
        try {
            if (!rvg.dcmCopyMayEnd(link)) {
                throw new IOException("the SRL overflowed again while the copy switched back to it: copying what it marked");
            }
            // The copy, not a checkpoint's end, decides when the Secondary is consistent from now on; the
            // name goes first, so a crash before the DCM flag clears finds the RLINK still copying.
            link.setCheckpoint("");
            link.setFlag(Rlink.DCM_LOGGING, false);
            link.setFlag(Rlink.RESYNC_STARTED, false);
            link.setFlag(Rlink.FAILBACK_LOGGING, false);
            rvg.dcmCopyEnds(link);
        } finally {
            rvg.diskGroup().lock().unlock();
        }
        // Only now: the RLINK holds the SRL from the switch as "attaching" until it is out of DCM mode.
        link.resumedAt(from);
        if (resync) {
            rvg.events().publish(EventType.SRLPROT_DCM_OFF, rvg.name(), "RLINK " + link.name()
                    + " replayed its DCM and ships from the SRL again");
        }
        consistentAt = result[1];
        return from;
    }

    /**
     * What an inconsistent RLINK shipping from the SRL waits for before it is consistent again. Attached at a
     * checkpoint ({@code startrep -c}): every update logged before the checkpoint's end marker; the stream
     * finds that marker (markers are not shipped: the Secondary acknowledges updates only), and a Secondary
     * that already holds an update beyond it (a session after a restart) is consistent at once. After a DCM
     * copy (autosync, resync, fbsync; {@link #synchronize} clears the checkpoint name at its switch): the
     * SRL position its last pass read at; when this daemon restarted since, that position is lost, but the
     * pass read below the log's end now, so the end is a goal the Secondary reaching it makes consistent.
     */
    private void consistencyGoal(long from, Srl srl) {
        checkpointEnd = null;
        if (link.consistent() || link.dcmMode()) {
            return;
        }
        String name = link.record().checkpoint();
        if (name.isEmpty()) {
            if (consistentAt < 0) {
                consistentAt = srl.durableLsn();
                LOG.info(link + ": synchronized before a restart; consistent once the Secondary holds LSN " + consistentAt);
            }
            return;
        }
        consistentAt = -1; // an earlier synchronization's goal says nothing about this attach
        if (rvg.checkpoint(name).filter(c -> c.ended() && from > c.endLsn()).isPresent()) {
            consistentAt = from;
        } else {
            checkpointEnd = name;
        }
    }

    /** The stream passed a marker: the attach checkpoint's end makes the updates shipped so far the goal. */
    private void passed(SrlRecord r) {
        if (checkpointEnd == null || r.type() != RecordType.CHECKPOINT_END) {
            return;
        }
        if (SrlMarker.of(r).filter(m -> m.name().equals(checkpointEnd)).isPresent()) {
            consistentAt = link.sentLsn();
            checkpointEnd = null;
            LOG.info(link + ": checkpoint end reached in the stream; consistent once the Secondary holds LSN " + consistentAt);
        }
    }

    /** After a synchronization: once the Secondary holds everything the copy read, it is consistent again. */
    private void checkConsistent(PeerConnection c) throws IOException {
        long at = consistentAt;
        if (at < 0 || link.consistent() || link.ackedLsn() < at) {
            return;
        }
        rvg.diskGroup().lock().lock();
        try {
            link.setFlag(Rlink.INCONSISTENT, false);
            link.setFlag(Rlink.AUTOSYNC, false);
        } finally {
            rvg.diskGroup().lock().unlock();
        }
        consistentAt = -1;
        c.send(Wire.STATE, Wire.state(true));
        LOG.info(link + ": synchronization complete; the Secondary is consistent");
        rvg.events().publish(EventType.RESYNC_STOPPED, rvg.name(), "synchronization of " + link.remoteHost()
                + " over RLINK " + link.name() + " is complete; the Secondary is consistent");
    }

    private void stream(Srl srl, SrlReader reader, PeerConnection c, CompletableFuture<String> closed)
            throws VolrepException, IOException, InterruptedException {
        long lastTail = System.nanoTime();
        while (running && !closed.isDone() && link.state() == RlinkState.ACTIVE && !link.dcmMode()) {
            checkConsistent(c);
            SrlRecord r = reader.next();
            if (r == null) {
                if (srl.awaitDurable(reader.position(), IDLE_MILLIS) && lingers()) {
                    LockSupport.parkNanos(LINGER_NANOS);
                }
                if (System.nanoTime() - lastTail > 1_000_000_000L) {
                    srl.persistTail();
                    lastTail = System.nanoTime();
                }
                continue;
            }
            if (r.type() != RecordType.DATA) {
                passed(r);
                link.passed(r.lsn(), r.endLsn());
                c.send(Wire.PASSED, Wire.passed(r.lsn(), r.endLsn()));
                continue;
            }
            awaitWindow(closed);
            byte[] msg = Wire.update(r.endLsn(), r.volumeIndex(), r.volumeOffset(), r.timestampMillis(), r.data());
            c.send(Wire.UPDATE, msg);
            link.sent(r.endLsn(), r.data().remaining());
            link.shipped(r.endLsn(), r.timestampMillis());
        }
        if (closed.isDone()) {
            throw new IOException("connection closed: " + closed.getNow("?"));
        }
        if (link.dcmMode()) {
            LOG.info(link + ": writes now go to the DCM; shipping stops until vradmin resync");
        }
    }

    /**
     * Whether the stream may hold updates back to batch them: not when a write waits for this Secondary
     * (synchronous, or override catching up to become so) or counts what it owes (latencyprot).
     */
    private boolean lingers() {
        return link.attributes().synchronous().equals("off") && link.attributes().latencyprot().equals("off");
    }

    /** Flow control: waits while more than {@link #WINDOW} bytes are unacknowledged, and counts the wait. */
    private void awaitWindow(CompletableFuture<String> closed) throws InterruptedException {
        synchronized (window) {
            if (link.sentLsn() - link.ackedLsn() <= WINDOW) {
                return;
            }
            long start = System.nanoTime();
            while (link.sentLsn() - link.ackedLsn() > WINDOW && !closed.isDone() && running) {
                window.wait(IDLE_MILLIS);
            }
            link.counters().windowDelay(System.nanoTime() - start);
        }
    }

    private static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
