package io.volrep.tui.menu;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.stream.Stream;

/**
 * Reads every {@code *.conf} in the given menu directories into one {@link MenuTree}, or fails with
 * every problem found (file and line each). Nothing is ever half-loaded.
 */
public final class MenuLoader {

    private final BiPredicate<String, String> commandExists;

    /**
     * @param commandExists tells whether {@code (command, verb)} exists; the console passes
     *                      {@code CommandCatalog::exists}
     */
    public MenuLoader(BiPredicate<String, String> commandExists) {
        this.commandExists = commandExists;
    }

    /** Loads and validates the menu files of all directories, in order. */
    public MenuTree load(List<Path> dirs) throws MenuException {
        List<Problem> problems = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        for (Path dir : dirs) {
            for (Path file : confFiles(dir, problems)) {
                readFile(file, nodes, problems);
            }
        }
        if (problems.isEmpty() && nodes.isEmpty()) {
            problems.add(new Problem(new Origin(dirs.toString(), 0), "no menu files (*.conf) found"));
        }
        MenuTree tree = MenuTree.of(nodes, problems);
        if (problems.isEmpty()) {
            new MenuValidator(tree, commandExists).validate(problems);
        }
        if (!problems.isEmpty()) {
            throw new MenuException(problems);
        }
        return tree;
    }

    private static List<Path> confFiles(Path dir, List<Problem> problems) {
        if (!Files.isDirectory(dir)) {
            problems.add(new Problem(new Origin(dir.toString(), 0), "menu directory does not exist"));
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
        } catch (IOException e) {
            problems.add(new Problem(new Origin(dir.toString(), 0), "cannot list: " + e.getMessage()));
            return List.of();
        }
    }

    private static void readFile(Path file, List<Node> nodes, List<Problem> problems) {
        String name = file.toString();
        Config config;
        try {
            config = ConfigFactory.parseFile(file.toFile(),
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false)).resolve();
        } catch (ConfigException e) {
            int line = e.origin() == null ? 0 : Math.max(e.origin().lineNumber(), 0);
            problems.add(new Problem(new Origin(name, line), stripOrigin(e)));
            return;
        }
        Stanza top = new Stanza(config.root(), name, "file", problems);
        NodeReader reader = new NodeReader(problems);
        each(top.child("menus", "menus", false), (id, s) -> nodes.add(reader.menu(id, s)));
        each(top.child("selectors", "selectors", false),
                (id, s) -> nodes.add(reader.selector(id, s)));
        each(top.child("dialogs", "dialogs", false), (id, s) -> nodes.add(reader.dialog(id, s)));
        top.finish();
    }

    private interface StanzaConsumer {
        void accept(String id, Stanza stanza);
    }

    private static void each(Stanza group, StanzaConsumer consumer) {
        if (group == null) {
            return;
        }
        for (String id : group.keys()) {
            Stanza s = group.child(id, id, true);
            if (s == null) {
                continue;
            }
            if (!id.matches("[a-z][a-z0-9_]*")) {
                s.problem("id must be lower-case letters, digits and _ (it is typed as a fast path)");
            }
            consumer.accept(id, s);
        }
        group.finish();
    }

    private static String stripOrigin(ConfigException e) {
        String msg = e.getMessage();
        if (e.origin() != null) {
            String prefix = e.origin().description() + ": ";
            if (msg.startsWith(prefix)) {
                msg = msg.substring(prefix.length());
            }
        }
        return msg;
    }
}
