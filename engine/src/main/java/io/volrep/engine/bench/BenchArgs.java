package io.volrep.engine.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The arguments of {@code vxbench run}, parsed and checked. Bad input throws
 * {@link IllegalArgumentException} with a message for the user.
 *
 * @param count     requests to issue in all (0 when {@code time} limits the run)
 * @param time      how long to run (null when {@code count} limits it)
 * @param sizeLimit only the first this many bytes of each export are used
 */
public record BenchArgs(List<String> uris, Workload rw, int bs, int qd, long count, Duration time, long sizeLimit,
                        boolean json) {

    /** The access pattern. */
    public enum Workload {
        WRITE(true, false), RANDWRITE(true, true), READ(false, false), RANDREAD(false, true);

        final boolean write;
        final boolean random;

        Workload(boolean write, boolean random) {
            this.write = write;
            this.random = random;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final long DEFAULT_SIZE_LIMIT = 256L << 20;
    public static final int MAX_BS = 32 << 20;
    public static final int MAX_QD = 1024;

    public static final String USAGE = String.join("\n",
            "usage: vxbench run --uri URI [--uri URI...] --rw write|randwrite|read|randread",
            "                   [--bs 4k] [--qd 16] (--count N | --time 10s) [--size-limit 256m] [--json]",
            "       vxbench help",
            "  URI       nbd+unix:///DG/VOL?socket=PATH or nbd://HOST:PORT/DG/VOL; one connection each",
            "  --bs      request size (suffix k, m, g: powers of 1024); at most 32m",
            "  --qd      requests in flight per connection",
            "  --count   requests in all, spread over the connections",
            "  --time    run time (suffix ms, s, m)",
            "  --size-limit  use only the first bytes of each export",
            "  --json    one JSON line instead of the text report");

    public static BenchArgs parse(List<String> args) {
        List<String> uris = new ArrayList<>();
        Workload rw = null;
        int bs = 4096;
        int qd = 16;
        long count = 0;
        Duration time = null;
        long sizeLimit = DEFAULT_SIZE_LIMIT;
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            String opt = args.get(i);
            if (opt.equals("--json")) {
                json = true;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(opt.startsWith("--") ? opt + " needs a value" : "unexpected " + opt);
            }
            String v = args.get(++i);
            switch (opt) {
                case "--uri": uris.add(v); break;
                case "--rw": rw = workload(v); break;
                case "--bs": bs = (int) bounded("--bs", size(v), 1, MAX_BS); break;
                case "--qd": qd = (int) bounded("--qd", number("--qd", v), 1, MAX_QD); break;
                case "--count": count = bounded("--count", number("--count", v), 1, Long.MAX_VALUE); break;
                case "--time": time = duration(v); break;
                case "--size-limit": sizeLimit = bounded("--size-limit", size(v), 1, Long.MAX_VALUE); break;
                default: throw new IllegalArgumentException("unknown option " + opt);
            }
        }
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("at least one --uri is required");
        }
        if (rw == null) {
            throw new IllegalArgumentException("--rw is required");
        }
        if ((count == 0) == (time == null)) {
            throw new IllegalArgumentException("give exactly one of --count and --time");
        }
        return new BenchArgs(List.copyOf(uris), rw, bs, qd, count, time, sizeLimit, json);
    }

    private static Workload workload(String v) {
        for (Workload w : Workload.values()) {
            if (w.label().equals(v)) {
                return w;
            }
        }
        throw new IllegalArgumentException("--rw " + v + ": expected write, randwrite, read or randread");
    }

    /** {@code 4096}, {@code 4k}, {@code 1m}, {@code 2g} (powers of 1024). */
    static long size(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        int shift = s.endsWith("k") ? 10 : s.endsWith("m") ? 20 : s.endsWith("g") ? 30 : 0;
        String digits = shift == 0 ? s : s.substring(0, s.length() - 1);
        long n = number("size", digits);
        if (n > Long.MAX_VALUE >> shift) {
            throw new IllegalArgumentException("size " + v + " is too large");
        }
        return n << shift;
    }

    /** {@code 500ms}, {@code 10s}, {@code 2m}. */
    static Duration duration(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        Duration d;
        if (s.endsWith("ms")) {
            d = Duration.ofMillis(number("--time", s.substring(0, s.length() - 2)));
        } else if (s.endsWith("s")) {
            d = Duration.ofSeconds(number("--time", s.substring(0, s.length() - 1)));
        } else if (s.endsWith("m")) {
            d = Duration.ofMinutes(number("--time", s.substring(0, s.length() - 1)));
        } else {
            throw new IllegalArgumentException("--time " + v + ": give a unit (ms, s or m)");
        }
        if (d.isZero()) {
            throw new IllegalArgumentException("--time " + v + " must be positive");
        }
        return d;
    }

    private static long number(String what, String v) {
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " " + v + " is not a number");
        }
    }

    private static long bounded(String what, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + " " + v + " is outside " + min + ".." + max);
        }
        return v;
    }
}
