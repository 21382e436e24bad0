package io.volrep.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console reaches the engine only through io.volrep.engine.api and io.volrep.engine.client,
 * and the menu model has no screen code in it.
 */
class ArchitectureTest {

    private static final Pattern ENGINE_REF = Pattern.compile("io\\.volrep\\.engine\\.(\\w+)");

    private static List<Path> sources(String pkg) throws IOException {
        Path root = Path.of(System.getProperty("volrep.home"), "tui/src/main/java/io/volrep/tui", pkg);
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    @Test
    void tuiUsesOnlyTheEngineApiAndClientPackages() throws IOException {
        List<String> bad = new ArrayList<>();
        List<Path> files = sources("");
        assertTrue(files.size() > 20, "found the sources: " + files.size());
        for (Path f : files) {
            Matcher m = ENGINE_REF.matcher(Files.readString(f));
            while (m.find()) {
                if (!m.group(1).equals("api") && !m.group(1).equals("client")) {
                    bad.add(f.getFileName() + ": " + m.group());
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void menuAndRunPackagesHaveNoScreenCode() throws IOException {
        List<String> bad = new ArrayList<>();
        for (String pkg : List.of("menu", "run")) {
            for (Path f : sources(pkg)) {
                String text = Files.readString(f);
                if (text.contains("com.googlecode.lanterna") || text.contains("org.jline")) {
                    bad.add(f.getFileName().toString());
                }
            }
        }
        assertEquals(List.of(), bad);
    }
}
