package io.volrep.engine.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.api.VolrepException;

class DcmBitmapTest {
    @TempDir
    Path dir;

    @Test
    void marksEveryTouchedRegion() {
        DcmBitmap d = new DcmBitmap(65536, 10 * 65536 + 100);
        assertEquals(11, d.regions());
        d.mark(65535, 2);
        assertTrue(d.isDirty(0) && d.isDirty(1) && !d.isDirty(2));
        d.mark(10 * 65536, 50);
        assertEquals(3, d.dirtyRegions());
        assertEquals(2 * 65536 + 100, d.dirtyBytes());
        assertEquals(10, d.nextDirty(2));
        d.clear(0);
        assertEquals(1, d.nextDirty(0));
        d.mark(5, 0);
        assertFalse(d.isDirty(0));
    }

    @Test
    void persistsAndDetectsDamage() throws Exception {
        DcmBitmap d = new DcmBitmap(32768, 1 << 24);
        d.mark(12345678, 100000);
        Path f = dir.resolve("v.dcm");
        d.persist(f);
        DcmBitmap back = DcmBitmap.load(f);
        assertEquals(d.dirtyRegions(), back.dirtyRegions());
        assertEquals(d.nextDirty(0), back.nextDirty(0));
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length - 1] ^= 1;
        Files.write(f, bytes);
        assertThrows(VolrepException.class, () -> DcmBitmap.load(f));
    }
}
