package io.volrep.engine.sync;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of one synchronization session on the peer port (channel {@code sync:DG} of the target
 * host). The source (the host whose volumes are copied) dials; all numbers big-endian:
 * <pre>
 *  OPEN     src->tgt  mode (UTF: diff | full | verify), target RVG (UTF, "" for syncvol), block size (int),
 *                     blocks per hash chunk (int), volume count (int), then per volume: name (UTF), size (long),
 *                     then the block digest (UTF: a vxrep.sync.digest word; absent from sources that
 *                     predate it, which hashed with sha-256)
 *  READY    tgt->src  (empty): the target checked everything and holds its volumes; hashes follow (diff, verify)
 *  REFUSED  tgt->src  error code number (int), message (UTF); the target then closes
 *  HASHES   tgt->src  volume (int), first block (long), count (int), then count digests (16 bytes each
 *                     for xxh3-128, 32 for sha-256)
 *  DATA     src->tgt  volume (int), offset (long), then the bytes of one or more adjacent blocks
 *  ZERO     src->tgt  volume (int), offset (long), length (long): the range holds zeroes only
 *  DONE     src->tgt  (empty): no more DATA or ZERO; make the volumes durable
 *  FINISHED tgt->src  bytes written (long): every DATA and ZERO is durable on the target's volumes
 *  WRITTEN  tgt->src  DATA bytes written so far (long), sent every {@value #WRITTEN_EVERY} bytes
 *  CONSUMED src->tgt  hash chunks compared so far (long)
 * </pre>
 * Hash chunks cover {@code blocks per chunk} blocks (fewer at a volume's end), in volume order, so the
 * source pairs them with its own chunks without asking: the lists stream, one round trip per session.
 *
 * <p>Flow control, so that neither side queues without bound and neither waits for the other in a
 * circle: the source keeps at most {@value #DATA_WINDOW} DATA bytes beyond the last WRITTEN; the target
 * hashes at most {@value #HASH_AHEAD} chunks beyond the last CONSUMED, fewer than the source buffers, so
 * the source always reads what the target sends and WRITTEN always gets through.
 */
final class SyncWire {
    static final String CHANNEL_PREFIX = "sync:";
    static final int OPEN = 30;
    static final int READY = 31;
    static final int REFUSED = 32;
    static final int HASHES = 33;
    static final int DATA = 34;
    static final int ZERO = 35;
    static final int DONE = 36;
    static final int FINISHED = 37;
    static final int WRITTEN = 38;
    static final int CONSUMED = 39;
    static final long WRITTEN_EVERY = 1 << 20;
    static final long DATA_WINDOW = 8 << 20;
    static final int HASH_AHEAD = 1024;
    static final int DATA_HEADER = 4 + 8;

    private SyncWire() {
    }

    /** One volume of a session as OPEN names it on the target. */
    record TargetVolume(String name, long size) {
    }

    /**
     * What OPEN carries.
     *
     * @param digest the source's vxrep.sync.digest word, kept as a word so that a target can name one it
     *               does not know when it refuses it
     */
    record Open(SyncMode mode, String rvg, int blockSize, int chunkBlocks, List<TargetVolume> volumes, String digest) {
    }

    /** The digest of sources whose OPEN names none: they hashed with SHA-256. */
    static final String OLD_DIGEST = "sha-256";

    static byte[] open(Open o) {
        return write(out -> {
            out.writeUTF(o.mode().word());
            out.writeUTF(o.rvg());
            out.writeInt(o.blockSize());
            out.writeInt(o.chunkBlocks());
            out.writeInt(o.volumes().size());
            for (TargetVolume v : o.volumes()) {
                out.writeUTF(v.name());
                out.writeLong(v.size());
            }
            out.writeUTF(o.digest());
        });
    }

    static Open readOpen(byte[] payload) throws IOException {
        DataInputStream in = in(payload);
        SyncMode mode = SyncMode.of(in.readUTF()).orElseThrow(() -> new IOException("unknown sync mode"));
        String rvg = in.readUTF();
        int blockSize = in.readInt();
        int chunkBlocks = in.readInt();
        int n = in.readInt();
        if (blockSize < 4096 || blockSize > (4 << 20) || chunkBlocks < 1 || chunkBlocks > 4096 || n < 1 || n > 4096) {
            throw new IOException("bad OPEN: block size " + blockSize + ", chunk " + chunkBlocks + ", " + n + " volumes");
        }
        List<TargetVolume> vols = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            vols.add(new TargetVolume(in.readUTF(), in.readLong()));
        }
        String digest = in.available() > 0 ? in.readUTF() : OLD_DIGEST;
        return new Open(mode, rvg, blockSize, chunkBlocks, vols, digest);
    }

    static byte[] refused(int code, String message) {
        return write(out -> {
            out.writeInt(code);
            out.writeUTF(message.length() > 20_000 ? message.substring(0, 20_000) : message);
        });
    }

    static byte[] hashes(int volume, long firstBlock, byte[][] digests) {
        return write(out -> {
            out.writeInt(volume);
            out.writeLong(firstBlock);
            out.writeInt(digests.length);
            for (byte[] d : digests) {
                out.write(d);
            }
        });
    }

    static byte[] data(int volume, long offset, java.nio.ByteBuffer bytes) {
        byte[] b = new byte[DATA_HEADER + bytes.remaining()];
        java.nio.ByteBuffer.wrap(b).putInt(volume).putLong(offset).put(bytes);
        return b;
    }

    static byte[] zero(int volume, long offset, long length) {
        return java.nio.ByteBuffer.allocate(20).putInt(volume).putLong(offset).putLong(length).array();
    }

    static byte[] finished(long bytesWritten) {
        return count(bytesWritten);
    }

    /** WRITTEN and CONSUMED: one counter. */
    static byte[] count(long n) {
        return java.nio.ByteBuffer.allocate(8).putLong(n).array();
    }

    static DataInputStream in(byte[] payload) {
        return new DataInputStream(new ByteArrayInputStream(payload));
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            body.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
