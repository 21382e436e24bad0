package io.volrep.engine.volume;

import java.util.List;

/**
 * An RVG as recorded in its disk group's metadata: the volumes it groups and the state it was left
 * in, so that a restarted daemon brings it back the same way (an ACTIVE RVG is recovered from its
 * SRL and started again; a CLEAN one stays stopped).
 *
 * @param dataVolumes data volumes in SRL index order: a record's volume index points into this list
 * @param checkpoints the RVG checkpoints (vxrvg checkstart), oldest first
 */
public record RvgRecord(String name, String id, String role, String srl, List<String> dataVolumes, String state,
                        List<CheckpointRecord> checkpoints) {

    public static final String PRIMARY = "primary";
    public static final String SECONDARY = "secondary";

    public RvgRecord {
        dataVolumes = List.copyOf(dataVolumes);
        checkpoints = List.copyOf(checkpoints);
    }

    /** An RVG without checkpoints. */
    public RvgRecord(String name, String id, String role, String srl, List<String> dataVolumes, String state) {
        this(name, id, role, srl, dataVolumes, state, List.of());
    }

    public RvgRecord withState(String newState) {
        return new RvgRecord(name, id, role, srl, dataVolumes, newState, checkpoints);
    }

    public RvgRecord withCheckpoints(List<CheckpointRecord> list) {
        return new RvgRecord(name, id, role, srl, dataVolumes, state, list);
    }
}
