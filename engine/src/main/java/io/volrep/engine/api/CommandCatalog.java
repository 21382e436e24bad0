package io.volrep.engine.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The product commands that exist, with their verbs (keywords). The daemon's command registry is
 * checked against this list by a test, and the console's menu lint checks every dialog against it,
 * so a menu never offers a command that does not exist.
 */
public final class CommandCatalog {

    private static final Map<String, Set<String>> VERBS = new TreeMap<>(Map.of(
            "vxdg", Set.of("init", "list", "destroy"),
            "vxassist", Set.of("make", "remove", "growto", "maxsize"),
            "vxprint", Set.of(),
            "vradmin", Set.of("createpri", "delpri", "printrvg", "printvol", "addsec", "delsec", "startrep", "stoprep",
                    "pauserep", "resumerep", "set", "repstatus", "resync", "syncrvg", "syncvol", "migrate", "takeover",
                    "fbsync", "makesec"),
            "vxrvg", Set.of("start", "stop", "checkstart", "checkend", "cplist", "checkdelete"),
            "vxrlink", Set.of("att", "det", "pause", "resume", "status", "stats", "updates", "restore", "cplist",
                    "checkdelete"),
            "vrstat", Set.of(),
            "vrnotify", Set.of()));

    private CommandCatalog() {
    }

    /** Command names, sorted. */
    public static List<String> commands() {
        return List.copyOf(VERBS.keySet());
    }

    /** The verbs of a command; empty for commands without verbs (vxprint); empty Optional if unknown. */
    public static Optional<Set<String>> verbs(String command) {
        return Optional.ofNullable(VERBS.get(command));
    }

    /** True if the command exists and, when it has verbs, {@code verb} is one of them. */
    public static boolean exists(String command, String verb) {
        Set<String> v = VERBS.get(command);
        return v != null && (v.isEmpty() || v.contains(verb));
    }
}
