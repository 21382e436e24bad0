package io.volrep.engine.rvg;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.event.EventBus;
import io.volrep.engine.event.EventType;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.RlinkRecord;

/**
 * One RLINK at run time, on the Primary (pointing at a Secondary) or on a Secondary (pointing back
 * at its Primary): its persisted record (state, attributes, lasting flags) and what the link does
 * now (connected, how far the Secondary has acknowledged, writes waiting for a synchronous ack).
 * Persisted changes hold the disk group lock; run-time fields are volatile; waiter bookkeeping is
 * synchronized on the RLINK. Thread-safe.
 */
public final class Rlink {
    /** Flags that survive a restart (the rest are derived from run-time state). */
    public static final String INCONSISTENT = "inconsistent";
    public static final String AUTOSYNC = "autosync";
    public static final String DCM_LOGGING = "dcm_logging";
    public static final String PRIMARY_PAUSED = "primary_paused";
    public static final String SECONDARY_PAUSED = "secondary_paused";
    public static final String CANT_SYNC = "cant_sync";
    public static final String RESYNC_STARTED = "resync_started";
    /** The DCM logs because this RVG took the Primary role over with fast failback (cleared when the replay ends). */
    public static final String FAILBACK_LOGGING = "failback_logging";

    private final DiskGroup dg;
    private final EventBus events;
    private volatile RlinkRecord record;
    private volatile RlinkAttributes attributes;
    private volatile boolean connected;
    private volatile boolean syncActive;
    private volatile long ackedLsn;
    /** Primary: the network acknowledgement, at or above ackedLsn while a session runs. */
    private volatile long receivedLsn;
    private volatile long sentLsn;
    private volatile long lastUpdateTimestamp;
    private volatile long lastAckMillis;
    private volatile String lastError = "";
    private volatile boolean attaching;
    private volatile Runnable ackListener = () -> { };
    private final TreeMap<Long, List<CompletableFuture<Void>>> waiters = new TreeMap<>();
    /** Ranges of the log that carry no update (markers), from -> to, passed but not yet acknowledged past. */
    private final TreeMap<Long, Long> passed = new TreeMap<>();
    /**
     * Shipped, not yet acknowledged updates by end LSN: the Primary timestamp of each (for "behind by")
     * and when it was sent (System.nanoTime, for the round trip of its acknowledgement).
     */
    private final TreeMap<Long, long[]> shipped = new TreeMap<>();
    private volatile long ackedTimestamp;
    private final AtomicLong syncedBytes = new AtomicLong();
    private final AtomicLong syncCopied = new AtomicLong();
    private final RlinkCounters counters = new RlinkCounters();

    Rlink(DiskGroup dg, RlinkRecord record, EventBus events) throws VolrepException {
        this.dg = dg;
        this.events = events;
        this.record = record;
        this.attributes = RlinkAttributes.DEFAULTS.with(record.attributes());
    }

    public String name() {
        return record.name();
    }

    public RlinkRecord record() {
        return record;
    }

    public RlinkAttributes attributes() {
        return attributes;
    }

    public RlinkState state() {
        return RlinkState.valueOf(record.state());
    }

    public String remoteHost() {
        return record.remoteHost();
    }

    public boolean connected() {
        return connected;
    }

    public boolean consistent() {
        return !record.has(INCONSISTENT);
    }

    /** Primary: the Primary LSN just past the last update the Secondary holds durably. */
    public long ackedLsn() {
        return ackedLsn;
    }

    /**
     * Primary: the Primary LSN just past the last update the Secondary has received (its network
     * acknowledgement; spec/vvr-features.md 6.1): synchronous writes wait for this, not for durability
     * on the Secondary, whose data acknowledgement ({@link #ackedLsn()}) follows.
     */
    public long receivedLsn() {
        return Math.max(receivedLsn, ackedLsn);
    }

    public long sentLsn() {
        return sentLsn;
    }

    public long lastUpdateTimestamp() {
        return lastUpdateTimestamp;
    }

    public long lastAckMillis() {
        return lastAckMillis;
    }

    public String lastError() {
        return lastError;
    }

    /** Whether writes wait for this RLINK now: synchronous=fail always, override only while connected and caught up. */
    public boolean writesWait() {
        String mode = attributes.synchronous();
        return state() == RlinkState.ACTIVE && (mode.equals("fail") || mode.equals("override") && connected && syncActive);
    }

    /** The mode the link is in now, as repstatus prints it. */
    public String currentMode() {
        return writesWait() ? "synchronous" : "asynchronous";
    }

    /** The flags vxprint prints, by their documented names and in the product's order ({@link RlinkFlags}). */
    public List<String> flags() {
        return RlinkFlags.of(this);
    }

    // ---- persisted changes: caller holds the disk group lock ----

    /** Moves the utility state along the table and persists it. */
    public void moveTo(RlinkState next) throws IOException {
        RlinkRecord r = record.withState(state().moveTo(next).name());
        persist(r);
        if (next == RlinkState.STALE) {
            attaching = false;
        }
    }

    public void setFlag(String flag, boolean on) throws IOException {
        Set<String> f = new TreeSet<>(record.flags());
        boolean changed = on ? f.add(flag) : f.remove(flag);
        if (changed) {
            persist(record.withFlags(f));
        }
        if (on && flag.equals(DCM_LOGGING)) {
            attaching = false; // the DCM records what the Secondary needs now, not the SRL
        }
    }

    public void setAttributes(RlinkAttributes a) throws IOException {
        persist(record.withAttributes(a.words()));
        attributes = a;
    }

    public void setCheckpoint(String name) throws IOException {
        persist(record.withCheckpoint(name));
    }

    /** Primary: the RLINK (Secondary) checkpoints of this RLINK, oldest first. */
    public List<io.volrep.engine.volume.RlinkCheckpointRecord> checkpoints() {
        return record.checkpoints();
    }

    /** Primary: replaces the RLINK checkpoints (persisted first). */
    public void setCheckpoints(List<io.volrep.engine.volume.RlinkCheckpointRecord> list) throws IOException {
        persist(record.withCheckpoints(list));
    }

    private void persist(RlinkRecord r) throws IOException {
        dg.commit(dg.config().withRlink(r));
        record = r;
    }

    // ---- run-time state, driven by the replication sender or receiver ----

    /** The link to the peer came up or went down ({@code why} says how); publishes the change. */
    public void connected(boolean now, String why) {
        boolean was;
        boolean wasSync;
        synchronized (this) {
            was = connected;
            wasSync = syncActive;
            connected = now;
            if (!now) {
                syncActive = false;
            }
        }
        if (!now) {
            lastError = why;
            failWaiters(why);
        } else {
            lastError = "";
        }
        if (now && !was) {
            counters.reset();
            events.publish(EventType.RLK_CONNECT, record.rvg(), "RLINK " + name() + " connected to " + remoteHost());
        } else if (!now && was) {
            events.publish(EventType.RLK_DISCONNECT, record.rvg(), "RLINK " + name() + " disconnected from " + remoteHost()
                    + (why.isEmpty() ? "" : ": " + why));
            if (wasSync && attributes.synchronous().equals("override")) {
                events.publish(EventType.REPMODE_ASYNC, record.rvg(), "RLINK " + name() + " to " + remoteHost()
                        + " fell back to asynchronous replication while disconnected");
            }
        }
    }

    /**
     * An attach is under way from {@code lsn}: the SRL keeps records from there on although the RLINK
     * is still detached, until it is ACTIVE and its sender has connected.
     */
    public void attaching(long lsn) {
        ackedLsn = lsn;
        receivedLsn = lsn;
        sentLsn = lsn;
        attaching = true;
    }

    /** An attach announced with {@link #attaching} did not happen: the SRL no longer keeps records for it. */
    public void attachAbandoned() {
        attaching = false;
    }

    /**
     * Whether the SRL must keep records from {@link #ackedLsn()} on for this RLINK. While it copies
     * from the DCMs it holds nothing (the DCMs record what it needs) until the switch back to the
     * SRL marks it attaching.
     */
    public boolean holdsSrl() {
        if (attaching) {
            return true;
        }
        if (dcmMode()) {
            return false;
        }
        RlinkState s = state();
        return s == RlinkState.ACTIVE || s == RlinkState.PAUSE || attaching;
    }

    public void resumedAt(long lsn) {
        attaching = false;
        synchronized (this) {
            shipped.clear();
            passed.clear();
        }
        counters.resending(lsn, sentLsn);
        ackedLsn = lsn;
        receivedLsn = lsn;
        sentLsn = lsn;
    }

    /** Primary: an update of {@code bytes} that ends at {@code endLsn} went to the Secondary. */
    public void sent(long endLsn, int bytes) {
        sentLsn = endLsn;
        counters.sent(endLsn, bytes);
    }

    /** What replication did on this RLINK since it last connected. */
    public RlinkCounters counters() {
        return counters;
    }

    public void updateTimestamp(long millis) {
        lastUpdateTimestamp = millis;
    }

    /** Primary: a synchronization copied {@code bytes} more to the Secondary. */
    public void synced(long bytes) {
        syncedBytes.addAndGet(bytes);
        syncCopied.addAndGet(bytes);
        counters.synced(bytes);
    }

    /** Primary: a synchronization from the DCMs begins (its progress counts from zero). */
    public void syncStarted() {
        syncCopied.set(0);
    }

    /** Bytes the synchronization under way (or the last one) has copied. */
    public long syncCopiedBytes() {
        return syncCopied.get();
    }

    /** Bytes copied by synchronizations since the daemon started. */
    public long syncedBytes() {
        return syncedBytes.get();
    }

    /** Whether this RLINK's writes are recorded in the DCM (autosync, or after an SRL overflow) instead of shipped from the SRL. */
    public boolean dcmMode() {
        return record.has(DCM_LOGGING);
    }

    /** Whether the DCM is being copied to the Secondary now (autosync, or {@code vradmin resync}). */
    public boolean dcmCopying() {
        return dcmMode() && (record.has(AUTOSYNC) || record.has(RESYNC_STARTED));
    }

    /** Primary: an update that ends at {@code endLsn}, written at {@code millis}, was shipped. */
    public synchronized void shipped(long endLsn, long millis) {
        lastUpdateTimestamp = millis;
        if (shipped.size() < 1_000_000) {
            shipped.put(endLsn, new long[] {millis, System.nanoTime()});
        }
    }

    /** The Primary timestamp of the newest update the Secondary has acknowledged. */
    public long ackedTimestamp() {
        return ackedTimestamp;
    }

    /**
     * Primary: the sender passed records {@code [from, to)} that carry no update (checkpoint markers):
     * once the Secondary holds everything below {@code from} it holds everything below {@code to}, so a
     * Secondary is up to date although markers are not shipped.
     */
    public void passed(long from, long to) {
        synchronized (this) {
            if (sentLsn == from) {
                sentLsn = to;
            }
            passed.put(from, to);
        }
        advance(ackedLsn, Long.MAX_VALUE);
    }

    /** The Secondary has received every update below {@code lsn}; completes the writes waiting for it. */
    public void received(long lsn) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        synchronized (this) {
            if (lsn <= receivedLsn) {
                return;
            }
            receivedLsn = lsn;
            completeWaiters(lsn, done);
        }
        done.forEach(f -> f.complete(null));
    }

    private void completeWaiters(long lsn, List<CompletableFuture<Void>> into) {
        Iterator<Map.Entry<Long, List<CompletableFuture<Void>>>> it = waiters.headMap(lsn, true).entrySet().iterator();
        while (it.hasNext()) {
            into.addAll(it.next().getValue());
            it.remove();
        }
    }

    /** The Secondary holds every update below {@code lsn} durably; wakes the writes waiting for it. */
    public void acked(long lsn, long durableLsn) {
        lastAckMillis = System.currentTimeMillis();
        advance(lsn, durableLsn);
    }

    private void advance(long lsn, long durableLsn) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        boolean nowSync = false;
        synchronized (this) {
            for (Long to; (to = passed.remove(lsn)) != null; ) {
                lsn = to;
            }
            passed.headMap(lsn).clear();
            if (lsn > ackedLsn) {
                ackedLsn = lsn;
            }
            Map.Entry<Long, long[]> newest = shipped.floorEntry(lsn);
            if (newest != null) {
                ackedTimestamp = newest.getValue()[0];
            }
            counters.acked(newest == null ? -1 : System.nanoTime() - newest.getValue()[1]);
            shipped.headMap(lsn, true).clear();
            completeWaiters(lsn, done);
            if (!syncActive && lsn >= durableLsn) {
                syncActive = true;
                nowSync = connected && attributes.synchronous().equals("override");
            }
        }
        done.forEach(f -> f.complete(null));
        if (nowSync) {
            events.publish(EventType.REPMODE_SYNC, record.rvg(), "RLINK " + name() + " to " + remoteHost()
                    + " replicates synchronously (caught up)");
        }
        ackListener.run();
    }

    /** Runs {@code listener} after each acknowledgement (latency protection wakes stalled writers). */
    void onAck(Runnable listener) {
        ackListener = listener;
    }

    /** A future that completes when the Secondary has received everything below {@code endLsn}. */
    public CompletableFuture<Void> whenReceived(long endLsn) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (this) {
            if (receivedLsn() >= endLsn) {
                f.complete(null);
                return f;
            }
            if (!connected) {
                // The link dropped after the write chose to wait: override goes asynchronous (the write is
                // durable here and ships later), fail fails it.
                if (attributes.synchronous().equals("fail")) {
                    f.completeExceptionally(disconnectedError());
                } else {
                    f.complete(null);
                }
                return f;
            }
            waiters.computeIfAbsent(endLsn, k -> new ArrayList<>()).add(f);
        }
        return f;
    }

    public VolrepException disconnectedError() {
        return new VolrepException(ErrorCode.REPLICATION_DISCONNECTED, "RLINK " + name() + " to " + remoteHost()
                + " is disconnected and synchronous=fail: writes fail until it reconnects"
                + (lastError.isEmpty() ? "" : " (" + lastError + ")"));
    }

    private void failWaiters(String why) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        synchronized (this) {
            waiters.values().forEach(all::addAll);
            waiters.clear();
        }
        // override falls back to asynchronous: the writes are durable here and will be shipped later.
        boolean fail = attributes.synchronous().equals("fail");
        for (CompletableFuture<Void> f : all) {
            if (fail) {
                f.completeExceptionally(new VolrepException(ErrorCode.REPLICATION_DISCONNECTED, "RLINK " + name() + " lost its connection to "
                        + remoteHost() + " (" + why + ") before the write was acknowledged"));
            } else {
                f.complete(null);
            }
        }
    }

    @Override
    public String toString() {
        return "RLINK " + dg.name() + "/" + name() + " to " + remoteHost();
    }
}
