package io.volrep.tui;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The console's settings, read once from {@code conf/vxsmit.conf} over the defaults in
 * {@code reference.conf}. An unknown key or a value of the wrong type fails with the key and the
 * file. Immutable.
 *
 * @param menuDirs    every menu directory, the install's {@code menus/} first
 * @param shell       whether F9 starts a shell
 * @param logFile     vxsmit.log, or null for {@code $HOME/vxsmit.log}
 * @param scriptFile  vxsmit.script, or null for {@code $HOME/vxsmit.script}
 */
public record ConsoleConfig(List<Path> menuDirs, boolean shell, Path logFile, Path scriptFile) {

    public ConsoleConfig {
        menuDirs = List.copyOf(menuDirs);
    }

    /** Reads {@code home/conf/vxsmit.conf} (if present) over the defaults. */
    public static ConsoleConfig load(Path home) {
        Path file = home.resolve("conf").resolve("vxsmit.conf");
        Config reference = ConfigFactory.parseResources(ConsoleConfig.class, "/reference.conf");
        Config given = Files.exists(file)
                ? ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                : ConfigFactory.empty();
        if (given.hasPath("vxsmit")) {
            for (Map.Entry<String, ConfigValue> e : given.getConfig("vxsmit").entrySet()) {
                if (!reference.hasPath("vxsmit." + e.getKey())) {
                    throw new ConfigException.BadPath(e.getValue().origin(), "vxsmit." + e.getKey(),
                            "unknown key (known: " + reference.getConfig("vxsmit").root().keySet() + ")");
                }
            }
        }
        Config c = given.withFallback(reference).resolve();
        c.checkValid(reference, "vxsmit");
        List<Path> dirs = new ArrayList<>();
        dirs.add(home.resolve("menus"));
        for (String d : c.getStringList("vxsmit.menu-dirs")) {
            dirs.add(home.resolve(d));
        }
        return new ConsoleConfig(dirs, c.getBoolean("vxsmit.shell"),
                pathOrNull(home, c.getString("vxsmit.log-file")), pathOrNull(home, c.getString("vxsmit.script-file")));
    }

    private static Path pathOrNull(Path home, String s) {
        return s.isBlank() ? null : home.resolve(s);
    }
}
