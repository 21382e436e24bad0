package io.volrep.engine.volume;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An RLINK as recorded in its disk group's metadata: which RVG it belongs to, the peer it points at,
 * its utility state, its attributes ({@code name=value} words) and the flags that must survive a
 * restart (paused by whom, consistency, DCM logging, autosync, the checkpoint it was attached at), and
 * on a Primary the RLINK (Secondary) checkpoints taken by that Secondary, oldest first.
 */
public record RlinkRecord(String name, String rvg, String remoteHost, String remoteDg, String remoteRvg,
                          String remoteRlink, String state, List<String> attributes, Set<String> flags,
                          String checkpoint, List<RlinkCheckpointRecord> checkpoints) {

    public RlinkRecord {
        attributes = List.copyOf(attributes);
        flags = Set.copyOf(new TreeSet<>(flags));
        checkpoints = List.copyOf(checkpoints);
    }

    /** A record without RLINK checkpoints. */
    public RlinkRecord(String name, String rvg, String remoteHost, String remoteDg, String remoteRvg, String remoteRlink,
                       String state, List<String> attributes, Set<String> flags, String checkpoint) {
        this(name, rvg, remoteHost, remoteDg, remoteRvg, remoteRlink, state, attributes, flags, checkpoint, List.of());
    }

    public RlinkRecord withState(String newState) {
        return new RlinkRecord(name, rvg, remoteHost, remoteDg, remoteRvg, remoteRlink, newState, attributes, flags, checkpoint, checkpoints);
    }

    public RlinkRecord withAttributes(List<String> words) {
        return new RlinkRecord(name, rvg, remoteHost, remoteDg, remoteRvg, remoteRlink, state, words, flags, checkpoint, checkpoints);
    }

    public RlinkRecord withFlags(Set<String> newFlags) {
        return new RlinkRecord(name, rvg, remoteHost, remoteDg, remoteRvg, remoteRlink, state, attributes, newFlags, checkpoint, checkpoints);
    }

    public RlinkRecord withCheckpoint(String name2) {
        return new RlinkRecord(name, rvg, remoteHost, remoteDg, remoteRvg, remoteRlink, state, attributes, flags, name2, checkpoints);
    }

    public RlinkRecord withCheckpoints(List<RlinkCheckpointRecord> list) {
        return new RlinkRecord(name, rvg, remoteHost, remoteDg, remoteRvg, remoteRlink, state, attributes, flags, checkpoint, list);
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }
}
