package io.volrep.tui.menu;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command template such as {@code vxprint -g {dg} -ht}: words separated by blanks, where
 * {@code {name}} stands for the current value of a field or of a value passed on by a selector.
 * A word that is exactly one {@code {name}} becomes exactly one argument, whatever the value holds.
 */
public final class Template {

    private static final Pattern REF = Pattern.compile("\\{([a-z][a-z0-9_]*)}");

    private Template() {
    }

    /** A template named a value that is empty. */
    public static final class MissingValue extends Exception {
        private static final long serialVersionUID = 1L;
        private final String name;

        MissingValue(String name) {
            super("needs a value for '" + name + "'");
            this.name = name;
        }

        public String name() {
            return name;
        }
    }

    /** The names a template refers to, in order of first use. */
    public static Set<String> names(String template) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = REF.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Splits the template into argv words and fills in every {@code {name}}. */
    public static List<String> expand(String template, Function<String, String> values) throws MissingValue {
        List<String> argv = new ArrayList<>();
        for (String word : template.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            Matcher m = REF.matcher(word);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String v = values.apply(m.group(1));
                if (v == null || v.isBlank()) {
                    throw new MissingValue(m.group(1));
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(v.trim()));
            }
            m.appendTail(sb);
            argv.add(sb.toString());
        }
        return argv;
    }
}
