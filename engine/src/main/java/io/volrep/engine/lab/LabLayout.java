package io.volrep.engine.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;

/**
 * Where a lab keeps its hosts: {@code DIR/lab.hosts} lists the host names in order, host i (from 0)
 * listens on 127.0.(i+1).1, and {@code DIR/HOST/} holds its config, state directory, pid file and
 * console output. {@code DIR/lab.key} is the secret every lab host shares.
 */
record LabLayout(Path dir) {
    static final int PEER_PORT = 4145;

    Path hostsFile() {
        return dir.resolve("lab.hosts");
    }

    Path keyFile() {
        return dir.resolve("lab.key");
    }

    Path hostDir(String host) {
        return dir.resolve(host);
    }

    Path conf(String host) {
        return hostDir(host).resolve("vxrep.conf");
    }

    Path pidFile(String host) {
        return hostDir(host).resolve("vxrepd.pid");
    }

    Path consoleLog(String host) {
        return hostDir(host).resolve("vxrepd.out");
    }

    Path stateDir(String host) {
        return hostDir(host).resolve("state");
    }

    Path adminSocket(String host) {
        return stateDir(host).resolve("admin.sock");
    }

    static String address(int index) {
        return "127.0." + (index + 1) + ".1";
    }

    Optional<List<String>> hosts() throws IOException {
        if (!Files.exists(hostsFile())) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(hostsFile(), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(line.trim());
            }
        }
        return Optional.of(out);
    }

    /**
     * The peer port of the lab's hosts as their configs say (the first host's), if the lab has configs:
     * an admin may have edited them since.
     */
    Optional<Integer> port(List<String> hosts) {
        Path conf = conf(hosts.get(0));
        if (!Files.exists(conf)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ConfigFactory.parseFile(conf.toFile()).getInt("vxrep.peer.port"));
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }

    /** Writes the host list, the shared key (once) and every host's config (once, listening on {@code port}). */
    void write(List<String> hosts, int port) throws IOException {
        Files.createDirectories(dir);
        Files.write(hostsFile(), hosts, StandardCharsets.UTF_8);
        if (!Files.exists(keyFile())) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.writeString(keyFile(), HexFormat.of().formatHex(key) + "\n");
            Files.setPosixFilePermissions(keyFile(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        for (int i = 0; i < hosts.size(); i++) {
            String h = hosts.get(i);
            Files.createDirectories(stateDir(h));
            StringBuilder peers = new StringBuilder();
            for (int k = 0; k < hosts.size(); k++) {
                if (k != i) {
                    peers.append("    ").append(hosts.get(k)).append(" = \"").append(address(k)).append("\"\n");
                }
            }
            String conf = "# vxlab host " + h + " (written by vxlab up; edit freely, vxlab keeps it)\n"
                    + "vxrep {\n"
                    + "  host = \"" + h + "\"\n"
                    + "  state-dir = \"" + stateDir(h) + "\"\n"
                    + "  peer {\n    listen-address = \"" + address(i) + "\"\n    port = " + port + "\n"
                    + "    key-file = \"" + keyFile() + "\"\n  }\n"
                    + "  hosts {\n" + peers + "  }\n"
                    + "}\n";
            if (!Files.exists(conf(h))) {
                Files.writeString(conf(h), conf);
            }
        }
    }
}
