package io.volrep.tui.menu;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Strict reader of one HOCON object from a menu file: typed getters that record a {@link Problem}
 * (with file and line) instead of throwing, and {@link #finish()} that reports unknown keys.
 * Not thread-safe; used by the loader only.
 */
final class Stanza {

    private final ConfigObject object;
    private final String file;
    private final String what;
    private final List<Problem> problems;
    private final Set<String> used = new HashSet<>();

    Stanza(ConfigObject object, String file, String what, List<Problem> problems) {
        this.object = object;
        this.file = file;
        this.what = what;
        this.problems = problems;
    }

    Origin origin() {
        return origin(object.origin());
    }

    Origin origin(ConfigOrigin o) {
        return new Origin(file, Math.max(o.lineNumber(), 0));
    }

    void problem(String message) {
        problems.add(new Problem(origin(), what + ": " + message));
    }

    /** The keys of this object, sorted. */
    List<String> keys() {
        return object.keySet().stream().sorted().toList();
    }

    boolean has(String key) {
        return object.containsKey(key);
    }

    String string(String key, boolean required) {
        ConfigValue v = take(key, required);
        if (v == null) {
            return required ? null : "";
        }
        if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST
                || v.valueType() == ConfigValueType.NULL) {
            typeProblem(v, key, "a string");
            return required ? null : "";
        }
        return String.valueOf(v.unwrapped());
    }

    boolean bool(String key, boolean dflt) {
        ConfigValue v = take(key, false);
        if (v == null) {
            return dflt;
        }
        Object raw = v.unwrapped();
        if (raw instanceof Boolean b) {
            return b;
        }
        if ("true".equals(raw) || "yes".equals(raw)) {
            return true;
        }
        if ("false".equals(raw) || "no".equals(raw)) {
            return false;
        }
        typeProblem(v, key, "true or false");
        return dflt;
    }

    int integer(String key, int dflt) {
        ConfigValue v = take(key, false);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(String.valueOf(v.unwrapped()));
        } catch (NumberFormatException e) {
            typeProblem(v, key, "a whole number");
            return dflt;
        }
    }

    List<String> strings(String key) {
        ConfigValue v = take(key, false);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof ConfigList list)) {
            typeProblem(v, key, "a list of strings");
            return out;
        }
        for (ConfigValue e : list) {
            if (e.valueType() == ConfigValueType.OBJECT || e.valueType() == ConfigValueType.LIST) {
                typeProblem(e, key, "a list of strings");
            } else {
                out.add(e.valueType() == ConfigValueType.NULL ? "" : String.valueOf(e.unwrapped()));
            }
        }
        return out;
    }

    Stanza child(String key, String childWhat, boolean required) {
        ConfigValue v = take(key, required);
        if (v == null) {
            return null;
        }
        if (!(v instanceof ConfigObject o)) {
            typeProblem(v, key, "an object { ... }");
            return null;
        }
        return new Stanza(o, file, childWhat, problems);
    }

    List<Stanza> children(String key, String childWhat, boolean required) {
        ConfigValue v = take(key, required);
        List<Stanza> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof ConfigList list)) {
            typeProblem(v, key, "a list of objects [ {...}, ... ]");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof ConfigObject o) {
                out.add(new Stanza(o, file, childWhat + " #" + (i + 1), problems));
            } else {
                typeProblem(list.get(i), key, "an object { ... }");
            }
        }
        return out;
    }

    /** Reports every key that no getter asked for (usually a typo). */
    void finish() {
        for (String key : object.keySet()) {
            if (!used.contains(key)) {
                problems.add(new Problem(origin(object.get(key).origin()),
                        what + ": unknown key '" + key + "'"));
            }
        }
    }

    private ConfigValue take(String key, boolean required) {
        used.add(key);
        ConfigValue v = object.get(key);
        if (v == null && required) {
            problem("missing required key '" + key + "'");
        }
        return v;
    }

    private void typeProblem(ConfigValue v, String key, String expected) {
        problems.add(new Problem(origin(v.origin()), what + ": '" + key + "' must be " + expected));
    }
}
