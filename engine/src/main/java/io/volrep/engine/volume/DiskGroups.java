package io.volrep.engine.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.stream.Stream;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;

/**
 * The disk groups of this host, under {@code <state-dir>/dg/<name>/}. A group whose metadata cannot
 * be read at boot is kept as offline with the reason, so {@code vxdg list} shows it and nothing
 * writes over it. Thread-safe: the map is guarded by this object; each group has its own lock.
 */
public final class DiskGroups {
    private static final Logger LOG = Logger.getLogger(DiskGroups.class.getName());
    private static final String NAME_PATTERN = "[A-Za-z][A-Za-z0-9_.-]{0,30}";

    private final Path root;
    private final boolean direct;
    private final Map<String, DiskGroup> groups = new TreeMap<>();
    private final Map<String, String> offline = new TreeMap<>();

    public DiskGroups(Path stateDir, boolean direct) {
        this.root = stateDir.resolve("dg");
        this.direct = direct;
    }

    /** Loads every disk group found in the state directory. */
    public synchronized void load() throws IOException {
        Files.createDirectories(root);
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                String name = dir.getFileName().toString();
                try {
                    groups.put(name, DiskGroup.load(dir, direct));
                    LOG.info("disk group " + name + " loaded");
                } catch (VolrepException | IOException e) {
                    offline.put(name, e.getMessage());
                    LOG.severe("disk group " + name + " is offline: " + e.getMessage());
                }
            }
        }
    }

    public static void checkName(String kind, String name) throws VolrepException {
        if (!name.matches(NAME_PATTERN)) {
            throw new VolrepException(ErrorCode.BAD_NAME, kind + " name '" + name
                    + "' is not valid: use 1 to 31 letters, digits, '_', '.' or '-', starting with a letter");
        }
    }

    public synchronized DiskGroup init(String name) throws VolrepException, IOException {
        checkName("disk group", name);
        if (groups.containsKey(name) || offline.containsKey(name)) {
            throw new VolrepException(ErrorCode.DUPLICATE_NAME, "disk group " + name
                    + " already exists: choose another name (vxdg list shows the disk groups)");
        }
        DiskGroupConfig cfg = DiskGroupConfig.empty(name, UUID.randomUUID().toString(), System.currentTimeMillis());
        DiskGroup dg = DiskGroup.create(root.resolve(name), cfg, direct);
        groups.put(name, dg);
        LOG.info("disk group " + name + " created");
        return dg;
    }

    public synchronized Optional<DiskGroup> find(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    public DiskGroup require(String name) throws VolrepException {
        DiskGroup dg;
        String why;
        synchronized (this) {
            dg = groups.get(name);
            why = offline.get(name);
        }
        if (dg != null) {
            return dg;
        }
        if (why != null) {
            throw new VolrepException(ErrorCode.DAMAGED_METADATA, "disk group " + name + " is offline: " + why);
        }
        throw new VolrepException(ErrorCode.NO_SUCH_DG, "disk group " + name
                + " does not exist: create it with vxdg init " + name + " (vxdg list shows the disk groups)");
    }

    public synchronized List<DiskGroup> all() {
        return List.copyOf(groups.values());
    }

    public synchronized Map<String, String> offline() {
        return Map.copyOf(offline);
    }

    /** Removes an empty group: its directory and metadata. The caller checked it is empty. */
    public void destroy(DiskGroup dg) throws VolrepException, IOException {
        dg.lock().lock();
        try {
            if (!dg.config().volumes().isEmpty() || !dg.config().rvgs().isEmpty()) {
                throw new VolrepException(ErrorCode.DG_NOT_EMPTY, "disk group " + dg.name() + " still holds "
                        + dg.config().volumes().size() + " volume(s) and " + dg.config().rvgs().size()
                        + " RVG(s): remove them first (vradmin delpri, vxassist remove volume)");
            }
            synchronized (this) {
                groups.remove(dg.name());
            }
            try (Stream<Path> files = Files.walk(dg.dir())) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            AtomicFile.syncDirectory(root);
            LOG.info("disk group " + dg.name() + " destroyed");
        } finally {
            dg.lock().unlock();
        }
    }

    /** Where volumes created without path= live. */
    public Path defaultVolumePath(DiskGroup dg, String volume) {
        return dg.dir().resolve("vol").resolve(volume);
    }

    public synchronized void closeAll() {
        groups.values().forEach(DiskGroup::closeAll);
    }
}
