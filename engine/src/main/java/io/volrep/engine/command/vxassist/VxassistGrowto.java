package io.volrep.engine.command.vxassist;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.Sizes;
import io.volrep.engine.volume.Volume;

/**
 * {@code vxassist -g DG growto VOL SIZE}: grows a volume that is in no RVG. A file is extended
 * (sparse); a block device can grow only into space the device already has.
 */
public final class VxassistGrowto extends SimpleVerb {
    private final Engine engine;

    public VxassistGrowto(Engine engine) {
        super("vxassist", "growto", new Syntax("vxassist -g diskgroup growto volume newlength", Map.of("-g", true), 2, 2),
                "grow a volume to a new length");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        long size = Sizes.roundUp(Sizes.parse(inv.args().arg(1)));
        dg.lock().lock();
        try {
            Volume v = dg.requireVolume(inv.args().arg(0));
            long now = v.record().size();
            if (size <= now) {
                throw new VolrepException(ErrorCode.BAD_SIZE, "volume " + v.name() + " is already " + Sizes.human(now)
                        + "; growto needs a larger length");
            }
            VolumeChecks.notInRvg(dg, v, "grow it with vxassist");
            VolumeChecks.notBusy(v, "grow it");
            Path path = Path.of(v.record().path());
            if (Files.isRegularFile(path)) {
                long free = Files.getFileStore(path).getUsableSpace();
                if (size - now > free) {
                    throw new VolrepException(ErrorCode.NO_SPACE, "growing " + v.name() + " by " + Sizes.human(size - now)
                            + " does not fit: " + Sizes.human(free) + " free");
                }
                if (Files.size(path) < size) {
                    try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
                        raf.setLength(size);
                        raf.getFD().sync();
                    }
                }
            } else if (v.device().size() < size) {
                throw new VolrepException(ErrorCode.NO_SPACE, "device " + path + " holds " + Sizes.human(v.device().size())
                        + "; volume " + v.name() + " cannot grow past it");
            }
            dg.commit(dg.config().withVolume(v.record().withSize(size)));
            dg.reopen(v.name());
            return 0;
        } finally {
            dg.lock().unlock();
        }
    }
}
