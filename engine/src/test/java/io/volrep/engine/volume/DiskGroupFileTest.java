package io.volrep.engine.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;

class DiskGroupFileTest {
    @TempDir
    Path dir;

    private static DiskGroupConfig sample() {
        return new DiskGroupConfig("hrdg", "id-1", 42L,
                List.of(new VolumeRecord("hr_dv01", "/x/hr_dv01", 1 << 20, true, Optional.of("hr_rvg"), VolumeRecord.Use.DATA, 65536),
                        new VolumeRecord("hr_srl", "/x/hr_srl", 8 << 20, false, Optional.of("hr_rvg"), VolumeRecord.Use.SRL, 0),
                        VolumeRecord.free("spare", "/dev/sdb", 4096, false)),
                List.of(new RvgRecord("hr_rvg", "rid", RvgRecord.PRIMARY, "hr_srl", List.of("hr_dv01"), "ACTIVE")),
                List.of(new RlinkRecord("rlk_london_hr_rvg", "hr_rvg", "london", "hrdg", "hr_rvg", "rlk_seattle_hr_rvg",
                        "ACTIVE", List.of("synchronous=override", "srlprot=autodcm"), java.util.Set.of("inconsistent", "autosync"), "")));
    }

    @Test
    void roundTrip() throws Exception {
        DiskGroupFile.write(dir, sample());
        assertEquals(sample(), DiskGroupFile.read(dir));
        assertTrue(Files.readString(dir.resolve(DiskGroupFile.FILE_NAME)).startsWith("VOLREP-DG 1 "));
        assertTrue(!Files.exists(dir.resolve(DiskGroupFile.FILE_NAME + ".tmp")));
    }

    @Test
    void roleTransferRecordRoundTrips() throws Exception {
        DiskGroupConfig c = sample();
        RvgRecord r = c.rvgs().get(0).withRole(RvgRecord.ACTING_SECONDARY).withTransfer(Optional.of(new TransferRecord(
                TransferRecord.MIGRATE, "COMMITTED", "id-7", "london", 4096, 8192, List.of("tokyo:hrdg:hr_rvg:ACTIVE"),
                java.util.Set.of(TransferRecord.FREEZE, TransferRecord.REBASE))));
        DiskGroupConfig withTransfer = c.withRvg(r);
        DiskGroupFile.write(dir, withTransfer);
        assertEquals(withTransfer, DiskGroupFile.read(dir));
        assertTrue(DiskGroupFile.read(dir).rvg("hr_rvg").get().transfer().get().rebasePending());
        DiskGroupConfig cleared = withTransfer.withRvg(r.withTransfer(Optional.empty()));
        DiskGroupFile.write(dir, cleared);
        assertEquals(Optional.empty(), DiskGroupFile.read(dir).rvg("hr_rvg").get().transfer());
    }

    @Test
    void anyChangedByteIsDetected() throws Exception {
        DiskGroupFile.write(dir, sample());
        Path f = dir.resolve(DiskGroupFile.FILE_NAME);
        byte[] good = Files.readAllBytes(f);
        for (int i = 0; i < good.length; i += 7) {
            byte[] bad = good.clone();
            bad[i] ^= 0x20;
            Files.write(f, bad);
            VolrepException e = assertThrows(VolrepException.class, () -> DiskGroupFile.read(dir), "byte " + i);
            assertEquals(ErrorCode.DAMAGED_METADATA, e.code());
            assertTrue(e.getMessage().contains(f.toString()));
        }
    }

    @Test
    void truncatedFileIsDamaged() throws Exception {
        DiskGroupFile.write(dir, sample());
        Path f = dir.resolve(DiskGroupFile.FILE_NAME);
        byte[] good = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(good, good.length / 2));
        assertThrows(VolrepException.class, () -> DiskGroupFile.read(dir));
        Files.write(f, new byte[0]);
        assertThrows(VolrepException.class, () -> DiskGroupFile.read(dir));
    }
}
