package io.volrep.engine.rvg;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.srl.SrlRecord;
import io.volrep.engine.volume.RvgRecord;
import io.volrep.engine.volume.TransferRecord;

/**
 * The application writes of one started RVG: the checks that refuse them (not the Primary, a role
 * transfer, synchronous=fail while disconnected, a full SRL with srlprot=fail), latency protection,
 * DCM marking, the split into SRL records, and the wait for synchronous RLINKs. Writes hold the submit gate shared while they
 * check and submit; whoever must see no write between a check and a change (DCM logging stopping, a
 * role transfer freezing writes) holds it alone. Thread-safe.
 */
final class RvgWrites {
    private final Rvg rvg;
    private final SrlOverflow overflow;
    private final LatencyProtection latency;
    private final ReentrantReadWriteLock submitGate = new ReentrantReadWriteLock();

    RvgWrites(Rvg rvg, SrlOverflow overflow, LatencyProtection latency) {
        this.rvg = rvg;
        this.overflow = overflow;
        this.latency = latency;
    }

    /** Why application writes are refused by the RVG's role now, if they are. */
    static Optional<String> refusal(Rvg rvg) {
        RvgRecord r = rvg.record();
        Optional<TransferRecord> frozen = r.transfer().filter(t -> t.has(TransferRecord.FREEZE));
        if (frozen.isPresent() && rvg.isPrimary()) {
            TransferRecord t = frozen.get();
            return Optional.of("RVG " + rvg.name() + (t.is(TransferRecord.MIGRATE) ? " is being migrated to " + t.peer()
                    + ": applications write there once the migration ends" : " was taken over by " + t.peer()
                    + ": applications write there"));
        }
        if (RvgRecord.ACTING_SECONDARY.equals(r.role())) {
            return Optional.of("RVG " + rvg.name() + " is an acting Secondary: " + r.transfer().map(TransferRecord::peer)
                    .orElse("another host") + " took over the Primary role; applications write there (vradmin fbsync makes"
                    + " this host its Secondary)");
        }
        if (!rvg.isPrimary()) {
            return Optional.of("RVG " + rvg.name() + " is a Secondary and is written by replication only");
        }
        return Optional.empty();
    }

    /** Runs {@code body} with no write between its start and its end (the gate held alone). */
    long exclusive(LongSupplier body) {
        submitGate.writeLock().lock();
        try {
            return body.getAsLong();
        } finally {
            submitGate.writeLock().unlock();
        }
    }

    CompletableFuture<Void> write(WritePath wp, int volumeIndex, long offset, ByteBuffer data) {
        for (Rlink l : rvg.rlinkValues()) {
            if (rvg.isPrimary() && l.state() == RlinkState.ACTIVE && l.attributes().synchronous().equals("fail") && !l.connected()) {
                return CompletableFuture.failedFuture(l.disconnectedError());
            }
        }
        if (overflow.failWrites()) {
            return CompletableFuture.failedFuture(new VolrepException(ErrorCode.REPLICATION_DISCONNECTED, "the SRL of RVG "
                    + rvg.name() + " is full for a disconnected Secondary with srlprot=fail: writes fail until it reconnects"));
        }
        if (rvg.isPrimary()) {
            try {
                latency.admit();
            } catch (VolrepException e) {
                return CompletableFuture.failedFuture(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(e);
            }
        }
        submitGate.readLock().lock();
        try {
            Optional<String> no = refusal(rvg);
            if (no.isPresent()) {
                return CompletableFuture.failedFuture(new VolrepException(ErrorCode.WRONG_STATE, no.get()));
            }
            if (rvg.dcmLogging()) {
                rvg.markDcm(volumeIndex, offset, data.remaining());
            }
            return submit(wp, volumeIndex, offset, data);
        } finally {
            submitGate.readLock().unlock();
        }
    }

    private CompletableFuture<Void> submit(WritePath wp, int volumeIndex, long offset, ByteBuffer data) {
        // An SRL record holds at most a quarter of the log; a larger application write becomes
        // several records in a row. Like a large write to a disk, it is only whole once acknowledged.
        int max = (int) Math.min(Integer.MAX_VALUE, wp.srl().geometry().maxDataLength());
        @SuppressWarnings("unchecked")
        CompletableFuture<Long>[] parts = new CompletableFuture[(data.remaining() + max - 1) / max];
        long[] ends = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                ByteBuffer piece = data.duplicate();
                piece.position(data.position() + i * max).limit(Math.min(data.limit(), data.position() + (i + 1) * max));
                int len = piece.remaining();
                int k = i;
                parts[i] = wp.write(volumeIndex, offset + (long) i * max, piece.slice())
                        .thenApply(lsn -> ends[k] = lsn + SrlRecord.encodedSize(len));
            }
        } catch (VolrepException e) {
            return CompletableFuture.failedFuture(e);
        }
        int length = data.remaining();
        CompletableFuture<Void> logged = CompletableFuture.allOf(parts).whenComplete((x, err) -> {
            if (err == null && rvg.isPrimary()) {
                latency.logged(java.util.Arrays.stream(ends).max().orElse(0));
            }
            if (err == null && rvg.dcmLogging()) {
                // Marked again on completion: DCM logging may have begun (SRL overflow) after this
                // write was submitted, when the scan of the log had already passed it.
                rvg.markDcm(volumeIndex, offset, length);
            }
            if (err != null) {
                // Handled on a thread of its own: this callback may run on the write path's own threads.
                Thread t = new Thread(() -> rvg.ioFailed(wp, err), "rvg-fail-" + rvg.name());
                t.setDaemon(true);
                t.start();
            }
        });
        return logged.thenCompose(x -> synchronousAcks(java.util.Arrays.stream(ends).max().orElse(0)));
    }

    /** Completes when every RLINK that writes wait for now has received the write that ends at {@code endLsn}. */
    private CompletableFuture<Void> synchronousAcks(long endLsn) {
        if (!rvg.isPrimary()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (Rlink l : rvg.rlinkValues()) {
            if (l.writesWait()) {
                waits.add(l.whenReceived(endLsn));
            }
        }
        return waits.isEmpty() ? CompletableFuture.completedFuture(null)
                : CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0]));
    }
}
