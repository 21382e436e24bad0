package io.volrep.tui.smit;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Runs slow work (commands, list and discovery commands) off the GUI thread and posts the result
 * or the failure back to it. Threads are daemons, so an unfinished command never holds vxsmit open.
 */
final class Worker {

    /** Work that may fail. */
    interface Job<T> {
        T call() throws Exception;
    }

    private final Consumer<Runnable> post;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "vxsmit-worker");
        t.setDaemon(true);
        return t;
    });

    Worker(Consumer<Runnable> post) {
        this.post = post;
    }

    <T> void submit(Job<T> job, Consumer<T> done, Consumer<Exception> failed) {
        pool.execute(() -> {
            try {
                T result = job.call();
                post.accept(() -> done.accept(result));
            } catch (Exception e) {
                post.accept(() -> failed.accept(e));
            }
        });
    }

    void shutdown() {
        pool.shutdownNow();
    }
}
