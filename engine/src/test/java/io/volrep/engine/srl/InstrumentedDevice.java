package io.volrep.engine.srl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.volrep.engine.io.BlockDevice;
import io.volrep.engine.io.ForwardingDevice;

/**
 * Test seam: a {@link BlockDevice} that counts writes and syncs, remembers where bulk writes went and,
 * once armed, fails every write and sync after a given number of further writes, or every sync.
 * Thread-safe.
 */
public final class InstrumentedDevice extends ForwardingDevice {
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicInteger writesBeforeFailure = new AtomicInteger(Integer.MAX_VALUE);
    private volatile IOException injected;
    private volatile boolean failSyncs;
    private volatile java.util.concurrent.CountDownLatch syncGate;
    private final java.util.concurrent.Semaphore syncsHeld = new java.util.concurrent.Semaphore(0);
    private static final int SECTOR = io.volrep.engine.io.NativeBlockDevice.ALIGNMENT;
    private volatile boolean tearNextBulkWrite;
    private final java.util.List<long[]> bulkWrites = new java.util.concurrent.CopyOnWriteArrayList<>();

    public InstrumentedDevice(BlockDevice inner) {
        super(inner);
    }

    /** After {@code n} more successful writes, every write and sync throws {@link #injected()}. */
    public void failAfterWrites(int n) {
        writesBeforeFailure.set(n);
    }

    /** From now on every sync (and, once one failed, every write) throws {@link #injected()}. */
    public void failSyncs() {
        failSyncs = true;
    }

    /** From now on every sync waits (before syncing) until {@link #releaseSyncs}. */
    public void holdSyncs() {
        syncGate = new java.util.concurrent.CountDownLatch(1);
    }

    /** Lets held syncs and later ones through. */
    public void releaseSyncs() {
        java.util.concurrent.CountDownLatch g = syncGate;
        syncGate = null;
        if (g != null) {
            g.countDown();
        }
    }

    /** Waits up to {@code millis} for a sync to be held by {@link #holdSyncs}; true if one is. */
    public boolean awaitSyncHeld(long millis) throws InterruptedException {
        return syncsHeld.tryAcquire(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The error thrown once the device has started failing, or null. */
    public IOException injected() {
        return injected;
    }

    public long writes() {
        return writes.get();
    }

    public long syncs() {
        return syncs.get();
    }

    public long reads() {
        return reads.get();
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        reads.incrementAndGet();
        inner.read(offset, dst);
    }

    /**
     * The next bulk write longer than a sector reaches the device with its first sector only, then it and
     * everything after it fails: a crash in the middle of a write.
     */
    public void tearNextBulkWrite() {
        tearNextBulkWrite = true;
    }

    /** Offset and length of every bulk write so far (the SRL writer's appends), in order. */
    public java.util.List<long[]> bulkWrites() {
        return java.util.List.copyOf(bulkWrites);
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        failIfArmed(offset);
        inner.write(offset, src);
        writes.incrementAndGet();
    }

    /** Counted and failed like {@link #write}, then the inner device's own bulk write (O_DIRECT for a file). */
    @Override
    public void writeBulk(long offset, ByteBuffer src) throws IOException {
        failIfArmed(offset);
        bulkWrites.add(new long[] {offset, src.remaining()});
        if (tearNextBulkWrite && src.remaining() > SECTOR) {
            inner.writeBulk(offset, src.duplicate().limit(src.position() + SECTOR));
            throw fault("pwrite at offset " + offset + " torn after its first sector");
        }
        inner.writeBulk(offset, src);
        writes.incrementAndGet();
    }

    private void failIfArmed(long offset) throws IOException {
        if (writesBeforeFailure.getAndDecrement() <= 0) {
            throw fault("pwrite at offset " + offset);
        }
    }

    @Override
    public void sync() throws IOException {
        java.util.concurrent.CountDownLatch g = syncGate;
        if (g != null) {
            syncsHeld.release();
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("held sync interrupted");
            }
        }
        if (injected != null || failSyncs) {
            throw fault("fdatasync");
        }
        inner.sync();
        syncs.incrementAndGet();
    }

    private synchronized IOException fault(String what) {
        if (injected == null) {
            injected = new IOException("injected fault on " + inner.path() + ": " + what);
        }
        return injected;
    }

    @Override
    public String toString() {
        return "InstrumentedDevice(" + inner + ")";
    }
}
