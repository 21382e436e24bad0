package io.volrep.tui.menu;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A command whose output lists the choices of a field (SMIT's {@code cmd_to_list}). Each output
 * line is one choice; the value taken is one whitespace-separated column (1-based; 0 = the whole
 * line). The first {@code skip} lines (column headings) and lines starting with {@code #} are shown
 * but cannot be picked; when {@code filter} is set, other lines that do not match it are dropped.
 *
 * @param command template, e.g. {@code vxprint -g {dg} -ht}; {@code {id}} names another value
 */
public record ListSource(String command, int column, Pattern filter, int skip) {

    /** One line of a list: the text shown and the value it yields, or a heading when not selectable. */
    public record Entry(String line, String value, boolean selectable) {
    }

    /** Turns the list command's output into entries. */
    public List<Entry> parse(String output) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = output.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            if (i < skip || line.startsWith("#")) {
                entries.add(new Entry(line, "", false));
            } else if (filter == null || filter.matcher(line).find()) {
                String value = pick(line.trim());
                if (!value.isEmpty()) {
                    entries.add(new Entry(line, value, true));
                }
            }
        }
        return entries;
    }

    /** The values that can be picked. */
    public List<String> values(String output) {
        return parse(output).stream().filter(Entry::selectable).map(Entry::value).toList();
    }

    private String pick(String line) {
        if (column == 0) {
            return line;
        }
        String[] cols = line.split("\\s+");
        return column <= cols.length ? cols[column - 1] : "";
    }
}
