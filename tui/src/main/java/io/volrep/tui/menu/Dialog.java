package io.volrep.tui.menu;

import java.util.List;
import java.util.Optional;

/**
 * A dialog screen (SMIT's {@code sm_cmd_hdr} with its fields): builds one command line
 * {@code command [fixed words] [flag fields] [verb words] [positional fields]} and runs it.
 *
 * @param verb     the verb words that follow the flags ({@code make}, {@code remove volume}); may be empty
 * @param discover optional command printing {@code #name1:name2} then {@code value1:value2} to fill
 *                 current values; null if none
 * @param confirm  optional question asked before running (for destructive tasks); null if none
 * @param ghost    run as soon as it is picked, without showing the form (when nothing required is missing)
 */
public record Dialog(String id, String title, List<String> aliases, String help, String command,
                     List<String> verb, List<Field> fields, String discover, String confirm,
                     boolean ghost, Origin origin) implements Node {

    public Dialog {
        aliases = List.copyOf(aliases);
        verb = List.copyOf(verb);
        fields = List.copyOf(fields);
    }

    /** The command name: the first word of {@code command} (later words are fixed leading arguments). */
    public String commandName() {
        return commandWords().get(0);
    }

    /** The words of {@code command}: the command name and any fixed arguments such as {@code -ht}. */
    public List<String> commandWords() {
        return List.of(command.trim().split("\\s+"));
    }

    public Optional<Field> field(String fieldId) {
        return fields.stream().filter(f -> f.id().equals(fieldId)).findFirst();
    }
}
