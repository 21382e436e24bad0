package io.volrep.engine.volume;

import java.util.Optional;

/**
 * A volume as recorded in its disk group's metadata.
 *
 * @param path      backing file or block device
 * @param owned     volrep created the file and removes it with the volume
 * @param rvg       the RVG the volume belongs to, if any
 * @param use       what the RVG uses it for
 * @param dcmRegion bytes per DCM bit, 0 when the volume has no DCM
 */
public record VolumeRecord(String name, String path, long size, boolean owned, Optional<String> rvg, Use use,
                           long dcmRegion) {

    public enum Use { NONE, DATA, SRL }

    public static VolumeRecord free(String name, String path, long size, boolean owned) {
        return new VolumeRecord(name, path, size, owned, Optional.empty(), Use.NONE, 0);
    }

    public VolumeRecord inRvg(String rvgName, Use newUse, long newDcmRegion) {
        return new VolumeRecord(name, path, size, owned, Optional.of(rvgName), newUse, newDcmRegion);
    }

    public VolumeRecord released() {
        return free(name, path, size, owned);
    }

    public VolumeRecord withSize(long newSize) {
        return new VolumeRecord(name, path, newSize, owned, rvg, use, dcmRegion);
    }

    public boolean hasDcm() {
        return dcmRegion > 0;
    }
}
