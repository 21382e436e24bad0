package io.volrep.engine.volume;

import java.util.Locale;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;

/**
 * VxVM size syntax: a plain number is 512-byte sectors; suffixes s (sectors), k, m, g, t are
 * powers of 1024. Volume sizes are rounded up to whole 4 KiB blocks.
 */
public final class Sizes {
    public static final int SECTOR = 512;
    public static final int BLOCK = 4096;
    public static final long MAX = 1L << 50;

    private Sizes() {
    }

    public static long parse(String text) throws VolrepException {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (!s.matches("[0-9]+[sbkmgt]?")) {
            throw new VolrepException(ErrorCode.BAD_SIZE, "'" + text
                    + "' is not a size: give a number of sectors or a number with k, m, g or t (e.g. 256m)");
        }
        char last = s.charAt(s.length() - 1);
        char unit = Character.isDigit(last) ? 's' : last;
        String digits = Character.isDigit(last) ? s : s.substring(0, s.length() - 1);
        long mult = switch (unit) {
            case 's' -> SECTOR;
            case 'b' -> 1;
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> throw new IllegalStateException("unit " + unit);
        };
        long n;
        try {
            n = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n <= 0 || n > MAX / mult) {
            throw new VolrepException(ErrorCode.BAD_SIZE, "size '" + text + "' is out of range (1 sector to 1024t)");
        }
        return n * mult;
    }

    /** Rounds up to a whole number of 4 KiB blocks. */
    public static long roundUp(long bytes) {
        return (bytes + BLOCK - 1) / BLOCK * BLOCK;
    }

    /** Human form used in messages: 256M, 1.50G, 512K. */
    public static String human(long bytes) {
        String[] units = {"K", "M", "G", "T"};
        double v = bytes;
        if (bytes < 1024) {
            return bytes + "B";
        }
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return v == Math.rint(v) ? String.format("%d%s", (long) v, units[u]) : String.format("%.2f%s", v, units[u]);
    }

    public static long sectors(long bytes) {
        return bytes / SECTOR;
    }
}
