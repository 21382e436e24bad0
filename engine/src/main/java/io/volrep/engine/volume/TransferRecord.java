package io.volrep.engine.volume;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A role transfer under way for one RVG, as its disk group records it: what kind, the step it has
 * reached and what the remaining steps need after a crash. It is stored with the RVG's role and
 * RLINKs in one disk group commit, so a host that dies midway finds its role, its RLINKs and the step
 * together. The steps, their order and their legal moves belong to the role package
 * ({@code io.volrep.engine.role}); this is only the stored value.
 *
 * @param kind      {@link #MIGRATE} on the Primary that hands its role over (it drives the migration),
 *                  {@link #PROMOTED} on the host that received it, {@link #REPOINT} on a Secondary that
 *                  follows the new Primary, {@link #TAKEOVER} on a Secondary that took the role over,
 *                  {@link #TAKEN_OVER} on the old Primary once it learns of it
 * @param step      the step reached (a role package step name)
 * @param id        names one transfer, so a repeated request for it is recognized
 * @param peer      the other host: the new Primary (migrate, promoted's old Primary, repoint,
 *                  taken-over) or the old Primary (takeover)
 * @param lsn       migrate / repoint: the new Primary's SRL position the RDS continues from; takeover:
 *                  the new Primary's SRL end when it took over; -1 when not known
 * @param sourceEnd the old Primary's LSN just past the last write every up-to-date host held (migrate,
 *                  repoint), or that the new Primary held when it took over (takeover, taken-over); -1
 * @param hosts     migrate: the Secondaries still to re-point, {@code host:dg:rvg:STATE} each
 * @param options   words: the takeover mode ({@code failback}, {@code autofb}, {@code none}); {@link #REBASE}
 *                  while the SRL's resume point still has to be moved to {@code lsn}; {@link #FREEZE} while
 *                  a Primary must refuse application writes
 */
public record TransferRecord(String kind, String step, String id, String peer, long lsn, long sourceEnd,
                             List<String> hosts, Set<String> options) {
    public static final String MIGRATE = "migrate";
    public static final String PROMOTED = "promoted";
    public static final String REPOINT = "repoint";
    public static final String TAKEOVER = "takeover";
    public static final String TAKEN_OVER = "taken-over";
    /** Option: the SRL's resume point must still move to {@code lsn}; replication waits until then. */
    public static final String REBASE = "rebase";
    /** Option: a Primary refuses application writes while the transfer runs. */
    public static final String FREEZE = "frozen";

    public TransferRecord {
        hosts = List.copyOf(hosts);
        options = Set.copyOf(new TreeSet<>(options));
    }

    public boolean is(String k) {
        return kind.equals(k);
    }

    public boolean has(String option) {
        return options.contains(option);
    }

    /** Whether the SRL resume point still has to be rebased: the RVG must not accept replication yet. */
    public boolean rebasePending() {
        return options.contains(REBASE);
    }

    public TransferRecord withStep(String next) {
        return new TransferRecord(kind, next, id, peer, lsn, sourceEnd, hosts, options);
    }

    public TransferRecord withHosts(List<String> next) {
        return new TransferRecord(kind, step, id, peer, lsn, sourceEnd, next, options);
    }

    public TransferRecord withOption(String option, boolean on) {
        Set<String> o = new TreeSet<>(options);
        if (on) {
            o.add(option);
        } else {
            o.remove(option);
        }
        return new TransferRecord(kind, step, id, peer, lsn, sourceEnd, hosts, o);
    }
}
