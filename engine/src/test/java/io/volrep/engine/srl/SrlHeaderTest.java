package io.volrep.engine.srl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.io.NativeBlockDevice;

class SrlHeaderTest {
    @TempDir
    Path dir;

    private Path newSrl(long size) throws IOException {
        Path f = dir.resolve("srl");
        NativeBlockDevice.createSparseFile(f, size);
        return f;
    }

    private static void garble(Path f, long offset, int length, long seed) throws IOException {
        byte[] junk = new byte[length];
        new Random(seed).nextBytes(junk);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(offset);
            raf.write(junk);
        }
    }

    @Test
    void formatOpenAndRewriteRoundTrip() throws Exception {
        Path f = newSrl(1 << 20);
        try (NativeBlockDevice dev = NativeBlockDevice.open(f, false)) {
            Srl.format(dev, "hr_rvg-9b1c");
            SrlHeader h = SrlHeader.read(dev);
            assertEquals("hr_rvg-9b1c", h.rvgId());
            assertEquals(SrlHeader.DATA_START, h.dataStart());
            assertEquals((1 << 20) - SrlHeader.DATA_START, h.dataSize());
            assertEquals(0, h.epoch());
            assertEquals(0, h.appliedLsn());
            assertEquals(0, h.tailLsn());

            Srl srl = Srl.open(dev, () -> Long.MAX_VALUE);
            assertEquals(1, srl.epoch());
            SrlHeader onDisk = SrlHeader.read(dev);
            assertEquals(srl.header(), onDisk);
            assertEquals(h.sequence() + 1, onDisk.sequence());
            assertEquals(h.logId(), onDisk.logId());

            // Rewrites touch exactly their own 4 KiB copy, never the first bytes of the data area.
            byte[] pattern = new byte[SrlHeader.COPY_SIZE];
            new Random(9).nextBytes(pattern);
            dev.write(SrlHeader.DATA_START, java.nio.ByteBuffer.wrap(pattern));
            SrlHeader moved = onDisk;
            for (int i = 0; i < 4; i++) {
                moved = moved.withPositions(0, 0);
                moved.write(dev);
                assertEquals(moved, SrlHeader.read(dev));
            }
            java.nio.ByteBuffer after = java.nio.ByteBuffer.allocate(pattern.length);
            dev.read(SrlHeader.DATA_START, after);
            assertEquals(java.nio.ByteBuffer.wrap(pattern), after.flip());
        }
    }

    @Test
    void aTornCopyLeavesTheOtherOneInUse() throws Exception {
        Path f = newSrl(1 << 20);
        SrlHeader newest;
        SrlHeader older;
        try (NativeBlockDevice dev = NativeBlockDevice.open(f, false)) {
            Srl.format(dev, "rvg");
            older = SrlHeader.read(dev);
            newest = Srl.open(dev, () -> Long.MAX_VALUE).header();
        }
        assertEquals(older.sequence() + 1, newest.sequence());
        // The newest copy is torn: the previous state in the other copy is read.
        garble(f, newest.copyOffset() + 40, 3000, 1);
        try (NativeBlockDevice dev = NativeBlockDevice.open(f, false)) {
            assertEquals(older, SrlHeader.read(dev));
        }
        // Rewrite, then tear the older copy instead: the newest is read.
        try (NativeBlockDevice dev = NativeBlockDevice.open(f, false)) {
            SrlHeader next = older.withPositions(0, 0);
            next.write(dev);
            garble(f, older.copyOffset(), SrlHeader.COPY_SIZE, 2);
            assertEquals(next, SrlHeader.read(dev));
        }
    }

    @Test
    void bothCopiesDamagedIsADamagedSrl() throws Exception {
        Path f = newSrl(1 << 20);
        try (NativeBlockDevice dev = NativeBlockDevice.open(f, false)) {
            Srl.format(dev, "rvg");
        }
        garble(f, 100, 50, 3);
        garble(f, SrlHeader.COPY_SIZE + 2000, 1, 4);
        try (NativeBlockDevice dev = NativeBlockDevice.open(f, false)) {
            VolrepException e = assertThrows(VolrepException.class, () -> Srl.open(dev, () -> Long.MAX_VALUE));
            assertEquals(ErrorCode.DAMAGED_SRL, e.code());
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("recreate the RVG"), e.getMessage());
        }
    }

    @Test
    void aDeviceWithoutTheMagicIsNotAnSrl() throws Exception {
        Path f = newSrl(1 << 20);
        try (NativeBlockDevice dev = NativeBlockDevice.open(f, false)) {
            VolrepException zeros = assertThrows(VolrepException.class, () -> Srl.open(dev, () -> Long.MAX_VALUE));
            assertEquals(ErrorCode.BAD_FORMAT, zeros.code());
            assertTrue(zeros.getMessage().contains(f.toString()), zeros.getMessage());
        }
        garble(f, 0, 3 * SrlHeader.COPY_SIZE, 5);
        try (NativeBlockDevice dev = NativeBlockDevice.open(f, false)) {
            VolrepException junk = assertThrows(VolrepException.class, () -> SrlHeader.read(dev));
            assertEquals(ErrorCode.BAD_FORMAT, junk.code());
        }
    }

    @Test
    void aDeviceTooSmallForAnSrlIsRefused() throws Exception {
        Path f = newSrl(SrlHeader.DATA_START + 4096);
        try (NativeBlockDevice dev = NativeBlockDevice.open(f, false)) {
            VolrepException e = assertThrows(VolrepException.class, () -> Srl.format(dev, "rvg"));
            assertEquals(ErrorCode.SRL_TOO_SMALL, e.code());
        }
    }
}
