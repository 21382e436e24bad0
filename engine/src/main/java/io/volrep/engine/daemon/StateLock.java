package io.volrep.engine.daemon;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;

/**
 * The lock that makes a daemon the only owner of its state directory: {@code vxrepd.lock}, locked
 * with fcntl for the life of the process (released by the kernel even after kill -9), holding the
 * owner's pid for messages.
 */
final class StateLock implements Closeable {
    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StateLock acquire(Path stateDir) throws VolrepException, IOException {
        Path file = stateDir.resolve("vxrepd.lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            String owner = new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
            ch.close();
            throw new VolrepException(ErrorCode.DAEMON_ALREADY_RUNNING, "another vxrepd (pid " + (owner.isEmpty() ? "?" : owner)
                    + ") owns state directory " + stateDir + ": stop it first, or give this one another state-dir");
        }
        ch.truncate(0);
        ch.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        ch.force(true);
        return new StateLock(ch, l);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
