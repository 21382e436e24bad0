package io.volrep.engine.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerKeyTest {
    @TempDir
    Path dir;

    @Test
    void hexAndRawFilesGiveTheirKeys() throws Exception {
        Path hex = Files.writeString(dir.resolve("hex.key"), "00112233445566778899aabbccddeeff\n0011\n");
        Path raw = Files.write(dir.resolve("raw.key"), "sixteen raw byte".getBytes(StandardCharsets.US_ASCII));
        PeerKey h = PeerKey.read(hex);
        PeerKey r = PeerKey.read(raw);
        byte[] bytes = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88, (byte) 0x99, (byte) 0xaa,
                (byte) 0xbb, (byte) 0xcc, (byte) 0xdd, (byte) 0xee, (byte) 0xff, 0x00, 0x11};
        byte[] msg = "m".getBytes(StandardCharsets.US_ASCII);
        assertTrue(h.verify(PeerKey.of(bytes).hmac(msg), msg));
        assertTrue(r.verify(PeerKey.of("sixteen raw byte".getBytes(StandardCharsets.US_ASCII)).hmac(msg), msg));
        assertFalse(h.verify(r.hmac(msg), msg));
        assertEquals("PeerKey(18 bytes)", h.toString());
    }

    @Test
    void missingFileNamesItAndSaysHowToCreateIt() {
        Path missing = dir.resolve("peer.key");
        VolrepException e = assertThrows(VolrepException.class, () -> PeerKey.read(missing));
        assertEquals(ErrorCode.BAD_CONFIG, e.code());
        assertTrue(e.getMessage().startsWith("peer key file " + missing + " does not exist: create it"),
                e.getMessage());
    }

    @Test
    void shortKeyIsRefused() throws Exception {
        Path shortHex = Files.writeString(dir.resolve("short.key"), "0011223344556677");
        VolrepException e = assertThrows(VolrepException.class, () -> PeerKey.read(shortHex));
        assertEquals(ErrorCode.BAD_CONFIG, e.code());
        assertTrue(e.getMessage().contains("holds 8 bytes of key, at least 16 are needed"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PeerKey.of(new byte[15]));
    }

    @Test
    void unreadableFileIsRefused() {
        VolrepException e = assertThrows(VolrepException.class, () -> PeerKey.read(dir));
        assertEquals(ErrorCode.BAD_CONFIG, e.code());
        assertTrue(e.getMessage().startsWith("cannot read peer key file " + dir), e.getMessage());
    }
}
