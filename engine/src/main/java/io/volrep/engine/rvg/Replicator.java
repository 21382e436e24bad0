package io.volrep.engine.rvg;

/**
 * What replication needs to hear from RVGs: the seam between the RVG objects and the peer links, so
 * that this package does not depend on the network. The daemon installs the real one; without peers
 * (no key file) the RVGs run alone with {@link #NONE}.
 */
public interface Replicator {

    /** The RVG's write path is open: start shipping (Primary) or accepting (Secondary). */
    void started(Rvg rvg);

    /** The RVG is about to close its write path: stop using it. */
    void stopping(Rvg rvg);

    /** An RLINK was added, removed, or changed state or attributes. */
    void rlinkChanged(Rvg rvg, Rlink link);

    /**
     * Only an RLINK's attributes changed ({@code vradmin set}): applied to the running session where they
     * can be (bandwidth limit, compression), without restarting it.
     */
    void attributesChanged(Rvg rvg, Rlink link);

    Replicator NONE = new Replicator() {
        @Override
        public void started(Rvg rvg) {
        }

        @Override
        public void stopping(Rvg rvg) {
        }

        @Override
        public void rlinkChanged(Rvg rvg, Rlink link) {
        }

        @Override
        public void attributesChanged(Rvg rvg, Rlink link) {
        }
    };
}
