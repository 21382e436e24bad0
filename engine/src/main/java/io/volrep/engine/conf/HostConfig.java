package io.volrep.engine.conf;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;

/**
 * The typed host configuration, read once at boot from a HOCON file layered over the engine's
 * {@code reference.conf}. Every key is declared there with its default; an unknown key or a bad
 * value fails with the key and the file (DESIGN.md rule 8).
 */
public record HostConfig(
        String host,
        Path stateDir,
        Path adminSocket,
        String peerListenAddress,
        int peerPort,
        Optional<Path> keyFile,
        Optional<TlsFiles> peerTls,
        Map<String, String> hosts,
        Path nbdSocket,
        Optional<String> nbdTcp,
        Optional<String> nbdGroup,
        long srlMinSize,
        boolean srlInitialize,
        boolean directIo,
        long groupCommitMaxBytes,
        int groupCommitMaxRecords,
        long dcmRegionSize,
        String logFile,
        long logMaxSize,
        int logKeep,
        Level logLevel,
        int syncBlockSize,
        int syncHashThreads,
        SyncDigest syncDigest,
        String source) {

    /** Environment variable naming the config file, for the daemon and every command. */
    public static final String ENV = "VXREP_CONF";

    /** Default config file when neither --conf nor VXREP_CONF names one. */
    public static final Path DEFAULT_FILE = Path.of("/etc/volrep/vxrep.conf");

    /** The file to read: {@code --conf} wins, then VXREP_CONF, then the default. */
    public static Path locate(Optional<String> confFlag, Map<String, String> env) {
        return confFlag.map(Path::of)
                .or(() -> Optional.ofNullable(env.get(ENV)).filter(s -> !s.isBlank()).map(Path::of))
                .orElse(DEFAULT_FILE);
    }

    public static HostConfig load(Path file) throws VolrepException {
        if (!Files.isRegularFile(file)) {
            throw new VolrepException(ErrorCode.BAD_CONFIG, "config file " + file
                    + " does not exist: create it (see conf/vxrep.conf) or name another with --conf or " + ENV);
        }
        try {
            Config user = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            return from(user, file.toString());
        } catch (ConfigException e) {
            throw new VolrepException(ErrorCode.BAD_CONFIG, "bad config file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Builds the config from already-parsed HOCON (tests, vxlab). */
    public static HostConfig from(Config user, String source) throws VolrepException {
        Config reference = ConfigFactory.parseResources(HostConfig.class.getClassLoader(), "reference.conf");
        try {
            rejectUnknownKeys(user, reference, source);
            Config c = user.withFallback(reference).resolve();
            c.checkValid(reference, "vxrep");
            return build(c.getConfig("vxrep"), source);
        } catch (ConfigException e) {
            throw new VolrepException(ErrorCode.BAD_CONFIG, "bad config " + source + ": " + e.getMessage(), e);
        }
    }

    private static HostConfig build(Config c, String source) throws VolrepException {
        String host = c.getString("host");
        if (!host.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw bad(source, "vxrep.host", "'" + host + "' is not a host name (letters, digits, . _ -)");
        }
        Path stateDir = Path.of(c.getString("state-dir"));
        if (!stateDir.isAbsolute()) {
            stateDir = new File(source).getAbsoluteFile().toPath().resolveSibling(stateDir).normalize();
        }
        int port = c.getInt("peer.port");
        if (port < 1 || port > 65535) {
            throw bad(source, "vxrep.peer.port", port + " is not a TCP port");
        }
        Map<String, String> hosts = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> e : c.getConfig("hosts").root().entrySet()) {
            hosts.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
        }
        long region = c.getBytes("dcm.region-size");
        if (region < 32 * 1024 || Long.bitCount(region) != 1) {
            throw bad(source, "vxrep.dcm.region-size", region + " must be a power of two of at least 32k");
        }
        long srlMin = c.getBytes("srl.min-size");
        if (srlMin < 1024 * 1024) {
            throw bad(source, "vxrep.srl.min-size", srlMin + " is below 1m");
        }
        Level level;
        try {
            level = Level.parse(c.getString("log.level"));
        } catch (IllegalArgumentException e) {
            throw bad(source, "vxrep.log.level", "'" + c.getString("log.level") + "' is not SEVERE, WARNING, INFO or FINE");
        }
        int maxRecords = c.getInt("group-commit.max-batch-records");
        if (maxRecords < 1) {
            throw bad(source, "vxrep.group-commit.max-batch-records", "must be at least 1");
        }
        long syncBlock = c.getBytes("sync.block-size");
        if (syncBlock < 4096 || syncBlock > (4 << 20) || Long.bitCount(syncBlock) != 1) {
            throw bad(source, "vxrep.sync.block-size", syncBlock + " must be a power of two from 4k to 4m");
        }
        int hashThreads = c.getInt("sync.hash-threads");
        if (hashThreads < 0 || hashThreads > 256) {
            throw bad(source, "vxrep.sync.hash-threads", hashThreads + " must be 0 (one per processor) to 256");
        }
        return new HostConfig(host, stateDir,
                orDefault(c.getString("admin-socket"), stateDir.resolve("admin.sock")),
                c.getString("peer.listen-address"), port,
                optional(c.getString("peer.key-file")).map(Path::of),
                tls(c, source),
                Map.copyOf(hosts),
                orDefault(c.getString("nbd.socket"), stateDir.resolve("nbd.sock")),
                optional(c.getString("nbd.tcp")), optional(c.getString("nbd.group")),
                srlMin, c.getBoolean("srl.initialize"), c.getBoolean("io.direct"),
                c.getBytes("group-commit.max-batch-bytes"), maxRecords,
                region, c.getString("log.file"), c.getBytes("log.max-size"), c.getInt("log.keep"), level,
                (int) syncBlock, hashThreads == 0 ? Runtime.getRuntime().availableProcessors() : hashThreads,
                syncDigest(c, source), source);
    }

    private static SyncDigest syncDigest(Config c, String source) throws VolrepException {
        String word = c.getString("sync.digest");
        return SyncDigest.of(word).orElseThrow(() -> bad(source, "vxrep.sync.digest",
                "'" + word + "' is not a digest: use one of " + SyncDigest.words()));
    }

    /**
     * The files of the optional TLS layer of the peer port: a PKCS#12 key store with this host's
     * certificate (CN = host name) and key, a PKCS#12 trust store with the peers' certificates or their
     * CA, and a file whose first line is the password of both.
     */
    public record TlsFiles(Path keyStore, Path trustStore, Path passwordFile) {
    }

    private static Optional<TlsFiles> tls(Config c, String source) throws VolrepException {
        List<String> keys = List.of("key-store", "trust-store", "password-file");
        List<String> set = keys.stream().filter(k -> !c.getString("peer.tls." + k).isBlank()).toList();
        if (set.isEmpty()) {
            return Optional.empty();
        }
        if (set.size() < keys.size()) {
            String missing = keys.stream().filter(k -> !set.contains(k)).map(k -> "vxrep.peer.tls." + k)
                    .collect(java.util.stream.Collectors.joining(", "));
            throw bad(source, "vxrep.peer.tls", "TLS needs key-store, trust-store and password-file together; set " + missing);
        }
        return Optional.of(new TlsFiles(Path.of(c.getString("peer.tls.key-store")), Path.of(c.getString("peer.tls.trust-store")),
                Path.of(c.getString("peer.tls.password-file"))));
    }

    private static void rejectUnknownKeys(Config user, Config reference, String source) throws VolrepException {
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("vxrep.hosts.")) {
                continue;
            }
            if (!reference.hasPathOrNull(key)) {
                unknown.add(key + " (line " + e.getValue().origin().lineNumber() + ")");
            }
        }
        if (!unknown.isEmpty()) {
            throw new VolrepException(ErrorCode.BAD_CONFIG, "unknown key " + String.join(", ", unknown) + " in " + source
                    + ": remove it or check its spelling against reference.conf");
        }
    }

    private static VolrepException bad(String source, String key, String why) {
        return new VolrepException(ErrorCode.BAD_CONFIG, "bad value for " + key + " in " + source + ": " + why);
    }

    private static Optional<String> optional(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
    }

    private static Path orDefault(String s, Path dflt) {
        return s == null || s.isBlank() ? dflt : Path.of(s);
    }
}
