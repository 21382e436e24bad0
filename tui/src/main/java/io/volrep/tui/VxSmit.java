package io.volrep.tui;

import com.typesafe.config.ConfigException;
import io.volrep.engine.api.CommandCatalog;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.client.CommandRunner;
import io.volrep.engine.client.EngineClient;
import io.volrep.tui.line.Batch;
import io.volrep.tui.line.LineConsole;
import io.volrep.tui.line.Listing;
import io.volrep.tui.menu.MenuException;
import io.volrep.tui.menu.MenuLoader;
import io.volrep.tui.menu.MenuTree;
import io.volrep.tui.menu.Node;
import io.volrep.tui.run.ConsoleLog;
import io.volrep.tui.run.ExecMode;
import io.volrep.tui.run.Session;
import io.volrep.tui.smit.SmitConsole;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * vxsmit's main class. The launcher runs {@code java io.volrep.tui.VxSmit [args]}; tests and other
 * launchers call {@link #main(String[], RunnerFactory)} or build a {@code VxSmit} with their own
 * {@link Env} and {@link RunnerFactory}.
 */
public final class VxSmit {

    /** What vxsmit takes from its surroundings; {@link #system()} is the real one. */
    public record Env(Path home, Path userHome, Map<String, String> vars, InputStream in, PrintStream out,
                      PrintStream err, Clock clock) {

        public static Env system() {
            String home = System.getProperty("volrep.home", System.getenv().getOrDefault("VOLREP_HOME", "."));
            return new Env(Path.of(home).toAbsolutePath().normalize(), Path.of(System.getProperty("user.home")),
                    System.getenv(), System.in, System.out, System.err, Clock.systemDefaultZone());
        }
    }

    private final Env env;
    private final RunnerFactory factory;

    public VxSmit(Env env, RunnerFactory factory) {
        this.env = env;
        this.factory = factory;
    }

    public static void main(String[] args) {
        System.exit(main(args, engineClient(System.getenv())));
    }

    /** Runs vxsmit with the real environment and the given runner factory; returns the exit status. */
    public static int main(String[] args, RunnerFactory factory) {
        return new VxSmit(Env.system(), factory).run(args);
    }

    /**
     * The factory the launcher uses: the client of this host's daemon, found through the host config
     * ({@code $VXREP_CONF} or the default file), or a clear error naming the config problem.
     */
    public static RunnerFactory engineClient(Map<String, String> vars) {
        return () -> {
            try {
                return EngineClient.forHost(Optional.empty(), vars);
            } catch (VolrepException e) {
                throw new IOException(e.render("vxsmit"), e);
            }
        };
    }

    public int run(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (Options.UsageException e) {
            env.err().println("vxsmit: " + e.getMessage());
            env.err().print(Options.USAGE);
            return 2;
        }
        if (o.help()) {
            env.out().print(Options.USAGE);
            return 0;
        }
        ConsoleConfig config;
        MenuTree tree;
        try {
            config = ConsoleConfig.load(env.home());
            tree = new MenuLoader(CommandCatalog::exists).load(config.menuDirs());
        } catch (ConfigException e) {
            env.err().println("vxsmit: " + e.getMessage());
            return 1;
        } catch (MenuException e) {
            env.err().println(e.getMessage());
            return 1;
        }
        if (o.listFastPaths()) {
            Listing.fastPaths(tree, env.out());
            return 0;
        }
        if (o.fields()) {
            return Listing.fields(tree, o.fastPath(), env.out(), env.err());
        }
        Node start = tree.top();
        if (o.fastPath() != null && !o.batch()) {
            start = tree.resolve(o.fastPath()).orElse(null);
            if (start == null) {
                env.err().println("vxsmit: no fast path '" + o.fastPath() + "' (vxsmit --list-fastpaths lists them)");
                return 2;
            }
        }
        Session session = new Session(factory, mode(o), log(o, config));
        int status = dispatch(o, config, tree, start, session);
        if (session.log().problem() != null) {
            env.err().println("vxsmit: " + session.log().problem());
        }
        return status;
    }

    private int dispatch(Options o, ConsoleConfig config, MenuTree tree, Node start, Session session) {
        BufferedReader in = new BufferedReader(new InputStreamReader(env.in(), StandardCharsets.UTF_8));
        if (o.batch()) {
            return new Batch(tree, session, env.out(), env.err(), in).run(o.fastPath(), o.values(), o.dryRun());
        }
        session.log().log("Starting vxsmit" + (o.fastPath() == null ? "" : " at fast path " + o.fastPath()), null);
        try {
            String term = env.vars().getOrDefault("TERM", "");
            if (o.line() || term.isBlank() || term.equals("dumb")) {
                new LineConsole(tree, session, env.in(), env.out()).run(start);
            } else {
                SmitConsole.runOnTerminal(tree, session, config.shell(), start);
            }
        } catch (IOException e) {
            env.err().println("vxsmit: terminal error: " + e.getMessage());
            return 1;
        } finally {
            session.log().log("Exiting vxsmit", null);
        }
        return 0;
    }

    private static ExecMode mode(Options o) {
        return o.noCommands() ? ExecMode.NOTHING : o.noExec() ? ExecMode.NO_EXEC : ExecMode.RUN;
    }

    private ConsoleLog log(Options o, ConsoleConfig config) {
        Path log = o.logFile() != null ? o.logFile()
                : config.logFile() != null ? config.logFile() : env.userHome().resolve("vxsmit.log");
        Path script = o.scriptFile() != null ? o.scriptFile()
                : config.scriptFile() != null ? config.scriptFile() : env.userHome().resolve("vxsmit.script");
        return new ConsoleLog(log, script, env.clock());
    }
}
