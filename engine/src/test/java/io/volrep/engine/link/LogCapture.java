package io.volrep.engine.link;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the log lines of package io.volrep.engine.link while a test runs. */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("io.volrep.engine.link");
    private final List<String> lines = new ArrayList<>();

    LogCapture() {
        logger.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        lines.add(record.getLevel() + " " + record.getMessage());
        notifyAll();
    }

    /** Waits up to 10 s for a line containing every fragment; returns it. */
    synchronized String await(String... fragments) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (int seen = 0; ; ) {
            for (; seen < lines.size(); seen++) {
                if (containsAll(lines.get(seen), fragments)) {
                    return lines.get(seen);
                }
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                fail("no log line with " + List.of(fragments) + " in " + lines);
            }
            wait(left);
        }
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    private static boolean containsAll(String line, String... fragments) {
        for (String f : fragments) {
            if (!line.contains(f)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
