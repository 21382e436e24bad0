package io.volrep.engine.sync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import io.volrep.engine.io.BlockDevice;
import io.volrep.engine.io.NativeBlockDevice;

/**
 * Reads volumes chunk by chunk, in volume order, on a pool of threads, and hashes each block with
 * SHA-256; the caller takes the chunks back in order with {@link #next()}. At most {@code window}
 * chunks are read ahead, so memory stays bounded whatever the volume size.
 *
 * <p>A chunk is {@code chunkBlocks} blocks of {@code blockSize} bytes (fewer, and a shorter last block,
 * at a volume's end). Both ends of a synchronization cut their volumes the same way, so chunk k of one
 * side pairs with chunk k of the other. Not thread-safe: one consumer; the reads run on the pool.
 */
final class BlockHasher implements AutoCloseable {
    /** Blocks of one volume, read at {@code offset}: their digests (if hashed) and bytes (if kept). */
    record Chunk(int volume, long firstBlock, long offset, int blockSize, int length, byte[][] digests, byte[] data,
                 boolean[] zero) {
        int count() {
            return (length + blockSize - 1) / blockSize;
        }

        int blockLength(int i) {
            return Math.min(blockSize, length - i * blockSize);
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
    private final boolean hash;
    private final boolean keepData;
    private final BlockingQueue<ByteBuffer> buffers;
    private final Deque<Future<Chunk>> ahead = new ArrayDeque<>();
    private final byte[] zeros;
    private int volume;
    private long offset;

    /**
     * @param hash     compute SHA-256 digests of the blocks
     * @param keepData keep the bytes and all-zero flags of each block in the chunk (the sending side)
     */
    BlockHasher(List<Extent> devices, int blockSize, int chunkBlocks, ExecutorService pool, int window,
                boolean hash, boolean keepData) {
        this.devices = List.copyOf(devices);
        this.blockSize = blockSize;
        this.chunkBlocks = chunkBlocks;
        this.pool = pool;
        this.window = window;
        this.hash = hash;
        this.keepData = keepData;
        this.buffers = new ArrayBlockingQueue<>(window);
        this.zeros = new byte[blockSize];
    }

    /** The next chunk in volume order, or null after the last one. Blocks while it is read. */
    Chunk next() throws IOException, InterruptedException {
        fill();
        Future<Chunk> f = ahead.poll();
        if (f == null) {
            return null;
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
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

    private Chunk read(int v, BlockDevice dev, long at, int length) throws IOException, InterruptedException {
        ByteBuffer buf = buffers.poll();
        if (buf == null || buf.capacity() < length) {
            buf = NativeBlockDevice.alignedBuffer(blockSize * chunkBlocks);
        }
        byte[] bytes = new byte[length];
        try {
            buf.clear().limit(length);
            dev.read(at, buf);
            buf.flip().get(bytes);
        } finally {
            buffers.offer(buf);
        }
        int n = (length + blockSize - 1) / blockSize;
        byte[][] digests = hash ? new byte[n][] : null;
        boolean[] zero = keepData ? new boolean[n] : null;
        MessageDigest md = hash ? sha256() : null;
        for (int i = 0; i < n; i++) {
            int from = i * blockSize;
            int len = Math.min(blockSize, length - from);
            if (hash) {
                md.update(bytes, from, len);
                digests[i] = md.digest();
            }
            if (keepData) {
                zero[i] = Arrays.mismatch(bytes, from, from + len, zeros, 0, len) < 0;
            }
        }
        return new Chunk(v, at / blockSize, at, blockSize, length, digests, keepData ? bytes : null, zero);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Cancels the reads still ahead. */
    @Override
    public void close() {
        for (Future<Chunk> f : ahead) {
            f.cancel(true);
        }
        ahead.clear();
    }
}
