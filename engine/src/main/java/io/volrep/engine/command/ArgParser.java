package io.volrep.engine.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;

/**
 * Parses VxVM-style command lines. Options start with one dash and may stand before or after the
 * verb ({@code vradmin -g hrdg -c ck syncrvg hr_rvg london}); multi-letter options are whole words
 * ({@code -nodcm}); for commands that allow it, single letters combine ({@code vxprint -thg hrdg},
 * the last letter taking the value). A token {@code --} ends the options.
 */
public final class ArgParser {
    private final Set<String> valueOptions;
    private final boolean combinable;

    /**
     * @param valueOptions every option of the command family that takes a value (needed to find
     *                     the verb before its own syntax is known)
     * @param combinable   whether single-letter flags may be combined into one token
     */
    public ArgParser(Set<String> valueOptions, boolean combinable) {
        this.valueOptions = Set.copyOf(valueOptions);
        this.combinable = combinable;
    }

    /** Splits tokens into options and positionals; the first positional is the verb if {@code hasVerb}. */
    public Args parse(String command, List<String> tokens, boolean hasVerb) throws VolrepException {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (optionsEnded || !t.startsWith("-") || t.equals("-")) {
                positionals.add(t);
                continue;
            }
            if (t.equals("--")) {
                optionsEnded = true;
                continue;
            }
            List<String> names = expand(t);
            for (int k = 0; k < names.size(); k++) {
                String name = names.get(k);
                if (valueOptions.contains(name)) {
                    if (k != names.size() - 1 || i + 1 >= tokens.size()) {
                        throw new VolrepException(ErrorCode.USAGE, "option " + name + " needs a value");
                    }
                    put(options, name, tokens.get(++i));
                } else {
                    put(options, name, "");
                }
            }
        }
        String verb = "";
        if (hasVerb) {
            if (positionals.isEmpty()) {
                throw new VolrepException(ErrorCode.USAGE, "no keyword given");
            }
            verb = positionals.remove(0);
        }
        return new Args(command, options, verb, positionals);
    }

    private List<String> expand(String token) {
        if (!combinable || token.length() <= 2 || valueOptions.contains(token) || token.startsWith("--")) {
            return List.of(token);
        }
        List<String> out = new ArrayList<>();
        for (char c : token.substring(1).toCharArray()) {
            out.add("-" + c);
        }
        return out;
    }

    private static void put(Map<String, String> options, String name, String value) throws VolrepException {
        if (options.containsKey(name)) {
            throw new VolrepException(ErrorCode.USAGE, "option " + name + " given twice");
        }
        options.put(name, value);
    }
}
