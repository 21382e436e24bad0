package io.volrep.engine.sync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.volrep.engine.conf.SyncDigest;
import io.volrep.engine.io.BlockDevice;
import io.volrep.engine.io.MappedRegion;
import io.volrep.engine.io.NativeBlockDevice;

/**
 * Reads volumes chunk by chunk, in volume order, on a pool of threads, and hashes each block with the
 * session's {@link SyncDigest}; the caller takes the chunks back in order with {@link #next()}. At most {@code window}
 * chunks are read ahead, so memory stays bounded whatever the volume size.
 *
 * <p>A chunk is {@code chunkBlocks} blocks of {@code blockSize} bytes (fewer, and a shorter last block,
 * at a volume's end). Both ends of a synchronization cut their volumes the same way, so chunk k of one
 * side pairs with chunk k of the other. Not thread-safe: one consumer; the reads run on the pool.
 */
final class BlockHasher implements AutoCloseable {
    /**
     * Blocks of one volume, read at {@code offset}: their digests (if hashed) and, if kept, the bytes in
     * {@code data} (a pooled buffer: call {@link #release()} when done with it).
     */
    static final class Chunk {
        private final BlockHasher owner;
        private final int volume;
        private final long offset;
        private final int blockSize;
        private final int length;
        private final byte[][] digests;
        private ByteBuffer data;
        /** Where {@code data} lives when it was mapped rather than read: unmapped on release. */
        private MappedRegion mapping;

        Chunk(BlockHasher owner, int volume, long offset, int length, byte[][] digests, ByteBuffer data, MappedRegion mapping) {
            this.owner = owner;
            this.volume = volume;
            this.offset = offset;
            this.blockSize = owner.blockSize;
            this.length = length;
            this.digests = digests;
            this.data = data;
            this.mapping = mapping;
        }

        int volume() {
            return volume;
        }

        long firstBlock() {
            return offset / blockSize;
        }

        long offset() {
            return offset;
        }

        int blockSize() {
            return blockSize;
        }

        int length() {
            return length;
        }

        byte[][] digests() {
            return digests;
        }

        int count() {
            return (length + blockSize - 1) / blockSize;
        }

        int blockLength(int i) {
            return Math.min(blockSize, length - i * blockSize);
        }

        /** Bytes {@code [from, from + len)} of the chunk (needs the data kept); valid until {@link #release()}. */
        ByteBuffer bytes(int from, int len) {
            return data.duplicate().position(from).limit(from + len).slice();
        }

        /** Whether block {@code i} holds zeroes only (needs the data kept). */
        boolean zero(int i) {
            int len = blockLength(i);
            return bytes(i * blockSize, len).mismatch(owner.zeros.duplicate().limit(len)) < 0;
        }

        /** Gives the data buffer back to the reader's pool, or unmaps it. */
        void release() {
            if (mapping != null) {
                mapping.close();
                mapping = null;
            } else if (data != null) {
                owner.buffers.offer(data);
            }
            data = null;
        }
    }

    /** A volume to read: its device and how many bytes of it belong to the volume. */
    record Extent(BlockDevice device, long size) {
    }

    private final List<Extent> devices;
    private final int blockSize;
    private final int chunkBlocks;
    private final ExecutorService pool;
    private final int window;
    private final Optional<SyncDigest> digest;
    private final boolean keepData;
    private final BlockingQueue<ByteBuffer> buffers;
    private final Deque<Future<Chunk>> ahead = new ArrayDeque<>();
    private final ByteBuffer zeros;
    private int volume;
    private long offset;
    private final long started = System.nanoTime();
    private final AtomicLong digestNanos = new AtomicLong();
    private long doneBytes;
    private long doneAt;

    /**
     * @param digest   the digest of each block, or empty for none (a full copy compares nothing)
     * @param keepData keep the bytes and all-zero flags of each block in the chunk (the sending side)
     */
    BlockHasher(List<Extent> devices, int blockSize, int chunkBlocks, ExecutorService pool, int window,
                Optional<SyncDigest> digest, boolean keepData) {
        this.devices = List.copyOf(devices);
        this.blockSize = blockSize;
        this.chunkBlocks = chunkBlocks;
        this.pool = pool;
        this.window = window;
        this.digest = digest;
        this.keepData = keepData;
        this.buffers = new ArrayBlockingQueue<>(window + 2);
        this.zeros = ByteBuffer.allocateDirect(blockSize);
    }

    /** The next chunk in volume order, or null after the last one. Blocks while it is read. */
    Chunk next() throws IOException, InterruptedException {
        fill();
        Future<Chunk> f = ahead.poll();
        if (f == null) {
            return null;
        }
        try {
            Chunk k = f.get();
            doneBytes += k.length();
            doneAt = System.nanoTime();
            return k;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof InternalError) {
                // HotSpot's answer to SIGBUS in mapped memory: the volume shrank under the read. It comes
                // when the faulting thread next checks, not always inside the read's own try block.
                throw new IOException("a volume shrank while it was read (a fault in its mapped memory): " + c.getMessage(), c);
            }
            throw c instanceof IOException io ? io : new IOException("reading a volume failed: " + c, c);
        }
    }

    private void fill() {
        while (ahead.size() < window && volume < devices.size()) {
            Extent e = devices.get(volume);
            BlockDevice dev = e.device();
            if (offset >= e.size()) {
                volume++;
                offset = 0;
                continue;
            }
            int v = volume;
            long at = offset;
            int length = (int) Math.min((long) blockSize * chunkBlocks, e.size() - at);
            ahead.add(pool.submit(() -> read(v, dev, at, length)));
            offset += length;
        }
    }

    /**
     * Reads and hashes one chunk. Mapped where the device allows it: hashing the page cache in place
     * instead of a copy of it took 0.24 s per GiB instead of 0.41 (one thread, XXH3-128, 1 GiB cached),
     * and a nearly-equal volume's synchronization is that and little else on both hosts. A volume that
     * shrank is refused by {@link BlockDevice#map}; one that shrinks while a range is hashed faults (SIGBUS),
     * which HotSpot turns into an InternalError ({@link #next} says what it means, if it comes there).
     */
    private Chunk read(int v, BlockDevice dev, long at, int length) throws IOException {
        Optional<MappedRegion> mapped = dev.map(at, length);
        if (mapped.isPresent()) {
            MappedRegion m = mapped.get();
            boolean keep = false;
            try {
                byte[][] digests = hash(m.bytes(), length);
                keep = keepData;
                return new Chunk(this, v, at, length, digests, keep ? m.bytes() : null, keep ? m : null);
            } finally {
                if (!keep) {
                    m.close();
                }
            }
        }
        ByteBuffer buf = buffers.poll();
        if (buf == null) {
            buf = NativeBlockDevice.alignedBuffer(blockSize * chunkBlocks);
        }
        boolean keep = false;
        try {
            buf.clear().limit(length);
            dev.read(at, buf);
            buf.flip();
            byte[][] digests = hash(buf, length);
            keep = keepData;
            return new Chunk(this, v, at, length, digests, keep ? buf : null, null);
        } finally {
            if (!keep) {
                buffers.offer(buf);
            }
        }
    }

    /** The digests of the blocks of a chunk's {@code length} bytes in {@code buf}, or null when not hashing. */
    private byte[][] hash(ByteBuffer buf, int length) {
        if (digest.isEmpty()) {
            return null;
        }
        int n = (length + blockSize - 1) / blockSize;
        byte[][] digests = new byte[n][];
        BlockDigest d = BlockDigest.of(digest.get());
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            int from = i * blockSize;
            digests[i] = d.digest(buf.duplicate().position(from).limit(Math.min(length, from + blockSize)));
        }
        digestNanos.addAndGet(System.nanoTime() - t0);
        return digests;
    }

    /**
     * How fast the chunks taken so far came: bytes read and hashed over the time from this hasher's start
     * to the last chunk, and the rate of the digests in the pool threads' time (for the log, so that a slow
     * sync shows whether reading or hashing held it back; a mapped chunk is read while it is hashed).
     */
    String rate() {
        double mb = doneBytes / 1e6;
        double wall = Math.max(1, doneAt - started) / 1e9;
        double hashing = Math.max(1, digestNanos.get()) / 1e9;
        return String.format("%.1f MB read%s in %.2f s (%.0f MB/s)", mb, digest.map(d -> " and hashed with "
                + d.word()).orElse(""), wall, mb / wall) + digest.map(d -> String.format(
                "; the digests took %.2f s of thread time (%.0f MB/s per thread; with the page faults of mapped chunks, "
                + "which read them)", hashing, mb / hashing)).orElse("");
    }

    /**
     * Ends the reads still ahead and releases what they read: a chunk may hold a mapping, which nothing
     * else would unmap. Waits for each read under way, at most {@value #CLOSE_WAIT_SECONDS} s.
     */
    @Override
    public void close() {
        for (Future<Chunk> f : ahead) {
            if (f.cancel(false)) {
                continue;
            }
            try {
                f.get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS).release();
            } catch (ExecutionException | CancellationException e) {
                // nothing was read, nothing to release
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (TimeoutException e) {
                break; // a device that hangs: its chunk's mapping stays until the daemon ends
            }
        }
        ahead.clear();
        buffers.clear();
    }

    private static final int CLOSE_WAIT_SECONDS = 30;
}
