package io.volrep.engine.volume;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;

/**
 * The metadata file of one disk group, {@code <state-dir>/dg/<name>/dgconfig}.
 *
 * <p>Layout: a first line {@code VOLREP-DG <version> <crc32c of the body, 8 hex digits>}, then the
 * body, the {@link DiskGroupConfig} as JSON. Crash story: written with {@link AtomicFile}, so after a
 * crash the file holds the old or the new config, never a mix. A file whose magic, version or
 * checksum is wrong is reported as damaged and never rewritten by the daemon: the disk group stays
 * offline until an admin restores it. Not thread-safe: the owning {@code DiskGroup} serializes access.
 *
 * <p>Format history, all version 1: each RVG entry has an optional {@code checkpoints} list (name,
 * start-lsn, end-lsn with -1 while open, overflowed, started); a file written before it existed reads
 * as RVGs without checkpoints. Likewise each RLINK entry has an optional {@code checkpoints} list of
 * RLINK (Secondary) checkpoints (name, lsn, created). Each RVG entry may also hold a {@code transfer}
 * object (the role transfer under way: kind, step, id, peer, lsn, source-end, hosts, options); without
 * it, none is.
 */
public final class DiskGroupFile {
    public static final String FILE_NAME = "dgconfig";
    static final String MAGIC = "VOLREP-DG";
    static final int VERSION = 1;

    private DiskGroupFile() {
    }

    public static void write(Path dir, DiskGroupConfig config) throws IOException {
        String body = toConfig(config).root().render(ConfigRenderOptions.concise().setFormatted(true)) + "\n";
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        String header = String.format("%s %d %08x%n", MAGIC, VERSION, crc(bodyBytes));
        byte[] out = new byte[header.length() + bodyBytes.length];
        System.arraycopy(header.getBytes(StandardCharsets.US_ASCII), 0, out, 0, header.length());
        System.arraycopy(bodyBytes, 0, out, header.length(), bodyBytes.length);
        AtomicFile.write(dir.resolve(FILE_NAME), out);
    }

    public static DiskGroupConfig read(Path dir) throws VolrepException, IOException {
        Path file = dir.resolve(FILE_NAME);
        byte[] all = Files.readAllBytes(file);
        int nl = indexOf(all, (byte) '\n');
        if (nl < 0) {
            throw damaged(file, "no header line");
        }
        String[] header = new String(all, 0, nl, StandardCharsets.US_ASCII).split(" ");
        if (header.length != 3 || !header[0].equals(MAGIC)) {
            throw damaged(file, "not a volrep disk group file (bad magic)");
        }
        if (!header[1].equals(Integer.toString(VERSION))) {
            throw damaged(file, "format version " + header[1] + " is not supported (this volrep reads " + VERSION + ")");
        }
        byte[] body = java.util.Arrays.copyOfRange(all, nl + 1, all.length);
        if (!header[2].equals(String.format("%08x", crc(body)))) {
            throw damaged(file, "checksum mismatch");
        }
        try {
            return fromConfig(ConfigFactory.parseString(new String(body, StandardCharsets.UTF_8)));
        } catch (ConfigException | IllegalArgumentException e) {
            throw damaged(file, e.getMessage());
        }
    }

    private static VolrepException damaged(Path file, String why) {
        return new VolrepException(ErrorCode.DAMAGED_METADATA, "disk group metadata " + file + " is damaged (" + why
                + "); the disk group stays offline: restore the file from a backup, then restart vxrepd");
    }

    private static Config toConfig(DiskGroupConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("id", c.id());
        m.put("created", c.created());
        List<Object> vols = new ArrayList<>();
        for (VolumeRecord v : c.volumes()) {
            Map<String, Object> vm = new LinkedHashMap<>();
            vm.put("name", v.name());
            vm.put("path", v.path());
            vm.put("size", v.size());
            vm.put("owned", v.owned());
            vm.put("rvg", v.rvg().orElse(""));
            vm.put("use", v.use().name());
            vm.put("dcm-region", v.dcmRegion());
            vols.add(vm);
        }
        m.put("volumes", vols);
        List<Object> rvgs = new ArrayList<>();
        for (RvgRecord r : c.rvgs()) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("name", r.name());
            rm.put("id", r.id());
            rm.put("role", r.role());
            rm.put("srl", r.srl());
            rm.put("data-volumes", r.dataVolumes());
            rm.put("state", r.state());
            List<Object> cps = new ArrayList<>();
            for (CheckpointRecord cp : r.checkpoints()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("name", cp.name());
                cm.put("start-lsn", cp.startLsn());
                cm.put("end-lsn", cp.endLsn());
                cm.put("overflowed", cp.overflowed());
                cm.put("started", cp.startedMillis());
                cps.add(cm);
            }
            rm.put("checkpoints", cps);
            r.transfer().ifPresent(t -> rm.put("transfer", transfer(t)));
            rvgs.add(rm);
        }
        m.put("rvgs", rvgs);
        List<Object> rlinks = new ArrayList<>();
        for (RlinkRecord r : c.rlinks()) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("name", r.name());
            rm.put("rvg", r.rvg());
            rm.put("remote-host", r.remoteHost());
            rm.put("remote-dg", r.remoteDg());
            rm.put("remote-rvg", r.remoteRvg());
            rm.put("remote-rlink", r.remoteRlink());
            rm.put("state", r.state());
            rm.put("attributes", r.attributes());
            rm.put("flags", new ArrayList<>(new java.util.TreeSet<>(r.flags())));
            rm.put("checkpoint", r.checkpoint());
            List<Object> rcps = new ArrayList<>();
            for (RlinkCheckpointRecord cp : r.checkpoints()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("name", cp.name());
                cm.put("lsn", cp.lsn());
                cm.put("created", cp.createdMillis());
                rcps.add(cm);
            }
            rm.put("checkpoints", rcps);
            rlinks.add(rm);
        }
        m.put("rlinks", rlinks);
        return ConfigValueFactory.fromMap(m).toConfig();
    }

    private static DiskGroupConfig fromConfig(Config c) {
        List<VolumeRecord> vols = new ArrayList<>();
        for (Config v : c.getConfigList("volumes")) {
            String rvg = v.getString("rvg");
            vols.add(new VolumeRecord(v.getString("name"), v.getString("path"), v.getLong("size"),
                    v.getBoolean("owned"), rvg.isEmpty() ? Optional.empty() : Optional.of(rvg),
                    VolumeRecord.Use.valueOf(v.getString("use")), v.getLong("dcm-region")));
        }
        List<RvgRecord> rvgs = new ArrayList<>();
        for (Config r : c.getConfigList("rvgs")) {
            List<CheckpointRecord> cps = new ArrayList<>();
            if (r.hasPath("checkpoints")) {
                for (Config cp : r.getConfigList("checkpoints")) {
                    cps.add(new CheckpointRecord(cp.getString("name"), cp.getLong("start-lsn"), cp.getLong("end-lsn"),
                            cp.getBoolean("overflowed"), cp.getLong("started")));
                }
            }
            Optional<TransferRecord> t = r.hasPath("transfer") ? Optional.of(transfer(r.getConfig("transfer"))) : Optional.empty();
            rvgs.add(new RvgRecord(r.getString("name"), r.getString("id"), r.getString("role"), r.getString("srl"),
                    r.getStringList("data-volumes"), r.getString("state"), cps, t));
        }
        List<RlinkRecord> rlinks = new ArrayList<>();
        for (Config r : c.getConfigList("rlinks")) {
            List<RlinkCheckpointRecord> rcps = new ArrayList<>();
            if (r.hasPath("checkpoints")) {
                for (Config cp : r.getConfigList("checkpoints")) {
                    rcps.add(new RlinkCheckpointRecord(cp.getString("name"), cp.getLong("lsn"), cp.getLong("created")));
                }
            }
            rlinks.add(new RlinkRecord(r.getString("name"), r.getString("rvg"), r.getString("remote-host"),
                    r.getString("remote-dg"), r.getString("remote-rvg"), r.getString("remote-rlink"), r.getString("state"),
                    r.getStringList("attributes"), new java.util.TreeSet<>(r.getStringList("flags")), r.getString("checkpoint"),
                    rcps));
        }
        return new DiskGroupConfig(c.getString("name"), c.getString("id"), c.getLong("created"), vols, rvgs, rlinks);
    }

    private static Map<String, Object> transfer(TransferRecord t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", t.kind());
        m.put("step", t.step());
        m.put("id", t.id());
        m.put("peer", t.peer());
        m.put("lsn", t.lsn());
        m.put("source-end", t.sourceEnd());
        m.put("hosts", t.hosts());
        m.put("options", new ArrayList<>(new java.util.TreeSet<>(t.options())));
        return m;
    }

    private static TransferRecord transfer(Config c) {
        return new TransferRecord(c.getString("kind"), c.getString("step"), c.getString("id"), c.getString("peer"),
                c.getLong("lsn"), c.getLong("source-end"), c.getStringList("hosts"), new java.util.TreeSet<>(c.getStringList("options")));
    }

    private static long crc(byte[] b) {
        CRC32C crc = new CRC32C();
        crc.update(b);
        return crc.getValue();
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
