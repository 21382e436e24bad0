package io.volrep.engine.io;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

import com.kenai.jffi.MemoryIO;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/**
 * mmap(2) and munmap(2) through jnr-ffi (jnr-posix has neither), for {@link MappedRegion}s. Linux only
 * for now: elsewhere, or if the C library cannot be bound, nothing is mapped and callers read instead.
 */
final class Mmap {
    private static final Logger LOG = Logger.getLogger(Mmap.class.getName());
    private static final int PROT_READ = 1;
    private static final int MAP_SHARED = 1;
    private static final int SC_PAGESIZE = 30; // Linux's _SC_PAGESIZE

    /** The calls used, as the C library declares them. */
    public interface LibC {
        Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset);

        int munmap(Pointer addr, long length);

        long sysconf(int name);
    }

    private static final LibC LIBC = load();
    private static final jnr.ffi.Runtime RUNTIME = LIBC == null ? null : jnr.ffi.Runtime.getRuntime(LIBC);
    private static final long PAGE = LIBC == null ? 0 : LIBC.sysconf(SC_PAGESIZE);

    private Mmap() {
    }

    private static LibC load() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        try {
            return LibraryLoader.create(LibC.class).load("c");
        } catch (LinkageError | RuntimeException e) {
            LOG.info("mmap unavailable (" + e + "): volumes are read with pread only");
            return null;
        }
    }

    /** {@code length} bytes of {@code fd} from {@code offset}, mapped read-only and shared; empty if not possible. */
    static Optional<MappedRegion> map(int fd, long offset, int length) {
        if (LIBC == null || PAGE <= 0 || length <= 0) {
            return Optional.empty();
        }
        long start = offset - offset % PAGE;
        long mapLength = offset + length - start;
        if (mapLength > Integer.MAX_VALUE) {
            return Optional.empty(); // a ByteBuffer holds at most 2 GiB
        }
        Pointer p = LIBC.mmap(null, mapLength, PROT_READ, MAP_SHARED, fd, start);
        if (p == null || p.address() == -1L) {
            LOG.fine(() -> "mmap of fd " + fd + " at " + start + " failed: errno " + RUNTIME.getLastError());
            return Optional.empty();
        }
        ByteBuffer all = MemoryIO.getInstance().newDirectByteBuffer(p.address(), (int) mapLength);
        ByteBuffer bytes = all.position((int) (offset - start)).slice().asReadOnlyBuffer();
        return Optional.of(new MappedRegion(p.address(), mapLength, bytes));
    }

    static void unmap(long address, long length) {
        if (LIBC.munmap(Pointer.wrap(RUNTIME, address), length) != 0) {
            LOG.warning("munmap of " + length + " bytes at " + Long.toHexString(address) + " failed: errno "
                    + RUNTIME.getLastError());
        }
    }
}
