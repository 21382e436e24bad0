package io.volrep.engine.event;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The events of one daemon (one instance per daemon, handed to what publishes and what listens).
 * {@link #publish} never blocks and never fails: each subscriber has a bounded queue, and a
 * subscriber that does not keep up loses its oldest events (it can tell how many). Thread-safe.
 */
public final class EventBus {
    private static final Logger LOG = Logger.getLogger(EventBus.class.getName());
    /** Events a subscriber may have waiting before the oldest are dropped. */
    public static final int QUEUE = 4096;

    private final String host;
    private final Clock clock;
    private final Set<Subscription> subscribers = new CopyOnWriteArraySet<>();

    public EventBus(String host, Clock clock) {
        this.host = host;
        this.clock = clock;
    }

    public String host() {
        return host;
    }

    /** Publishes an event of this host about RDS {@code rds}, and logs it. */
    public void publish(EventType type, String rds, String message) {
        Event e = new Event(clock.millis(), host, type, rds, message);
        LOG.info(() -> "event " + e.line());
        for (Subscription s : subscribers) {
            s.offer(e);
        }
    }

    /** A new subscription; close it when done (or its queue keeps filling). */
    public Subscription subscribe() {
        Subscription s = new Subscription();
        subscribers.add(s);
        return s;
    }

    /** Open subscriptions (for status and tests). */
    public int subscribers() {
        return subscribers.size();
    }

    /** One listener's queue of events. Used by one consumer thread; publishers may be any thread. */
    public final class Subscription implements AutoCloseable {
        private final ArrayDeque<Event> queue = new ArrayDeque<>();
        private long dropped;
        private boolean closed;

        private synchronized void offer(Event e) {
            if (closed) {
                return;
            }
            if (queue.size() >= QUEUE) {
                queue.removeFirst();
                dropped++;
            }
            queue.addLast(e);
            notifyAll();
        }

        /** The next event, waiting up to {@code timeout}; empty on timeout or once closed. */
        public synchronized Optional<Event> poll(long timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (queue.isEmpty() && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return Optional.ofNullable(queue.pollFirst());
        }

        /** Events dropped because this subscriber fell more than {@link #QUEUE} behind. */
        public synchronized long dropped() {
            return dropped;
        }

        @Override
        public void close() {
            subscribers.remove(this);
            synchronized (this) {
                closed = true;
                queue.clear();
                notifyAll();
            }
        }
    }
}
