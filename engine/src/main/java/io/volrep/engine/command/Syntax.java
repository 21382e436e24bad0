package io.volrep.engine.command;

import java.util.Map;
import java.util.Set;

/**
 * What a command verb accepts: its usage line, the options it allows (true = takes a value) and how
 * many positional arguments follow the verb.
 */
public record Syntax(String usage, Map<String, Boolean> options, int minArgs, int maxArgs) {

    public static final int MANY = Integer.MAX_VALUE;

    public Syntax {
        options = Map.copyOf(options);
    }

    public boolean allows(String option) {
        return options.containsKey(option);
    }

    public Set<String> optionNames() {
        return options.keySet();
    }
}
