package io.volrep.engine.role;

import io.volrep.engine.peer.Peers;

/** The peer operations of role transfer, and their registration on the peer port. */
public final class RolePeerOps {
    static final String STATUS = "role-status";
    static final String PREPARE = "role-prepare";
    static final String PROMOTE = "role-promote";
    static final String REPOINT = "role-repoint";
    static final String TAKEN_OVER = "role-taken-over";
    static final String CONVERT = "role-convert";
    static final String RESOLVED = "role-resolved";
    static final String FBSYNC = "role-fbsync";
    /** vradmin migrate typed on a Secondary: fields dg, rvg (the Primary's), new-primary; reply out. */
    public static final String MIGRATE = "role-migrate";

    private RolePeerOps() {
    }

    static void register(Peers peers, RoleService roles) {
        MigrationPeer migration = new MigrationPeer(roles);
        FailbackPeer failback = new FailbackPeer(roles);
        peers.register(STATUS, failback::status);
        peers.register(PREPARE, migration::prepare);
        peers.register(PROMOTE, migration::promote);
        peers.register(REPOINT, migration::repoint);
        peers.register(MIGRATE, migration::migrate);
        peers.register(TAKEN_OVER, failback::takenOver);
        peers.register(CONVERT, failback::convert);
        peers.register(RESOLVED, failback::resolved);
        peers.register(FBSYNC, failback::fbsync);
    }
}
