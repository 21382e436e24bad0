package io.volrep.engine.link;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Set;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret that every host of a set of replicating daemons shares and proves to its peers.
 *
 * <p>The key file holds either hex digits (whitespace ignored; e.g. {@code head -c 32 /dev/urandom |
 * xxd -p}) or raw bytes; either way at least {@value #MIN_BYTES} bytes of key. The key never appears
 * in {@link #toString()} or in a log line. Immutable and thread-safe.
 */
public final class PeerKey {
    public static final int MIN_BYTES = 16;
    private static final Logger LOG = Logger.getLogger(PeerKey.class.getName());
    private static final String HOW_TO = "create it with 'head -c 32 /dev/urandom | xxd -p > %s', "
            + "chmod 600 it, and copy the same file to every host that replicates with this one";

    private final byte[] key;

    private PeerKey(byte[] key) {
        this.key = key;
    }

    /** A key from bytes already in hand (tests, or a key fetched by other means). */
    public static PeerKey of(byte[] key) {
        if (key.length < MIN_BYTES) {
            throw new IllegalArgumentException("peer key has " + key.length + " bytes, needs " + MIN_BYTES);
        }
        return new PeerKey(key.clone());
    }

    /** Reads the key file named by {@code vxrep.peer.key-file}. */
    public static PeerKey read(Path file) throws VolrepException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new VolrepException(ErrorCode.BAD_CONFIG, "peer key file " + file + " does not exist: "
                    + String.format(HOW_TO, file));
        } catch (IOException | SecurityException e) {
            throw new VolrepException(ErrorCode.BAD_CONFIG, "cannot read peer key file " + file + " ("
                    + e + "): make it a regular file readable by the user that runs vxrepd", e);
        }
        byte[] key = decode(raw);
        Arrays.fill(raw, (byte) 0);
        if (key.length < MIN_BYTES) {
            throw new VolrepException(ErrorCode.BAD_CONFIG, "peer key file " + file + " holds " + key.length
                    + " bytes of key, at least " + MIN_BYTES + " are needed: " + String.format(HOW_TO, file));
        }
        warnIfOthersCanRead(file);
        return new PeerKey(key);
    }

    /** Hex text when the whole file (whitespace aside) is an even number of hex digits, else raw bytes. */
    private static byte[] decode(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1).replaceAll("\\s+", "");
        if (!text.isEmpty() && text.length() % 2 == 0 && text.matches("[0-9a-fA-F]+")) {
            byte[] key = new byte[text.length() / 2];
            for (int i = 0; i < key.length; i++) {
                key[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
            }
            return key;
        }
        return raw.clone();
    }

    private static void warnIfOthersCanRead(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warning("peer key file " + file + " is readable by group or others: chmod 600 " + file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.fine("cannot check permissions of peer key file " + file + ": " + e);
        }
    }

    /** HMAC-SHA256 under this key of the concatenation of {@code parts}. */
    byte[] hmac(byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }

    /** Constant-time check of a proof made with {@link #hmac}. */
    boolean verify(byte[] proof, byte[]... parts) {
        return MessageDigest.isEqual(hmac(parts), proof);
    }

    @Override
    public String toString() {
        return "PeerKey(" + key.length + " bytes)";
    }
}
