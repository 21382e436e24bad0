package io.volrep.engine.command;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;

/** A parsed command line: options (value or "" for flags), the verb, and the positional arguments. */
public record Args(String command, Map<String, String> options, String verb, List<String> positionals) {

    public Args {
        options = Map.copyOf(options);
        positionals = List.copyOf(positionals);
    }

    public boolean flag(String option) {
        return options.containsKey(option);
    }

    public Optional<String> option(String option) {
        return Optional.ofNullable(options.get(option));
    }

    public String arg(int i) {
        return positionals.get(i);
    }

    public Optional<String> optionalArg(int i) {
        return i < positionals.size() ? Optional.of(positionals.get(i)) : Optional.empty();
    }

    /** The disk group named with -g, or an error that says to name one. */
    public String diskGroup() throws VolrepException {
        return option("-g").orElseThrow(() -> new VolrepException(ErrorCode.USAGE,
                "no disk group given: name one with -g DG (vxdg list shows them)"));
    }
}
