package io.volrep.engine.bench.consistency;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * A self-describing 4 KiB block: magic, volume, block number, write sequence number, a fill derived
 * from them, and a CRC32C of all of it. Reading a block back tells which write put it there, or that
 * it is torn or foreign.
 *
 * <p>Layout (big-endian): magic u64 "VRSTAMP!", volume i32, block i64, sequence i64, fill to byte
 * 4092, CRC32C of bytes 0..4091.
 */
public final class Stamp {
    public static final int SIZE = 4096;
    static final long MAGIC = 0x56525354414d5021L;

    private Stamp() {
    }

    public static ByteBuffer of(int volume, long block, long seq) {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.putLong(MAGIC).putInt(volume).putLong(block).putLong(seq);
        SplittableRandom fill = new SplittableRandom(seq * 31 + block);
        while (b.position() < SIZE - 4) {
            b.putLong(b.position() <= SIZE - 12 ? fill.nextLong() : 0L);
            if (b.position() > SIZE - 4) {
                b.position(SIZE - 4);
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, SIZE - 4);
        b.putInt(SIZE - 4, (int) crc.getValue());
        b.position(0).limit(SIZE);
        return b;
    }

    /** What a block read back holds. */
    public record Seen(Kind kind, long seq, String detail) {
        public enum Kind { ZERO, STAMP, TORN, FOREIGN }
    }

    /** Decodes a block read from {@code volume} at {@code block}. */
    public static Seen read(int volume, long block, ByteBuffer data) {
        ByteBuffer b = data.duplicate();
        boolean zero = true;
        for (int i = b.position(); i < b.limit(); i++) {
            if (b.get(i) != 0) {
                zero = false;
                break;
            }
        }
        if (zero) {
            return new Seen(Seen.Kind.ZERO, 0, "");
        }
        int p = b.position();
        if (b.getLong(p) != MAGIC) {
            return new Seen(Seen.Kind.FOREIGN, 0, "no stamp");
        }
        int vol = b.getInt(p + 8);
        long blk = b.getLong(p + 12);
        long seq = b.getLong(p + 20);
        if (vol != volume || blk != block) {
            return new Seen(Seen.Kind.FOREIGN, seq, "stamp of volume " + vol + " block " + blk);
        }
        ByteBuffer expected = of(volume, block, seq);
        if (!expected.equals(b.slice(p, SIZE))) {
            return new Seen(Seen.Kind.TORN, seq, "sequence " + seq + " is not whole");
        }
        return new Seen(Seen.Kind.STAMP, seq, "");
    }
}
