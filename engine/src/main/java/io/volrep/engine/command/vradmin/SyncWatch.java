package io.volrep.engine.command.vradmin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.sync.SyncJob;
import io.volrep.engine.sync.SyncMode;
import io.volrep.engine.sync.SyncProgress;
import io.volrep.engine.sync.SyncRequest;
import io.volrep.engine.sync.SyncResult;

/**
 * What syncrvg and syncvol share: start one daemon job per target host, print their progress every
 * {@value #REPORT_SECONDS} s while they run (a client that goes away does not stop them; they run on
 * the daemon's threads), then one result block per host. A verify lists the differing ranges.
 */
final class SyncWatch {
    static final long REPORT_SECONDS = 2;
    private static final int RANGES_SHOWN = 20;

    /** One job to start: its key, how it is named, how to resume it, what it does. */
    record Planned(String key, String what, String resume, SyncRequest request) {
    }

    private final Engine engine;
    private final Invocation inv;
    private final List<SyncJob> jobs = new ArrayList<>();

    SyncWatch(Engine engine, Invocation inv) {
        this.engine = engine;
        this.inv = inv;
    }

    /** Starts every planned job; a job that cannot start is an error after the ones already started. */
    void start(List<Planned> plan) throws VolrepException {
        for (Planned p : plan) {
            jobs.add(engine.sync().start(p.key(), p.what(), p.resume(), p.request()));
        }
    }

    /** Whether any job started. */
    boolean started() {
        return !jobs.isEmpty();
    }

    /** Waits for every job, printing progress; returns the jobs, finished. */
    List<SyncJob> await() {
        long next = System.nanoTime() + TimeUnit.SECONDS.toNanos(REPORT_SECONDS);
        for (SyncJob j : jobs) {
            while (j.running()) {
                try {
                    j.result().get(Math.max(1, next - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    jobs.stream().filter(SyncJob::running).forEach(x -> inv.out(x.what() + ": " + x.progress().line()));
                    next = System.nanoTime() + TimeUnit.SECONDS.toNanos(REPORT_SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return jobs;
                } catch (java.util.concurrent.ExecutionException e) {
                    break;
                }
            }
        }
        return jobs;
    }

    /**
     * Prints what each job did; returns the error to end the command with: SYNC_INTERRUPTED when a job
     * failed (with how to resume: {@code resume} gives the command line for the failed hosts), a host's
     * own error when it refused the job (nothing was written there), VOLUMES_DIFFER when a verify found
     * differences.
     */
    Optional<VolrepException> report(java.util.function.Function<List<String>, String> resume) {
        List<String> failed = new ArrayList<>();
        VolrepException refused = null;
        long differing = 0;
        for (SyncJob j : jobs) {
            Optional<Throwable> why = j.failureCause();
            if (why.isPresent() && why.get() instanceof VolrepException v) {
                inv.err("vradmin: " + j.what() + " refused; nothing was copied");
                refused = refused == null ? v : refused;
                continue;
            }
            if (why.isPresent()) {
                inv.err("vradmin: " + j.what() + " failed at " + j.progress().percent() + "%: " + why.get().getMessage());
                failed.add(j.request().host());
                continue;
            }
            SyncResult r = j.result().join();
            inv.out(summary(j, r));
            if (r.mode() == SyncMode.VERIFY) {
                ranges(r);
                differing += r.differingBlocks();
            }
        }
        if (!failed.isEmpty()) {
            return Optional.of(new VolrepException(ErrorCode.SYNC_INTERRUPTED, "synchronization to " + String.join(", ", failed)
                    + " did not complete; the volumes there are partly copied. Resume with: " + resume.apply(failed)
                    + " (only the blocks that still differ are sent)"));
        }
        if (refused != null) {
            return Optional.of(refused);
        }
        if (differing > 0) {
            return Optional.of(new VolrepException(ErrorCode.VOLUMES_DIFFER, differing + " block(s) differ: copy them with the"
                    + " same command without -verify"));
        }
        return Optional.empty();
    }

    private static String summary(SyncJob j, SyncResult r) {
        double mb = r.comparedBytes() / 1e6;
        String rate = String.format("%.2f MB in %.1f s (%.1f MB/s)", mb, r.seconds(), r.bytesPerSecond() / 1e6);
        return switch (r.mode()) {
            case VERIFY -> r.differingBlocks() == 0
                    ? "VxVM VVR vradmin INFO " + j.what() + ": the volumes are identical; " + rate + " compared"
                    : "VxVM VVR vradmin INFO " + j.what() + ": " + r.differingBlocks() + " block(s) of "
                    + j.request().blockSize() + " bytes differ in " + r.rangeCount() + " range(s); " + rate + " compared";
            case DIFF -> "VxVM VVR vradmin INFO " + j.what() + ": done; " + rate + " compared, " + r.differingBlocks()
                    + " block(s) differed, " + String.format("%.2f MB sent", r.sentBytes() / 1e6);
            case FULL -> "VxVM VVR vradmin INFO " + j.what() + ": done; " + rate + " copied, "
                    + String.format("%.2f MB sent (zero blocks as zero runs)", r.sentBytes() / 1e6);
        };
    }

    private void ranges(SyncResult r) {
        int shown = 0;
        for (SyncProgress.Range g : r.ranges()) {
            if (shown++ == RANGES_SHOWN) {
                inv.out("  ... " + (r.rangeCount() - RANGES_SHOWN) + " more range(s)");
                break;
            }
            inv.out(String.format("  %-20s offset %12d  length %10d", g.volume(), g.offset(), g.length()));
        }
    }
}
