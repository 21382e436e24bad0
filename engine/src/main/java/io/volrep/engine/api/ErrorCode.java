package io.volrep.engine.api;

/**
 * Stable error codes. Each code is printed as {@code VR-nnnn}; scripts may match on it, so a code is
 * never renumbered or reused. Ranges: 1xxx objects and arguments, 2xxx state, 3xxx I/O and formats,
 * 4xxx daemon and protocol, 5xxx replication.
 */
public enum ErrorCode {
    USAGE(1000, 2),
    NO_SUCH_DG(1001, 1),
    NO_SUCH_VOLUME(1002, 1),
    NO_SUCH_RVG(1003, 1),
    NO_SUCH_RLINK(1004, 1),
    NO_SUCH_OBJECT(1005, 1),
    NO_SUCH_CHECKPOINT(1006, 1),
    DUPLICATE_NAME(1010, 1),
    BAD_NAME(1011, 1),
    BAD_SIZE(1012, 1),
    BAD_ATTRIBUTE(1013, 1),
    VOLUME_IN_RVG(1020, 1),
    SRL_TOO_SMALL(1021, 1),
    SRL_IS_DATA_VOLUME(1022, 1),
    DG_NOT_EMPTY(1023, 1),
    CHECKPOINT_LIMIT(1024, 1),
    SIZE_MISMATCH(1204, 1),
    WRONG_STATE(2001, 1),
    RVG_NOT_STARTED(2002, 1),
    RVG_HAS_SECONDARIES(2003, 1),
    VOLUME_BUSY(2004, 1),
    NOT_CONFIRMED(2005, 1),
    CHECKPOINT_OPEN(2006, 1),
    NO_OPEN_CHECKPOINT(2007, 1),
    CHECKPOINT_OVERFLOWED(2008, 1),
    RLINK_ATTACHED(2020, 1),
    SYNC_IN_PROGRESS(2021, 1),
    NOT_UP_TO_DATE(2101, 1),
    TRANSFER_IN_PROGRESS(2102, 1),
    PRIMARY_REACHABLE(2103, 1),
    SECONDARY_INCONSISTENT(2104, 1),
    IO_ERROR(3001, 1),
    BAD_FORMAT(3002, 1),
    DAMAGED_METADATA(3003, 1),
    DAMAGED_SRL(3004, 1),
    NO_SPACE(3005, 1),
    DAEMON_NOT_RUNNING(4001, 1),
    DAEMON_ALREADY_RUNNING(4002, 1),
    BAD_CONFIG(4003, 2),
    PROTOCOL(4004, 1),
    PEER_AUTH_FAILED(4005, 1),
    PEER_REFUSED(4006, 1),
    SYNC_DIGEST_MISMATCH(4007, 1),
    PEER_UNREACHABLE(4010, 1),
    INTERNAL(4999, 1),
    REPLICATION_DISCONNECTED(5001, 1),
    VOLUMES_DIFFER(5020, 1),
    SYNC_INTERRUPTED(5021, 1);

    private final int number;
    private final int exitStatus;

    ErrorCode(int number, int exitStatus) {
        this.number = number;
        this.exitStatus = exitStatus;
    }

    /** The printed form, e.g. {@code VR-1204}. */
    public String tag() {
        return "VR-" + number;
    }

    public int number() {
        return number;
    }

    /** 2 for bad usage or configuration, 1 for every other error (DESIGN.md rule 5). */
    public int exitStatus() {
        return exitStatus;
    }
}
