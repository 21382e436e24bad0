package io.volrep.engine.link;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A frame handler that keeps what it receives and counts its close notifications. */
final class Recorder implements FrameHandler {
    record Received(int type, byte[] payload) {
    }

    final BlockingQueue<Received> frames = new LinkedBlockingQueue<>();
    final AtomicInteger closes = new AtomicInteger();
    final AtomicLong payloadBytes = new AtomicLong();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final boolean keep;

    Recorder() {
        this(true);
    }

    /** @param keep false to count payload bytes only (bulk tests) */
    Recorder(boolean keep) {
        this.keep = keep;
    }

    @Override
    public void onFrame(PeerConnection connection, int type, byte[] payload) {
        synchronized (payloadBytes) {
            payloadBytes.addAndGet(payload.length);
            payloadBytes.notifyAll();
        }
        if (keep) {
            frames.add(new Received(type, payload));
        }
    }

    @Override
    public void onClose(PeerConnection connection, String reason) {
        closes.incrementAndGet();
        closed.complete(reason);
    }

    Received take() throws InterruptedException {
        Received r = frames.poll(10, TimeUnit.SECONDS);
        assertNotNull(r, "no frame within 10 s");
        return r;
    }

    String awaitClose() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }

    /** Waits until at least {@code bytes} payload bytes arrived; false on timeout. */
    boolean awaitBytes(long bytes, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (payloadBytes) {
            while (payloadBytes.get() < bytes) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return false;
                }
                payloadBytes.wait(left);
            }
        }
        return true;
    }
}
