package io.volrep.engine.rvg.replication;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.io.BlockDevice;
import io.volrep.engine.io.BufferPool;
import io.volrep.engine.io.NativeBlockDevice;
import io.volrep.engine.link.PeerConnection;
import io.volrep.engine.rvg.Rvg;

/**
 * The synchronization blocks (autosync, DCM resync) a Secondary RVG receives, written to its data
 * volumes on a thread of their own, so that the link reader takes in the next blocks while the disk
 * writes the last ones (done in turn on the reader, the copy ran at the sum of both times).
 *
 * <p>Ordering, the reason this is one queue per RVG and outlives connections: a block is written only
 * after every update received before it is applied (it waits for the write path to drain), and the
 * reader lets no other message through until the blocks queued before it are written
 * ({@link #awaitWritten}): an update never lands under an older block, also when it comes on a new
 * connection that replaced a dead one. A block is confirmed (BLOCKED) only on the connection it came
 * on, after a sync that followed its write. Thread-safe.
 */
final class BlockWrites {
    private static final Logger LOG = Logger.getLogger(BlockWrites.class.getName());
    /** Blocks come in runs of up to 1 MiB (a Primary's DcmSync); larger ones get a buffer of their own. */
    private static final int POOLED_BYTES = 1 << 20;
    /** Idle buffers kept for reuse: the blocks queued while the disk writes, in a steady copy. */
    private static final long RETAINED_BYTES = 16L << 20;

    /** The data volumes the blocks go to. */
    interface Volumes {
        BlockDevice device(int volume) throws VolrepException;

        int count();

        /** Accounts a block of {@code bytes} written in {@code nanos}. */
        void wrote(int volume, int bytes, long nanos);

        static Volumes of(Rvg rvg) {
            return new Volumes() {
                @Override
                public BlockDevice device(int volume) throws VolrepException {
                    return rvg.dataDevice(volume);
                }

                @Override
                public int count() {
                    return rvg.record().dataVolumes().size();
                }

                @Override
                public void wrote(int volume, int bytes, long nanos) {
                    rvg.dataVolume(volume).ifPresent(v -> v.io().wrote(bytes, nanos));
                }
            };
        }
    }

    /** The connection blocks came on: where they are confirmed, and what is closed when they cannot be. */
    interface Sender {
        void blocked(int volume, long offset, int length) throws IOException;

        void close(String why);

        boolean isOpen();

        static Sender of(PeerConnection c) {
            return new Sender() {
                @Override
                public void blocked(int volume, long offset, int length) throws IOException {
                    c.send(Wire.BLOCKED, Wire.blocked(volume, offset, length));
                }

                @Override
                public void close(String why) {
                    c.close(why);
                }

                @Override
                public boolean isOpen() {
                    return c.isOpen();
                }
            };
        }
    }

    private final String name;
    private final Volumes volumes;
    private final BufferPool buffers = new BufferPool(POOLED_BYTES, RETAINED_BYTES);
    private final ExecutorService writer;
    /** Syncs the volumes off the writer, so the next blocks are written while the disk flushes. */
    private final ExecutorService flusher;
    /** Completes when everything queued so far is written (or failed, which closed its connection). */
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    /** Written, not yet synced. Writer thread only. */
    private final List<Written> unsynced = new ArrayList<>();

    /** A block on the volume, to be confirmed to {@code from} once synced. */
    private record Written(Sender from, int volume, long offset, int length) {
    }

    /** @param name the RVG, as "dg/rvg", for thread names and messages */
    BlockWrites(String name, Volumes volumes) {
        this.name = name;
        this.volumes = volumes;
        this.writer = Executors.newSingleThreadExecutor(r -> daemon(r, "rlink-block-write " + name));
        this.flusher = Executors.newSingleThreadExecutor(r -> daemon(r, "rlink-block-sync " + name));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Queues the remaining bytes of {@code data} for volume {@code volume} at {@code offset}, to be written
     * once {@code drained} (the write path's flush: every update received before the block is applied)
     * completes. Consumes {@code data}.
     */
    void write(Sender c, Supplier<? extends CompletableFuture<?>> drained, int volume, long offset, ByteBuffer data)
            throws IOException, VolrepException {
        int length = data.remaining();
        BlockDevice dev = volumes.device(volume);
        if (offset < 0 || offset + length > dev.size()) {
            throw new IOException("sync block at " + offset + " of " + length + " bytes does not fit volume " + volume);
        }
        // Copied here, on the caller's thread, into an aligned buffer the disk can take as it is: the
        // caller may reuse the payload (a borrowed frame) as soon as this returns.
        ByteBuffer block = (length <= POOLED_BYTES ? buffers.acquire(length) : NativeBlockDevice.alignedBuffer(length))
                .put(data).flip();
        boolean queued = false;
        try {
            queue(c, "write a synchronization block", () -> {
                try {
                    drained.get().get();
                    long start = System.nanoTime();
                    dev.writeBulk(offset, block);
                    volumes.wrote(volume, length, System.nanoTime() - start);
                    unsynced.add(new Written(c, volume, offset, length));
                } finally {
                    buffers.release(block);
                }
            });
            queued = true;
        } finally {
            if (!queued) {
                buffers.release(block);
            }
        }
    }

    /**
     * Makes the blocks {@code c} brought so far durable, then confirms each with BLOCKED. Blocks of
     * another connection wait for its own FLUSH; those of a closed one are dropped (not confirmed: its
     * Primary sends them again).
     */
    void flush(Sender c) throws IOException {
        queue(c, "sync synchronization blocks", () -> {
            List<Written> blocks = new ArrayList<>();
            unsynced.removeIf(b -> {
                if (b.from() == c) {
                    blocks.add(b);
                }
                return b.from() == c || !b.from().isOpen();
            });
            flusher.execute(() -> {
                try {
                    for (int v = 0; v < volumes.count(); v++) {
                        volumes.device(v).sync();
                    }
                    for (Written b : blocks) {
                        c.blocked(b.volume(), b.offset(), b.length());
                    }
                } catch (IOException | VolrepException e) {
                    // Unconfirmed blocks stay dirty on the Primary, which sends them again after reconnecting.
                    c.close("the Secondary could not sync synchronization blocks: " + e.getMessage());
                }
            });
        });
    }

    private interface Step {
        void run() throws Exception;
    }

    /**
     * Runs {@code step} after everything queued before it. A step that fails closes its connection (the
     * Primary sends again what was not confirmed) and does not hold up the steps of other connections.
     */
    private synchronized void queue(Sender c, String what, Step step) throws IOException {
        if (writer.isShutdown()) {
            throw new IOException("RVG " + name + " is stopping");
        }
        last = last.thenRunAsync(() -> {
            try {
                step.run();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.info("RVG " + name + ": could not " + what + ": " + e.getMessage());
                c.close("the Secondary could not " + what + ": " + e.getMessage());
            }
        }, writer);
    }

    /** Waits until every block queued so far is written (or failed, which closed its connection). */
    void awaitWritten() throws IOException, InterruptedException {
        CompletableFuture<Void> f;
        synchronized (this) {
            f = last;
        }
        try {
            f.get();
        } catch (ExecutionException e) {
            throw new IOException("RVG " + name + ": synchronization block writer: " + e.getCause(), e.getCause());
        }
    }

    /** Ends the threads once the queued blocks are written (RVG stopping or changing role). */
    void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warning("RVG " + name + ": synchronization blocks still being written after 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flusher.shutdown();
    }
}
