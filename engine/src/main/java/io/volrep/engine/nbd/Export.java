package io.volrep.engine.nbd;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One opened volume as one NBD connection sees it: a fixed size and asynchronous I/O.
 *
 * <p>Contract for implementations (the server relies on it):
 * <ul>
 *   <li>Calls come from one connection's reader thread; futures may complete on any thread and
 *       must complete, normally or exceptionally, even when the volume fails.</li>
 *   <li>Failures complete the future with an {@link NbdException} carrying the errno the client
 *       should see (EPERM refused write, EINVAL out of range, ENOSPC no space, EIO anything else);
 *       other exceptions are mapped by {@link NbdException#of(Throwable)}.</li>
 *   <li>{@link #write} completes when the data is <em>written</em> (visible to later reads); with
 *       {@code fua} it completes only when that write is <em>durable</em>. {@link #flush} completes
 *       when every write completed before it was called is durable.</li>
 *   <li>Offsets and lengths are checked by the server against {@link #size()} before any call.</li>
 *   <li>The buffers belong to the export until its future completes.</li>
 * </ul>
 */
public interface Export extends Closeable {

    /** Size in bytes; fixed while open. */
    long size();

    /**
     * Why writes are refused right now, or empty when they are allowed. Evaluated for every write
     * request (an RVG can be stopped while a client is connected) and once at open to advertise
     * READ_ONLY. A write racing with a state change must still refuse itself with EPERM.
     */
    Optional<String> writeRefusal();

    /** Whether a flush on any connection makes writes completed on every connection durable. */
    boolean flushCoversAllConnections();

    /** Fills {@code dst} (all its remaining bytes) from {@code offset}. */
    CompletableFuture<Void> read(long offset, ByteBuffer dst);

    /** Writes all remaining bytes of {@code src} at {@code offset}; durable first when {@code fua}. */
    CompletableFuture<Void> write(long offset, ByteBuffer src, boolean fua);

    /** Makes every write completed so far durable. */
    CompletableFuture<Void> flush();

    /** Releases this connection's hold on the volume; in-flight futures have completed. */
    @Override
    void close() throws IOException;
}
