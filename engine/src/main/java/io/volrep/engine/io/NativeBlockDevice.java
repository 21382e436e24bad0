package io.volrep.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import jnr.constants.platform.OpenFlags;
import jnr.posix.FileStat;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * {@link BlockDevice} on a file descriptor through jnr-posix: pread, pwrite, fdatasync.
 *
 * <p>With direct I/O (O_DIRECT) the kernel wants buffer address, offset and length aligned to
 * {@link #ALIGNMENT}. Aligned requests on direct buffers go straight through; anything else is bounced
 * through an aligned buffer, and an unaligned write becomes read-modify-write of the covering
 * sectors under {@code rmwLock}, so two unaligned writers never lose each other's bytes.
 * Thread-safe: positional I/O only.
 */
public final class NativeBlockDevice implements BlockDevice {
    public static final int ALIGNMENT = 4096;
    private static final POSIX POSIX_API = POSIXFactory.getNativePOSIX();

    private final String path;
    private final int fd;
    private final long size;
    private final boolean direct;
    private final ReentrantLock rmwLock = new ReentrantLock();
    private volatile boolean closed;
    /** The same file opened O_DIRECT for {@link #writeBulk}; this device where that is not possible. */
    private NativeBlockDevice bulk;

    private NativeBlockDevice(String path, int fd, long size, boolean direct) {
        this.path = path;
        this.fd = fd;
        this.size = size;
        this.direct = direct;
    }

    /**
     * Opens an existing file or block device read-write. Block devices are opened O_EXCL so that
     * nothing else (a mounted file system, another daemon) holds them; their size comes from the device.
     *
     * @param direct ask for O_DIRECT; ignored (with the answer in {@link #isDirect()}) where the
     *               platform or file system does not support it
     */
    public static NativeBlockDevice open(Path file, boolean direct) throws IOException {
        String p = file.toString();
        if (!Files.exists(file)) {
            throw new IOException(p + ": no such file or device");
        }
        FileStat st = POSIX_API.stat(p);
        boolean blockDev = st.isBlockDev();
        int flags = OpenFlags.O_RDWR.intValue();
        if (blockDev) {
            flags |= OpenFlags.O_EXCL.intValue();
        }
        PlatformFlags pf = PlatformFlags.current();
        boolean useDirect = direct && pf.supportsDirect();
        int fd = POSIX_API.open(p, useDirect ? flags | pf.oDirect() : flags, 0);
        if (fd < 0 && useDirect) {
            // tmpfs and some others refuse O_DIRECT with EINVAL: fall back to buffered I/O.
            useDirect = false;
            fd = POSIX_API.open(p, flags, 0);
        }
        if (fd < 0) {
            throw errnoException("open", p);
        }
        long size = blockDev ? POSIX_API.lseekLong(fd, 0, 2) : st.st_size();
        if (size < 0) {
            POSIX_API.close(fd);
            throw errnoException("lseek", p);
        }
        return new NativeBlockDevice(p, fd, size, useDirect);
    }

    /** Creates a sparse file of {@code size} bytes; fails if it exists. */
    public static void createSparseFile(Path file, long size) throws IOException {
        Files.createFile(file);
        try (var raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
            raf.getFD().sync();
        }
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public long size() {
        return size;
    }

    public boolean isDirect() {
        return direct;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        checkRange(offset, dst.remaining());
        if (direct && !isAlignedRange(offset, dst.remaining())) {
            bouncedRead(offset, dst);
            return;
        }
        transfer(offset, dst, false);
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        checkRange(offset, src.remaining());
        if (direct && !isAlignedRange(offset, src.remaining())) {
            bouncedWrite(offset, src);
            return;
        }
        transfer(offset, src, true);
    }

    /**
     * Sector-aligned bulk writes go around the page cache through a second descriptor opened O_DIRECT
     * (opened on first use, without O_EXCL: this device already holds a block device exclusively). The
     * kernel writes back and drops cached pages of the range first, so reads through this device stay
     * coherent. Unaligned writes, and platforms or file systems without O_DIRECT, use {@link #write}.
     */
    @Override
    public void writeBulk(long offset, ByteBuffer src) throws IOException {
        if (direct || !isAlignedRange(offset, src.remaining())) {
            write(offset, src);
            return;
        }
        checkRange(offset, src.remaining());
        bulkDevice().transfer(offset, src, true);
    }

    /**
     * Maps the range shared and read-only. Not with O_DIRECT: direct writes bypass the page cache a mapping
     * reads, and the kernel cannot drop cached pages that are mapped. A mapping read past the file's end
     * does not fail, it faults (SIGBUS, which HotSpot turns into an InternalError thrown wherever the
     * thread next checks, even inside library code): a range past the end now (the file or device shrank
     * since it was opened) is refused here, which leaves only a shrink during the read of one range.
     */
    @Override
    public Optional<MappedRegion> map(long offset, int length) throws IOException {
        checkRange(offset, length);
        ensureOpen();
        if (direct) {
            return Optional.empty();
        }
        long now = POSIX_API.lseekLong(fd, 0, 2); // SEEK_END: files and block devices alike; I/O here is positional
        if (now < 0) {
            throw errnoException("lseek", path);
        }
        if (offset + length > now) {
            throw new IOException(path + " is " + now + " bytes now, " + size + " when it was opened: it shrank;"
                    + " give it back its size, then run the command again");
        }
        return Mmap.map(fd, offset, length);
    }

    private synchronized NativeBlockDevice bulkDevice() throws IOException {
        ensureOpen();
        if (bulk == null) {
            PlatformFlags pf = PlatformFlags.current();
            int fd = pf.supportsDirect() ? POSIX_API.open(path, OpenFlags.O_RDWR.intValue() | pf.oDirect(), 0) : -1;
            bulk = fd < 0 ? this : new NativeBlockDevice(path, fd, size, true);
        }
        return bulk;
    }

    @Override
    public void sync() throws IOException {
        ensureOpen();
        if (POSIX_API.fdatasync(fd) != 0) {
            throw errnoException("fdatasync", path);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (this) {
            if (bulk != null && bulk != this) {
                bulk.close();
            }
        }
        if (POSIX_API.close(fd) != 0) {
            throw errnoException("close", path);
        }
    }

    /**
     * pread/pwrite until the buffer is done; a heap buffer (and, with O_DIRECT, a direct one at an
     * unaligned address) is copied through this thread's aligned staging buffer.
     */
    private void transfer(long offset, ByteBuffer buf, boolean write) throws IOException {
        ensureOpen();
        if (!buf.isDirect() || direct && buf.alignmentOffset(buf.position(), ALIGNMENT) != 0) {
            ByteBuffer tmp = staging(buf.remaining());
            if (write) {
                tmp.put(buf.duplicate()).flip();
                transfer(offset, tmp, true);
                buf.position(buf.limit());
            } else {
                transfer(offset, tmp, false);
                tmp.flip();
                buf.put(tmp);
            }
            return;
        }
        long pos = offset;
        while (buf.hasRemaining()) {
            ByteBuffer slice = buf.slice();
            long n = write
                    ? POSIX_API.pwrite(fd, slice, (long) slice.remaining(), pos)
                    : POSIX_API.pread(fd, slice, (long) slice.remaining(), pos);
            if (n < 0) {
                int errno = POSIX_API.errno();
                if (errno == jnr.constants.platform.Errno.EINTR.intValue()) {
                    continue;
                }
                throw errnoException(write ? "pwrite" : "pread", path + " at offset " + pos);
            }
            if (n == 0) {
                throw new IOException(path + ": unexpected end of device at offset " + pos);
            }
            buf.position(buf.position() + (int) n);
            pos += n;
        }
    }

    /**
     * An aligned direct buffer of {@code length} bytes to stage I/O through: this thread's cached one
     * (grown as needed up to {@value #STAGING_MAX} bytes), a fresh one beyond. Without the cache every
     * heap-buffer read or write (a Secondary applying a received update, a synchronization block) paid
     * for allocating and zeroing a direct buffer of its size, and on a VM for faulting in fresh pages.
     */
    private static ByteBuffer staging(int length) {
        if (length > STAGING_MAX) {
            return alignedBuffer(length);
        }
        ByteBuffer b = STAGING.get();
        if (b == null || b.capacity() < length) {
            b = alignedBuffer(Math.max(STAGING_MIN, Integer.highestOneBit(length - 1) << 1));
            STAGING.set(b);
        }
        return b.clear().limit(length);
    }

    private static final int STAGING_MIN = 64 * 1024;
    private static final int STAGING_MAX = 1 << 20;
    private static final ThreadLocal<ByteBuffer> STAGING = new ThreadLocal<>();

    private void bouncedRead(long offset, ByteBuffer dst) throws IOException {
        long start = alignDown(offset);
        long end = alignUp(offset + dst.remaining());
        ByteBuffer bounce = staging((int) (end - start));
        transfer(start, bounce, false);
        bounce.position((int) (offset - start)).limit((int) (offset - start) + dst.remaining());
        dst.put(bounce);
    }

    private void bouncedWrite(long offset, ByteBuffer src) throws IOException {
        long start = alignDown(offset);
        long end = alignUp(offset + src.remaining());
        ByteBuffer bounce = staging((int) (end - start));
        rmwLock.lock();
        try {
            if (start != offset || end != offset + src.remaining()) {
                transfer(start, bounce, false);
                bounce.rewind();
            }
            bounce.position((int) (offset - start));
            bounce.put(src);
            bounce.rewind();
            transfer(start, bounce, true);
        } finally {
            rmwLock.unlock();
        }
    }

    /**
     * A direct buffer whose address is aligned for O_DIRECT and whose capacity is exactly
     * {@code capacity} (any value): callers that {@code clear()} it must not see extra bytes.
     */
    public static ByteBuffer alignedBuffer(int capacity) {
        ByteBuffer raw = ByteBuffer.allocateDirect(capacity + ALIGNMENT);
        int misalignment = raw.alignmentOffset(0, ALIGNMENT);
        int start = misalignment == 0 ? 0 : ALIGNMENT - misalignment;
        return raw.position(start).limit(start + capacity).slice();
    }

    private static boolean isAlignedRange(long offset, int length) {
        return offset % ALIGNMENT == 0 && length % ALIGNMENT == 0;
    }

    private static long alignDown(long v) {
        return v - Math.floorMod(v, ALIGNMENT);
    }

    private static long alignUp(long v) {
        return alignDown(v + ALIGNMENT - 1);
    }

    private void checkRange(long offset, int length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IOException(path + ": I/O of " + length + " bytes at offset " + offset
                    + " is outside the device (size " + size + ")");
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException(path + " is closed");
        }
    }

    private static IOException errnoException(String call, String what) {
        int errno = POSIX_API.errno();
        return new IOException(call + " " + what + ": " + POSIX_API.strerror(errno) + " (errno " + errno + ")");
    }

    @Override
    public String toString() {
        return "NativeBlockDevice(" + path + (direct ? ", direct" : "") + ")";
    }
}
