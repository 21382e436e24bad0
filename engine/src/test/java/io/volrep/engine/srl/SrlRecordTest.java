package io.volrep.engine.srl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.io.NativeBlockDevice;

@Timeout(120)
class SrlRecordTest {
    @TempDir
    Path dir;

    @Test
    void encodeDecodeRoundTripAndEveryFlippedByteIsCaught() {
        byte[] data = new byte[300];
        new Random(1).nextBytes(data);
        ByteBuffer buf = ByteBuffer.allocate(SrlRecord.encodedSize(data.length));
        SrlRecord.encode(buf, 77L, RecordType.DATA, 5, 123456789L, 1, 4096L * 3, 1_700_000_000_000L, 987654L, ByteBuffer.wrap(data));
        assertEquals(buf.capacity(), buf.position());
        buf.flip();
        assertTrue(SrlRecord.checksumMatches(buf, 77L, data.length));
        assertFalse(SrlRecord.checksumMatches(buf, 78L, data.length), "another log's id must not match");
        SrlRecord r = SrlRecord.decodeVerified(buf);
        assertEquals(new SrlRecord(RecordType.DATA, 5, 123456789L, 1, 4096L * 3, 1_700_000_000_000L, 987654L,
                ByteBuffer.wrap(data)), r);
        assertEquals(123456789L + SrlRecord.HEADER_SIZE + 300, r.endLsn());
        for (int i = 0; i < buf.limit(); i++) {
            if (i >= SrlRecord.OFF_CRC && i < SrlRecord.HEADER_SIZE) {
                continue;
            }
            ByteBuffer copy = ByteBuffer.allocate(buf.limit()).put(buf.duplicate()).flip();
            copy.put(i, (byte) (copy.get(i) ^ 0x10));
            assertFalse(SrlRecord.checksumMatches(copy, 77L, data.length), "flip at byte " + i);
        }
    }

    /**
     * Model test: a 256 KiB SRL takes records of random sizes for more than twenty laps while a reader
     * follows and frees space behind it; every record comes back in LSN order with its content.
     */
    @Test
    void manyLapsOfRandomRecordsReadBackInOrder() throws Exception {
        Path f = dir.resolve("srl");
        NativeBlockDevice.createSparseFile(f, SrlHeader.DATA_START + 256 * 1024);
        Random rnd = new Random(42);
        try (NativeBlockDevice dev = NativeBlockDevice.open(f, false)) {
            Srl.format(dev, "laps");
            Srl srl = Srl.open(dev, () -> Long.MAX_VALUE);
            SrlWriter writer = srl.startWriter(64 * 1024, 64, null, Clock.systemUTC());
            int max = srl.geometry().maxDataLength();
            List<byte[]> sent = new ArrayList<>();
            List<CompletableFuture<Long>> lsns = new ArrayList<>();
            for (int i = 0; i < 1500; i++) {
                byte[] data = new byte[rnd.nextInt(i % 10 == 0 ? max + 1 : 8000)];
                rnd.nextBytes(data);
                sent.add(data);
                lsns.add(writer.append(RecordType.DATA, i % 3, 512L * i, ByteBuffer.wrap(data)));
            }
            SrlReader reader = srl.reader(srl.header().epochStart());
            for (int i = 0; i < sent.size(); i++) {
                long lsn = lsns.get(i).get(30, TimeUnit.SECONDS);
                SrlRecord r = reader.next();
                assertEquals(lsn, r.lsn(), "record " + i);
                assertEquals(ByteBuffer.wrap(sent.get(i)), r.data(), "record " + i);
                assertEquals(512L * i, r.volumeOffset());
                assertEquals(i % 3, r.volumeIndex());
                srl.persistApplied(reader.position());
            }
            assertNull(reader.next());
            long laps = writer.nextLsn() / srl.geometry().dataSize();
            assertTrue(laps > 20, "only " + laps + " laps");
            writer.close();

            // A reopen finds the same end and the records the tail still covers.
            Srl again = Srl.open(dev, () -> Long.MAX_VALUE);
            assertEquals(writer.durableLsn(), again.recovery().endLsn());
            assertEquals(0, again.recovery().tornBytes());
        }
    }
}
