package io.volrep.engine.rvg;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;

/**
 * The settable attributes of an RLINK pair (spec/vvr-features.md §1.3), as given to
 * {@code vradmin addsec} and {@code vradmin set}: {@code synchronous=off|override|fail},
 * {@code srlprot=autodcm|dcm|override|fail|off}, {@code latencyprot=off|override|fail},
 * {@code latency_high_mark}, {@code latency_low_mark}, {@code bandwidth_limit=30mbps|none},
 * {@code compression=on|off}, {@code packet_size}, {@code protocol=TCP}.
 *
 * @param bandwidthBitsPerSecond 0 for none
 */
public record RlinkAttributes(String synchronous, String srlprot, String latencyprot, long latencyHighMark,
                              long latencyLowMark, long bandwidthBitsPerSecond, boolean compression, int packetSize) {

    public static final RlinkAttributes DEFAULTS = new RlinkAttributes("off", "autodcm", "off", 10000, 9950, 0, false, 8400);
    private static final List<String> SYNC = List.of("off", "override", "fail");
    private static final List<String> SRLPROT = List.of("autodcm", "dcm", "override", "fail", "off");
    private static final List<String> LATPROT = List.of("off", "override", "fail");

    /** Applies {@code attr=value} words to this set; every word is checked before any is applied. */
    public RlinkAttributes with(List<String> words) throws VolrepException {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq <= 0 || eq == w.length() - 1) {
                throw bad(w, "write attributes as name=value, e.g. synchronous=override");
            }
            String key = w.substring(0, eq).toLowerCase(Locale.ROOT);
            if (kv.put(key, w.substring(eq + 1)) != null) {
                throw bad(w, "attribute " + key + " is given twice");
            }
        }
        String sync = synchronous;
        String srl = srlprot;
        String lat = latencyprot;
        long high = latencyHighMark;
        long low = latencyLowMark;
        long bw = bandwidthBitsPerSecond;
        boolean comp = compression;
        int packet = packetSize;
        for (Map.Entry<String, String> e : kv.entrySet()) {
            String v = e.getValue().toLowerCase(Locale.ROOT);
            String word = e.getKey() + "=" + e.getValue();
            switch (e.getKey()) {
                case "synchronous" -> sync = oneOf(word, v, SYNC);
                case "srlprot" -> srl = oneOf(word, v, SRLPROT);
                case "latencyprot" -> lat = oneOf(word, v, LATPROT);
                case "latency_high_mark" -> high = number(word, v, 1, 1_000_000_000);
                case "latency_low_mark" -> low = number(word, v, 0, 1_000_000_000);
                case "bandwidth_limit" -> bw = bandwidth(word, v);
                case "compression" -> comp = oneOf(word, v, List.of("on", "off")).equals("on");
                case "packet_size" -> packet = (int) number(word, v, 1024, 65536);
                case "protocol" -> {
                    if (!v.equals("tcp")) {
                        throw bad(word, "volrep replicates over TCP only: use protocol=TCP");
                    }
                }
                default -> throw bad(word, "unknown attribute; the attributes are synchronous, srlprot, latencyprot, "
                        + "latency_high_mark, latency_low_mark, bandwidth_limit, compression, packet_size, protocol");
            }
        }
        if (low >= high) {
            throw new VolrepException(ErrorCode.BAD_ATTRIBUTE, "latency_low_mark (" + low
                    + ") must be below latency_high_mark (" + high + ")");
        }
        return new RlinkAttributes(sync, srl, lat, high, low, bw, comp, packet);
    }

    /** The attributes as {@code name=value} words, in a fixed order (persisted, printed). */
    public List<String> words() {
        return List.of("synchronous=" + synchronous, "srlprot=" + srlprot, "latencyprot=" + latencyprot,
                "latency_high_mark=" + latencyHighMark, "latency_low_mark=" + latencyLowMark,
                "bandwidth_limit=" + (bandwidthBitsPerSecond == 0 ? "none" : bandwidthBitsPerSecond + "bps"), "compression=" + (compression ? "on" : "off"),
                "packet_size=" + packetSize);
    }

    /** {@code none} or the limit in the product's form, e.g. {@code 30.00 Mbps}. */
    public String bandwidthText() {
        return bandwidthBitsPerSecond == 0 ? "none" : String.format("%.2f Mbps", bandwidthBitsPerSecond / 1e6);
    }

    private static String oneOf(String word, String v, List<String> allowed) throws VolrepException {
        if (!allowed.contains(v)) {
            throw bad(word, "the values are " + String.join(", ", allowed));
        }
        return v;
    }

    private static long number(String word, String v, long min, long max) throws VolrepException {
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(word, "give a whole number from " + min + " to " + max);
    }

    /** {@code none}, or a rate with bps, kbps, mbps or gbps (bits per second); at least 1 Mbps as in the product. */
    static long bandwidth(String word, String v) throws VolrepException {
        if (v.equals("none")) {
            return 0;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]+)(bps|kbps|mbps|gbps)").matcher(v);
        if (!m.matches()) {
            throw bad(word, "give a rate such as 30mbps, 500kbps or 1gbps, or none");
        }
        long mult = switch (m.group(2)) {
            case "bps" -> 1L;
            case "kbps" -> 1_000L;
            case "mbps" -> 1_000_000L;
            default -> 1_000_000_000L;
        };
        long bits;
        try {
            bits = Math.multiplyExact(Long.parseLong(m.group(1)), mult);
        } catch (ArithmeticException | NumberFormatException e) {
            throw bad(word, "the rate is too large");
        }
        if (bits < 1_000_000L) {
            throw bad(word, "the smallest bandwidth limit is 1mbps");
        }
        return bits;
    }

    private static VolrepException bad(String word, String why) {
        return new VolrepException(ErrorCode.BAD_ATTRIBUTE, "attribute '" + word + "': " + why);
    }
}
