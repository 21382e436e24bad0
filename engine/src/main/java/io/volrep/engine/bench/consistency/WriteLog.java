package io.volrep.engine.bench.consistency;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The record of a stamped workload: every write issued (sequence, volume, block, and its floor: the
 * highest sequence such that every write up to it had been acknowledged when this one was issued)
 * and every acknowledgement. The checker needs both: issued writes may appear on a Secondary, and
 * acknowledged ones must appear on the Primary.
 *
 * <p>File layout: records of 1 byte kind ('I' issued, 'A' acknowledged) + 8 sequence, and for 'I'
 * also 4 volume + 8 block + 8 floor, big-endian. A torn last record (the workload was killed) is
 * ignored. Writing is synchronized; reading loads the whole file.
 */
public final class WriteLog implements Closeable {
    /** One issued write. */
    public record Write(long seq, int volume, long block, long floor) {
    }

    private final DataOutputStream out;

    private WriteLog(DataOutputStream out) {
        this.out = out;
    }

    public static WriteLog create(Path file) throws IOException {
        return new WriteLog(new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)));
    }

    public synchronized void issued(Write w) throws IOException {
        out.writeByte('I');
        out.writeLong(w.seq());
        out.writeInt(w.volume());
        out.writeLong(w.block());
        out.writeLong(w.floor());
    }

    public synchronized void acked(long seq) throws IOException {
        out.writeByte('A');
        out.writeLong(seq);
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /** What a log file holds. */
    public record Contents(List<Write> writes, Set<Long> acked) {
    }

    public static Contents read(Path file) throws IOException {
        List<Write> writes = new ArrayList<>();
        Set<Long> acked = new HashSet<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            while (true) {
                int kind;
                try {
                    kind = in.readByte();
                    if (kind == 'I') {
                        writes.add(new Write(in.readLong(), in.readInt(), in.readLong(), in.readLong()));
                    } else if (kind == 'A') {
                        acked.add(in.readLong());
                    } else {
                        throw new IOException(file + ": not a write log (record kind " + kind + ")");
                    }
                } catch (EOFException e) {
                    break;
                }
            }
        }
        return new Contents(writes, acked);
    }
}
