package io.volrep.engine.sync;

import java.util.List;

import io.volrep.engine.conf.SyncDigest;
import io.volrep.engine.io.BlockDevice;

/**
 * One synchronization session to start: the mode, the target host and disk group (and Secondary RVG,
 * for syncrvg), the volume pairs, the block size and digest, and the bandwidth the session may use.
 *
 * @param targetRvg               the Secondary RVG whose data volumes are the targets, "" for syncvol
 * @param chunkBlocks             blocks per digest chunk (one HASHES frame, one read of each side)
 * @param digest                  this host's vxrep.sync.digest; the target must use the same
 * @param bandwidthBytesPerSecond 0 for no limit
 */
public record SyncRequest(SyncMode mode, String host, String targetDg, String targetRvg, List<Pair> volumes,
                          int blockSize, int chunkBlocks, SyncDigest digest, long bandwidthBytesPerSecond) {

    /** A source volume (its name, device and size) and the name of the target volume it is copied onto. */
    public record Pair(String source, BlockDevice device, long size, String target) {
    }

    public SyncRequest {
        volumes = List.copyOf(volumes);
        if (volumes.isEmpty()) {
            throw new IllegalArgumentException("a synchronization needs at least one volume");
        }
    }

    /** Bytes of every source volume together. */
    public long totalBytes() {
        return volumes.stream().mapToLong(Pair::size).sum();
    }

    List<BlockHasher.Extent> extents() {
        return volumes.stream().map(p -> new BlockHasher.Extent(p.device(), p.size())).toList();
    }

    SyncWire.Open open() {
        return new SyncWire.Open(mode, targetRvg, blockSize, chunkBlocks,
                volumes.stream().map(p -> new SyncWire.TargetVolume(p.target(), p.size())).toList(), digest.word());
    }
}
