package io.volrep.engine.sync;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One synchronization session run by the daemon on a thread of its own, so it goes on when the client
 * that started it goes away; any session of the admin socket can watch it ({@code vradmin repstatus}).
 * A failed job keeps its error and the command that resumes it. Thread-safe.
 */
public final class SyncJob {
    private final String key;
    private final String what;
    private final String resume;
    private final SyncRequest request;
    private final SyncProgress progress;
    private final CompletableFuture<SyncResult> result = new CompletableFuture<>();

    SyncJob(String key, String what, String resume, SyncRequest request, SyncProgress progress) {
        this.key = key;
        this.what = what;
        this.resume = resume;
        this.request = request;
        this.progress = progress;
    }

    /** What the job is registered under: one job per key runs at a time. */
    public String key() {
        return key;
    }

    /** {@code syncrvg -full hr_rvg to london}. */
    public String what() {
        return what;
    }

    /** The command line that resumes the job after a failure. */
    public String resume() {
        return resume;
    }

    public SyncRequest request() {
        return request;
    }

    public SyncProgress progress() {
        return progress;
    }

    /** Completes with the result, or exceptionally with why the job failed. */
    public CompletableFuture<SyncResult> result() {
        return result;
    }

    public boolean running() {
        return !result.isDone();
    }

    /** Why the job failed, once it has. */
    public Optional<String> failure() {
        return failureCause().map(c -> String.valueOf(c.getMessage()));
    }

    /**
     * What the job failed with, once it has: a {@link io.volrep.engine.api.VolrepException} when a host
     * refused it before anything was written, an I/O error when it was interrupted.
     */
    public Optional<Throwable> failureCause() {
        if (!result.isCompletedExceptionally()) {
            return Optional.empty();
        }
        try {
            result.join();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.getCause() != null ? e.getCause() : e);
        }
    }

    /** One line for repstatus: progress while running, then how it ended. */
    public String statusLine() {
        if (running()) {
            return what + ": " + progress.line();
        }
        Optional<String> failed = failure();
        if (failed.isPresent()) {
            return what + ": FAILED at " + progress.percent() + "% (" + failed.get() + "); resume with: " + resume;
        }
        SyncResult r = result.join();
        return String.format("%s: done, %.2f MB compared, %d blocks differed, %.2f MB sent, %.1f s", what,
                r.comparedBytes() / 1e6, r.differingBlocks(), r.sentBytes() / 1e6, r.seconds());
    }
}
