package io.volrep.engine.bench.consistency;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.volrep.engine.nbd.NbdClient;

/**
 * Proves that a copy of the workload's volumes (a Secondary's, or the Primary's after a crash) is a
 * prefix of the writes: every block holds a whole stamp of a write issued to it, or zeroes; and
 * whenever a write W is visible, every write acknowledged before W was issued is visible too (its
 * block holds it or a later write). That is write-order fidelity as an application can observe it.
 * The prefix is taken over acknowledged writes: an unacknowledged write carries no promise (it may
 * be lost with a crashed Primary) except that, if visible, it must be whole and issued to that block.
 *
 * <p>The result's {@code prefix} is k: every write up to k is reflected. For a Primary, the stronger
 * check {@link #primary} also requires every acknowledged write.
 */
public final class ConsistencyCheck {

    /**
     * The outcome: k (every acknowledged write up to k is reflected), the highest sequence issued, and
     * what is wrong (empty when fine).
     */
    public record Result(long prefix, long lastIssued, long blocksChecked, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }

        public long lag() {
            return Math.max(0, lastIssued - prefix);
        }

        public String summary() {
            return ok() ? String.format("consistent: prefix k=%d of %d issued writes (lag %d), %d blocks checked",
                    prefix, lastIssued, lag(), blocksChecked)
                    : "NOT consistent: " + problems.size() + " problem(s); first: " + problems.get(0);
        }
    }

    private ConsistencyCheck() {
    }

    /** Where the checker reads a block of a workload volume. */
    @FunctionalInterface
    public interface Blocks {
        ByteBuffer read(int volume, long block) throws IOException;
    }

    /** Checks the prefix property on the volumes behind {@code clients} (index = workload volume number). */
    public static Result prefix(List<NbdClient> clients, WriteLog.Contents log) throws IOException {
        return check(over(clients), log, false);
    }

    /** As {@link #prefix}, and every acknowledged write must be reflected too. */
    public static Result primary(List<NbdClient> clients, WriteLog.Contents log) throws IOException {
        return check(over(clients), log, true);
    }

    private static Blocks over(List<NbdClient> clients) {
        return (volume, block) -> read(clients.get(volume), block);
    }

    /** The check itself, over any block source; {@code allAcked} adds the Primary's rule. */
    public static Result check(Blocks blocks, WriteLog.Contents log, boolean allAcked) throws IOException {
        Map<String, TreeMap<Long, WriteLog.Write>> byBlock = new HashMap<>();
        Map<Long, WriteLog.Write> bySeq = new HashMap<>();
        long lastIssued = 0;
        for (WriteLog.Write w : log.writes()) {
            byBlock.computeIfAbsent(w.volume() + ":" + w.block(), k -> new TreeMap<>()).put(w.seq(), w);
            bySeq.put(w.seq(), w);
            lastIssued = Math.max(lastIssued, w.seq());
        }
        List<String> problems = new ArrayList<>();
        Map<String, Long> visible = new HashMap<>();
        long prefix = 0;
        for (Map.Entry<String, TreeMap<Long, WriteLog.Write>> e : byBlock.entrySet()) {
            WriteLog.Write any = e.getValue().firstEntry().getValue();
            Stamp.Seen seen = Stamp.read(any.volume(), any.block(), blocks.read(any.volume(), any.block()));
            String where = "volume " + any.volume() + " block " + any.block();
            switch (seen.kind()) {
                case ZERO -> visible.put(e.getKey(), 0L);
                case STAMP -> {
                    WriteLog.Write w = e.getValue().get(seen.seq());
                    if (w == null) {
                        problems.add(where + " holds write " + seen.seq() + ", which the log never issued to it");
                    } else {
                        visible.put(e.getKey(), w.seq());
                        prefix = Math.max(prefix, w.floor());
                    }
                }
                default -> problems.add(where + ": " + seen.detail());
            }
        }
        for (Map.Entry<String, TreeMap<Long, WriteLog.Write>> e : byBlock.entrySet()) {
            Long have = visible.get(e.getKey());
            if (have == null) {
                continue;
            }
            // Only acknowledged writes carry an ordering promise: an unacknowledged one may have been
            // lost with a crashed Primary (a workload run after that crash starts its floor above it).
            Map.Entry<Long, WriteLog.Write> need = e.getValue().headMap(prefix, true).descendingMap().entrySet().stream()
                    .filter(x -> log.acked().contains(x.getKey())).findFirst().orElse(null);
            if (need != null && have < need.getKey()) {
                problems.add("volume " + need.getValue().volume() + " block " + need.getValue().block() + " holds write " + have
                        + " but write " + need.getKey() + " is older than a visible write's acknowledged past (prefix " + prefix + ")");
            }
            if (allAcked) {
                Long lastAcked = e.getValue().descendingKeySet().stream().filter(log.acked()::contains).findFirst().orElse(null);
                if (lastAcked != null && have < lastAcked) {
                    problems.add("volume " + e.getValue().get(lastAcked).volume() + " block " + e.getValue().get(lastAcked).block()
                            + " lost acknowledged write " + lastAcked + " (holds " + have + ")");
                }
            }
        }
        return new Result(reflectedUpTo(byBlock, visible, log, lastIssued), lastIssued, byBlock.size(), problems);
    }

    /** k: the highest sequence such that every acknowledged write up to it is reflected. */
    private static long reflectedUpTo(Map<String, TreeMap<Long, WriteLog.Write>> byBlock, Map<String, Long> visible,
                                      WriteLog.Contents log, long lastIssued) {
        long firstMissing = Long.MAX_VALUE;
        for (Map.Entry<String, TreeMap<Long, WriteLog.Write>> e : byBlock.entrySet()) {
            long have = visible.getOrDefault(e.getKey(), 0L);
            for (Long s : e.getValue().tailMap(have, false).keySet()) {
                if (log.acked().contains(s)) {
                    firstMissing = Math.min(firstMissing, s);
                    break;
                }
            }
        }
        return firstMissing == Long.MAX_VALUE ? lastIssued : firstMissing - 1;
    }

    private static ByteBuffer read(NbdClient c, long block) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Stamp.SIZE);
        try {
            c.read(block * Stamp.SIZE, b).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("reading block " + block + ": " + e.getMessage(), e);
        }
        return b.flip();
    }
}
