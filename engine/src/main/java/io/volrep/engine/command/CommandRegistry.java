package io.volrep.engine.command;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.client.CommandIo;

/**
 * Every command verb the daemon runs, and the one place a command line is parsed, checked against
 * the verb's syntax and run. Errors become one coded line on stderr and an exit status; nothing a
 * command throws reaches the caller (a bug is logged with its stack and reported as VR-4999).
 */
public final class CommandRegistry {
    private static final Logger LOG = Logger.getLogger(CommandRegistry.class.getName());

    private final Map<String, Map<String, Verb>> commands = new TreeMap<>();
    private final Set<String> combinable;

    public CommandRegistry(List<Verb> verbs, Set<String> combinableCommands) {
        for (Verb v : verbs) {
            Verb old = commands.computeIfAbsent(v.command(), k -> new TreeMap<>()).put(v.verb(), v);
            if (old != null) {
                throw new IllegalArgumentException("two classes for " + v.command() + " " + v.verb());
            }
        }
        this.combinable = Set.copyOf(combinableCommands);
    }

    /** Command names and their verbs ("" for a command without verbs). */
    public Map<String, Set<String>> catalog() {
        Map<String, Set<String>> out = new TreeMap<>();
        commands.forEach((c, verbs) -> out.put(c, Set.copyOf(verbs.keySet())));
        return out;
    }

    /** The verb a command line names, if it parses (for checking what a peer asks to run). */
    public Optional<String> verbOf(List<String> argv) {
        Map<String, Verb> verbs = argv.isEmpty() ? null : commands.get(argv.get(0));
        if (verbs == null || verbs.containsKey("")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ArgParser(valueOptions(verbs), combinable.contains(argv.get(0)))
                    .parse(argv.get(0), argv.subList(1, argv.size()), true).verb());
        } catch (VolrepException e) {
            return Optional.empty();
        }
    }

    public int run(List<String> argv, CommandIo io, Path cwd) {
        String command = argv.isEmpty() ? "?" : argv.get(0);
        try {
            Map<String, Verb> verbs = commands.get(command);
            if (verbs == null) {
                throw new VolrepException(ErrorCode.USAGE, "unknown command; the commands are " + String.join(", ", commands.keySet()));
            }
            List<String> rest = argv.subList(1, argv.size());
            boolean hasVerbs = !verbs.containsKey("");
            if (hasVerbs && (rest.isEmpty() || rest.equals(List.of("help")) || rest.get(0).equals("help"))) {
                return help(command, verbs, rest.size() > 1 ? rest.get(1) : null, io);
            }
            Args args = new ArgParser(valueOptions(verbs), combinable.contains(command)).parse(command, rest, hasVerbs);
            Verb verb = verbs.get(args.verb());
            if (verb == null) {
                throw new VolrepException(ErrorCode.USAGE, "unknown keyword '" + args.verb() + "'; the keywords are "
                        + String.join(", ", verbs.keySet()) + " (" + command + " help lists them with their syntax)");
            }
            checkSyntax(verb, args);
            return verb.run(new Invocation(args, io, cwd));
        } catch (VolrepException e) {
            io.err(e.render(command) + "\n");
            if (e.code() == ErrorCode.USAGE) {
                usageHint(command, argv, io);
            }
            return e.code().exitStatus();
        } catch (IOException e) {
            LOG.log(Level.WARNING, command + " failed with an I/O error", e);
            io.err(command + ": " + ErrorCode.IO_ERROR.tag() + " ERROR: " + e.getMessage()
                    + ": check the device and the daemon log, then run the command again\n");
            return 1;
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "bug: " + String.join(" ", argv) + " threw", e);
            io.err(command + ": " + ErrorCode.INTERNAL.tag() + " ERROR: internal error (" + e
                    + "); nothing more was changed; the daemon log has the details\n");
            return 1;
        }
    }

    private static void checkSyntax(Verb verb, Args args) throws VolrepException {
        for (String o : args.options().keySet()) {
            if (!verb.syntax().allows(o)) {
                throw new VolrepException(ErrorCode.USAGE, "option " + o + " is not valid for " + name(verb));
            }
        }
        int n = args.positionals().size();
        if (n < verb.syntax().minArgs()) {
            throw new VolrepException(ErrorCode.USAGE, "missing arguments for " + name(verb));
        }
        if (n > verb.syntax().maxArgs()) {
            throw new VolrepException(ErrorCode.USAGE, "too many arguments for " + name(verb) + ": '"
                    + args.positionals().get(verb.syntax().maxArgs()) + "' and after");
        }
    }

    private static String name(Verb v) {
        return v.verb().isEmpty() ? v.command() : v.command() + " " + v.verb();
    }

    private void usageHint(String command, List<String> argv, CommandIo io) {
        Map<String, Verb> verbs = commands.get(command);
        if (verbs == null) {
            return;
        }
        Verb v = verbs.get("");
        if (v == null) {
            v = argv.stream().skip(1).map(verbs::get).filter(x -> x != null).findFirst().orElse(null);
        }
        if (v != null) {
            io.err("Usage: " + v.syntax().usage() + "\n");
        } else {
            io.err("Usage: " + command + " help   lists the keywords and their syntax\n");
        }
    }

    private static int help(String command, Map<String, Verb> verbs, String keyword, CommandIo io) {
        Optional<Verb> one = Optional.ofNullable(keyword).map(verbs::get);
        if (keyword != null && one.isEmpty()) {
            io.err(command + ": " + ErrorCode.USAGE.tag() + " ERROR: no keyword '" + keyword + "'; "
                    + command + " help lists them\n");
            return 2;
        }
        StringBuilder sb = new StringBuilder();
        for (Verb v : one.map(List::of).orElseGet(() -> new ArrayList<>(verbs.values()))) {
            sb.append(String.format("%-11s %s%n  %s%n", v.verb(), v.summary(), v.syntax().usage()));
        }
        io.out(sb.toString());
        return 0;
    }

    private static Set<String> valueOptions(Map<String, Verb> verbs) {
        Set<String> out = new HashSet<>();
        for (Verb v : verbs.values()) {
            v.syntax().options().forEach((name, takesValue) -> {
                if (takesValue) {
                    out.add(name);
                }
            });
        }
        return out;
    }
}
