package io.volrep.engine.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A volume's backing store addressed by byte offset: a regular file or a block device.
 *
 * <p>Reads and writes transfer the whole remaining content of the buffer or throw; a short transfer is
 * retried internally, and end-of-device is an {@link IOException}. Implementations are safe for
 * concurrent use by several threads (positional I/O, no shared file pointer); ordering between
 * overlapping concurrent writes is the caller's business.
 */
public interface BlockDevice extends Closeable {

    /** Where the data lives, for messages. */
    String path();

    /** Size in bytes, fixed while open. */
    long size();

    /** Fills {@code dst} from {@code offset}; position of dst advances to its limit. */
    void read(long offset, ByteBuffer dst) throws IOException;

    /** Writes all of {@code src} at {@code offset}; position of src advances to its limit. */
    void write(long offset, ByteBuffer src) throws IOException;

    /**
     * Writes like {@link #write}, for bulk copies nobody reads back soon (synchronization blocks): where
     * the device can, around the page cache, so that copying a whole volume neither evicts the cache
     * nor piles up write-back. Durable, like any write, after {@link #sync}.
     */
    default void writeBulk(long offset, ByteBuffer src) throws IOException {
        write(offset, src);
    }

    /**
     * The range {@code [offset, offset + length)} mapped read-only into memory, where the device allows it:
     * its bytes without the copy {@link #read} makes (a synchronization hashing a whole volume). Sees every
     * completed write, as a read does. Empty where the device cannot (direct I/O bypasses the page cache a
     * mapping reads; other systems): read instead.
     *
     * @throws IOException the range lies outside the device, or past its end now (it shrank since it was
     *                     opened: mapped, it would fault instead of failing)
     */
    default Optional<MappedRegion> map(long offset, int length) throws IOException {
        return Optional.empty();
    }

    /** Makes every completed write durable (fdatasync). */
    void sync() throws IOException;

    @Override
    void close() throws IOException;
}
