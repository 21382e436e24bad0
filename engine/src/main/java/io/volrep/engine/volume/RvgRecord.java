package io.volrep.engine.volume;

import java.util.List;
import java.util.Optional;

/**
 * An RVG as recorded in its disk group's metadata: the volumes it groups and the state it was left
 * in, so that a restarted daemon brings it back the same way (an ACTIVE RVG is recovered from its
 * SRL and started again; a CLEAN one stays stopped).
 *
 * @param dataVolumes data volumes in SRL index order: a record's volume index points into this list
 * @param role        {@link #PRIMARY}, {@link #SECONDARY} or {@link #ACTING_SECONDARY} (an old Primary that
 *                    learned another host took its role over with fast failback: it takes no writes)
 * @param checkpoints the RVG checkpoints (vxrvg checkstart), oldest first
 * @param transfer    the role transfer under way, if any (migrate, takeover, failback)
 */
public record RvgRecord(String name, String id, String role, String srl, List<String> dataVolumes, String state,
                        List<CheckpointRecord> checkpoints, Optional<TransferRecord> transfer) {

    public static final String PRIMARY = "primary";
    public static final String SECONDARY = "secondary";
    public static final String ACTING_SECONDARY = "acting_secondary";

    public RvgRecord {
        dataVolumes = List.copyOf(dataVolumes);
        checkpoints = List.copyOf(checkpoints);
    }

    /** An RVG with no role transfer under way. */
    public RvgRecord(String name, String id, String role, String srl, List<String> dataVolumes, String state,
                     List<CheckpointRecord> checkpoints) {
        this(name, id, role, srl, dataVolumes, state, checkpoints, Optional.empty());
    }

    /** An RVG without checkpoints. */
    public RvgRecord(String name, String id, String role, String srl, List<String> dataVolumes, String state) {
        this(name, id, role, srl, dataVolumes, state, List.of());
    }

    public RvgRecord withState(String newState) {
        return new RvgRecord(name, id, role, srl, dataVolumes, newState, checkpoints, transfer);
    }

    public RvgRecord withCheckpoints(List<CheckpointRecord> list) {
        return new RvgRecord(name, id, role, srl, dataVolumes, state, list, transfer);
    }

    public RvgRecord withRole(String newRole) {
        return new RvgRecord(name, id, newRole, srl, dataVolumes, state, checkpoints, transfer);
    }

    public RvgRecord withTransfer(Optional<TransferRecord> t) {
        return new RvgRecord(name, id, role, srl, dataVolumes, state, checkpoints, t);
    }
}
