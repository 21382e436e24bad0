package io.volrep.engine.bench;

import java.util.Locale;

/** The outcome of one vxbench run, as text or one JSON line. */
public record BenchReport(BenchArgs args, long ops, long bytes, double seconds, long errors, String firstError,
                          long p50Nanos, long p99Nanos, long maxNanos) {

    public double mibPerSecond() {
        return seconds <= 0 ? 0 : bytes / seconds / (1 << 20);
    }

    public double iops() {
        return seconds <= 0 ? 0 : ops / seconds;
    }

    public String text() {
        String s = String.format(Locale.ROOT,
                "%s bs=%d qd=%d connections=%d: %d ops in %.2f s, %.1f MiB/s, %.0f IOPS, "
                        + "latency p50 %.0f us, p99 %.0f us, max %.0f us",
                args.rw().label(), args.bs(), args.qd(), args.uris().size(), ops, seconds, mibPerSecond(), iops(),
                p50Nanos / 1e3, p99Nanos / 1e3, maxNanos / 1e3);
        return errors == 0 ? s : s + String.format(Locale.ROOT, "%n%d errors, first: %s", errors, firstError);
    }

    public String json() {
        return String.format(Locale.ROOT,
                "{\"rw\":\"%s\",\"bs\":%d,\"qd\":%d,\"connections\":%d,\"ops\":%d,\"bytes\":%d,\"seconds\":%.3f,"
                        + "\"mib_per_s\":%.2f,\"iops\":%.1f,\"lat_p50_us\":%.1f,\"lat_p99_us\":%.1f,"
                        + "\"lat_max_us\":%.1f,\"errors\":%d}",
                args.rw().label(), args.bs(), args.qd(), args.uris().size(), ops, bytes, seconds, mibPerSecond(),
                iops(), p50Nanos / 1e3, p99Nanos / 1e3, maxNanos / 1e3, errors);
    }
}
