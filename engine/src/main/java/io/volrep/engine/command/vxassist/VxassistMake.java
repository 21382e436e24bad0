package io.volrep.engine.command.vxassist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.ProgressLines;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.io.NativeBlockDevice;
import io.volrep.engine.io.Zeros;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.DiskGroups;
import io.volrep.engine.volume.Sizes;
import io.volrep.engine.volume.VolumeRecord;

/**
 * {@code vxassist -g DG make VOL SIZE [path=FILE|DEVICE] [init=zero|active]}: creates a volume. Without
 * path= it is a sparse file in the disk group's directory; with path= an existing file or block device
 * is used (at least SIZE bytes), or a new sparse file is made there. {@code init=zero} writes zeros over
 * the whole volume (a file is then fully allocated; a device no longer holds old data), as the
 * zero-initialized volumes that {@code vradmin -f startrep} attaches without a copy need on every host;
 * {@code init=active} (the default) leaves the contents as they are.
 */
public final class VxassistMake extends SimpleVerb {
    private final Engine engine;

    public VxassistMake(Engine engine) {
        super("vxassist", "make", new Syntax("vxassist -g diskgroup make volume length [path=file|device] [init=zero|active]",
                Map.of("-g", true), 2, 4), "create a volume");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        String name = inv.args().arg(0);
        DiskGroups.checkName("volume", name);
        long size = Sizes.roundUp(Sizes.parse(inv.args().arg(1)));
        Map<String, String> attrs = attributes(inv.args().positionals().subList(2, inv.args().positionals().size()));
        Path path = attrs.containsKey("path") ? inv.path(attrs.get("path")) : engine.diskGroups().defaultVolumePath(dg, name);
        boolean owned;
        dg.lock().lock();
        try {
            checkFree(dg, name, path);
            owned = !Files.exists(path);
            if (owned) {
                createFile(path, size);
            } else {
                checkExisting(path, size);
            }
        } finally {
            dg.lock().unlock();
        }
        try {
            if ("zero".equals(attrs.get("init"))) {
                // Not under the disk group's lock: zeroing a large device takes minutes, and replication
                // takes that lock to record RLINK state.
                zero(inv, name, path, size);
            }
            dg.lock().lock();
            try {
                checkFree(dg, name, path); // nothing else took the name or the path meanwhile
                dg.addVolume(VolumeRecord.free(name, path.toString(), size, owned));
            } finally {
                dg.lock().unlock();
            }
        } catch (VolrepException | IOException e) {
            if (owned) {
                Files.deleteIfExists(path);
            }
            throw e;
        }
        return 0;
    }

    private void checkFree(DiskGroup dg, String name, Path path) throws VolrepException, IOException {
        if (dg.config().nameTaken(name)) {
            throw new VolrepException(ErrorCode.DUPLICATE_NAME, "disk group " + dg.name() + " already has an object named "
                    + name + ": choose another name");
        }
        checkPathUnused(path);
    }

    static Map<String, String> attributes(List<String> tokens) throws VolrepException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : tokens) {
            int eq = t.indexOf('=');
            String key = eq > 0 ? t.substring(0, eq) : t;
            String value = eq > 0 ? t.substring(eq + 1) : "";
            boolean known = key.equals("path") && !value.isEmpty() || key.equals("init") && (value.equals("zero") || value.equals("active"));
            if (!known || out.containsKey(key)) {
                throw new VolrepException(ErrorCode.BAD_ATTRIBUTE, "attribute '" + t + "' is not understood"
                        + (out.containsKey(key) ? " (given twice)" : "") + ": vxassist make takes path=FILE_OR_DEVICE and init=zero|active");
            }
            out.put(key, value);
        }
        return out;
    }

    /** Writes zeros over the first {@code size} bytes of {@code path}, durably, reporting progress every 2 s. */
    private static void zero(Invocation inv, String name, Path path, long size) throws IOException {
        ProgressLines progress = new ProgressLines("vxassist: zeroing " + name, inv::out);
        try (NativeBlockDevice dev = NativeBlockDevice.open(path, false)) {
            Zeros.write(dev, 0, size, done -> progress.report(done, size));
            dev.sync();
        }
    }

    private void createFile(Path path, long size) throws VolrepException, IOException {
        Path parent = path.getParent();
        if (parent == null) {
            throw new VolrepException(ErrorCode.BAD_ATTRIBUTE, "path " + path + " has no directory");
        }
        Files.createDirectories(parent);
        long free = Files.getFileStore(parent).getUsableSpace();
        if (size > free) {
            throw new VolrepException(ErrorCode.NO_SPACE, "volume of " + Sizes.human(size) + " does not fit: " + parent
                    + " has " + Sizes.human(free) + " free (vxassist maxsize tells the largest size)");
        }
        NativeBlockDevice.createSparseFile(path, size);
    }

    private static void checkExisting(Path path, long size) throws VolrepException, IOException {
        long have;
        if (Files.isRegularFile(path)) {
            have = Files.size(path);
        } else {
            try (NativeBlockDevice dev = NativeBlockDevice.open(path, false)) {
                have = dev.size();
            }
        }
        if (have < size) {
            throw new VolrepException(ErrorCode.BAD_SIZE, path + " holds " + Sizes.human(have) + ", less than the "
                    + Sizes.human(size) + " asked for: give a length of at most " + Sizes.sectors(have) + " sectors or another path");
        }
    }

    private void checkPathUnused(Path path) throws VolrepException, IOException {
        Path real = Files.exists(path) ? path.toRealPath() : path.toAbsolutePath().normalize();
        for (DiskGroup other : engine.diskGroups().all()) {
            for (VolumeRecord v : other.config().volumes()) {
                Path p = Path.of(v.path());
                Path vr = Files.exists(p) ? p.toRealPath() : p;
                if (vr.equals(real)) {
                    throw new VolrepException(ErrorCode.VOLUME_BUSY, path + " is already volume " + v.name()
                            + " of disk group " + other.name() + ": give another path");
                }
            }
        }
    }
}
