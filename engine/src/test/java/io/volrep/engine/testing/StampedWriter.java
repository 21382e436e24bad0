package io.volrep.engine.testing;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

import io.volrep.engine.nbd.NbdClient;

/**
 * Writes self-describing 4 KiB blocks (volume, block, sequence, CRC) at random blocks of one NBD
 * export, several in flight but never two on the same block, and records the highest acknowledged
 * sequence of every block. After a crash, {@link #check} proves each block holds its last
 * acknowledged write or a later issued one, never older data and never a torn block.
 */
public final class StampedWriter {
    public static final int BLOCK = 4096;
    private static final long MAGIC = 0x5354414d50454421L;

    private final NbdClient client;
    private final int volumeId;
    private final long blocks;
    private final Map<Long, Long> acked = new ConcurrentHashMap<>();
    private final Set<Long> busy = ConcurrentHashMap.newKeySet();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong ackCount = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();

    /** @param firstSeq sequence numbers start above it, so several runs on one volume stay ordered */
    public StampedWriter(NbdClient client, int volumeId, long blocks, long firstSeq) {
        this.client = client;
        this.volumeId = volumeId;
        this.blocks = blocks;
        this.seq.set(firstSeq);
    }

    public long acknowledged() {
        return ackCount.get();
    }

    public Map<Long, Long> ackedSnapshot() {
        return Map.copyOf(acked);
    }

    public void stop() {
        stop.set(true);
    }

    /** Issues writes with {@code depth} in flight until stopped or the connection fails. */
    public void run(int depth, long seed) throws InterruptedException {
        Semaphore slots = new Semaphore(depth);
        Random rnd = new Random(seed);
        AtomicBoolean failed = new AtomicBoolean();
        while (!stop.get() && !failed.get()) {
            if (!slots.tryAcquire(1, TimeUnit.SECONDS)) {
                continue;
            }
            long block = rnd.nextLong(blocks);
            if (!busy.add(block)) {
                slots.release();
                continue;
            }
            long s = seq.incrementAndGet();
            client.write(block * BLOCK, stamp(volumeId, block, s), false).whenComplete((v, err) -> {
                if (err == null) {
                    acked.merge(block, s, Math::max);
                    ackCount.incrementAndGet();
                } else {
                    failed.set(true);
                }
                busy.remove(block);
                slots.release();
            });
        }
        slots.tryAcquire(depth, 30, TimeUnit.SECONDS);
    }

    public static ByteBuffer stamp(int volume, long block, long seq) {
        ByteBuffer b = ByteBuffer.allocate(BLOCK);
        b.putLong(MAGIC).putInt(volume).putLong(block).putLong(seq);
        Random fill = new Random(seq * 31 + block);
        while (b.position() < BLOCK - 4) {
            b.put((byte) fill.nextInt());
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, BLOCK - 4);
        b.putInt((int) crc.getValue());
        return b.flip();
    }

    /**
     * Checks one block read back: returns null if it is acceptable, else what is wrong. An unwritten
     * block is all zeroes; a written block is a whole stamp of this volume and block whose sequence
     * is at least the last acknowledged one.
     */
    public static String check(int volume, long block, ByteBuffer data, Long lastAcked) {
        byte[] a = new byte[BLOCK];
        data.duplicate().get(a);
        boolean zero = true;
        for (byte x : a) {
            if (x != 0) {
                zero = false;
                break;
            }
        }
        if (zero) {
            return lastAcked == null ? null : "block " + block + " is zero but write " + lastAcked + " was acknowledged";
        }
        ByteBuffer b = ByteBuffer.wrap(a);
        long magic = b.getLong();
        int vol = b.getInt();
        long blk = b.getLong();
        long s = b.getLong();
        if (magic != MAGIC || vol != volume || blk != block) {
            return "block " + block + " holds foreign data (volume " + vol + ", block " + blk + ")";
        }
        if (!stamp(volume, block, s).equals(ByteBuffer.wrap(a))) {
            return "block " + block + " is torn (sequence " + s + ")";
        }
        if (lastAcked != null && s < lastAcked) {
            return "block " + block + " holds write " + s + " but write " + lastAcked + " was acknowledged later";
        }
        return null;
    }
}
