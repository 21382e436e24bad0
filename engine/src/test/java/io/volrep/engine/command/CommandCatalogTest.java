package io.volrep.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.api.CommandCatalog;
import io.volrep.engine.testing.TestHost;

/** The registry the daemon runs and the catalog the console checks its menus against agree. */
class CommandCatalogTest {
    @TempDir
    Path dir;

    @Test
    void registryMatchesCatalog() throws Exception {
        try (TestHost host = new TestHost(dir, "h").start()) {
            Map<String, Set<String>> fromRegistry = Commands.registry(host.daemon().engine(), host.daemon().roles()).catalog();
            Map<String, Set<String>> fromCatalog = new TreeMap<>();
            for (String c : CommandCatalog.commands()) {
                Set<String> verbs = CommandCatalog.verbs(c).orElseThrow();
                fromCatalog.put(c, verbs.isEmpty() ? Set.of("") : verbs);
            }
            assertEquals(fromCatalog, fromRegistry);
        }
    }
}
