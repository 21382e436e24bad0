package io.volrep.engine.nbd;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.volrep.engine.io.BlockDevice;

/**
 * An {@link Export} straight over a {@link BlockDevice}: pread and FUA writes on an I/O executor,
 * plain writes to a buffered device on the caller's thread (they only fill the page cache); flush is
 * fdatasync, FUA is write then fdatasync. Used for volumes in no RVG (no log, no replication).
 *
 * <p>The device and the executor belong to the caller: {@link #close()} releases neither, so one
 * device can back the exports of many connections. fdatasync covers the whole file, so a flush on
 * any connection covers writes completed on all of them. Thread-safe.
 */
public final class FileExport implements Export {
    private final String name;
    private final BlockDevice device;
    private final Executor io;
    private final Supplier<Optional<String>> writeRefusal;

    /**
     * @param writeRefusal asked before every write; empty allows it, a reason refuses it with EPERM
     */
    public FileExport(String name, BlockDevice device, Executor io, Supplier<Optional<String>> writeRefusal) {
        this.name = Objects.requireNonNull(name, "name");
        this.device = Objects.requireNonNull(device, "device");
        this.io = Objects.requireNonNull(io, "io");
        this.writeRefusal = Objects.requireNonNull(writeRefusal, "writeRefusal");
    }

    /** A writable export of the device. */
    public static FileExport readWrite(String name, BlockDevice device, Executor io) {
        return new FileExport(name, device, io, Optional::empty);
    }

    /** An export that refuses every write with EPERM, giving {@code reason}. */
    public static FileExport readOnly(String name, BlockDevice device, Executor io, String reason) {
        Optional<String> refusal = Optional.of(reason);
        return new FileExport(name, device, io, () -> refusal);
    }

    @Override
    public long size() {
        return device.size();
    }

    @Override
    public Optional<String> writeRefusal() {
        return writeRefusal.get();
    }

    @Override
    public boolean flushCoversAllConnections() {
        return true;
    }

    @Override
    public CompletableFuture<Void> read(long offset, ByteBuffer dst) {
        return run(() -> device.read(offset, dst));
    }

    @Override
    public CompletableFuture<Void> write(long offset, ByteBuffer src, boolean fua) {
        Optional<String> refusal = writeRefusal.get();
        if (refusal.isPresent()) {
            return CompletableFuture.failedFuture(new NbdException(NbdProtocol.EPERM,
                    name + " is read-only: " + refusal.get()));
        }
        if (!fua && buffered()) {
            // A buffered pwrite only copies into the page cache: cheaper here than a hand-off to the pool.
            try {
                device.write(offset, src);
                return CompletableFuture.completedFuture(null);
            } catch (Throwable t) {
                return CompletableFuture.failedFuture(NbdException.of(t));
            }
        }
        return run(() -> {
            device.write(offset, src);
            if (fua) {
                device.sync();
            }
        });
    }

    /** Writes go through the page cache (not O_DIRECT), so they return without waiting for the disk. */
    private boolean buffered() {
        return !(device instanceof io.volrep.engine.io.NativeBlockDevice n) || !n.isDirect();
    }

    @Override
    public CompletableFuture<Void> flush() {
        return run(device::sync);
    }

    @Override
    public void close() {
        // The device is the caller's; nothing is held per connection.
    }

    private CompletableFuture<Void> run(IoAction action) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        try {
            io.execute(() -> {
                try {
                    action.run();
                    f.complete(null);
                } catch (Throwable t) {
                    f.completeExceptionally(NbdException.of(t));
                }
            });
        } catch (RuntimeException rejected) {
            f.completeExceptionally(new NbdException(NbdProtocol.ESHUTDOWN, name + ": I/O executor refused", rejected));
        }
        return f;
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws Exception;
    }

    @Override
    public String toString() {
        return "FileExport(" + name + " on " + device.path() + ")";
    }
}
