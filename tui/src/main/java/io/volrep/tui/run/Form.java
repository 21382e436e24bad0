package io.volrep.tui.run;

import io.volrep.tui.menu.Field;
import io.volrep.tui.menu.FieldKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values of one dialog or selector while the user fills it in. Each field has an initial value
 * (default, discovered, or passed on by a selector) and a current value; only required fields and
 * fields whose value differs from the initial one go on the command line. Not thread-safe: the GUI
 * thread, the line console or the batch runner owns it.
 */
public final class Form {

    private final List<Field> fields;
    private final Map<String, String> passed;
    private final Map<String, String> initial = new LinkedHashMap<>();
    private final Map<String, String> current = new LinkedHashMap<>();

    /**
     * @param passed values carried from earlier selectors (by name); fields whose discover name
     *               matches start with that value
     */
    public Form(List<Field> fields, Map<String, String> passed) {
        this.fields = List.copyOf(fields);
        this.passed = Map.copyOf(passed);
        for (Field f : fields) {
            String v = passed.containsKey(f.discover()) ? shown(f, passed.get(f.discover())) : f.startValue();
            initial.put(f.id(), v);
            current.put(f.id(), v);
        }
    }

    /** A copy with the same initial and current values, for checking off the GUI thread. */
    public Form copy() {
        Form f = new Form(fields, passed);
        f.initial.putAll(initial);
        f.current.putAll(current);
        return f;
    }

    /** Fills fields from discovered current values (they count as initial, so are not sent unless changed). */
    public void discovered(Map<String, String> values) {
        for (Field f : fields) {
            if (values.containsKey(f.discover())) {
                String v = shown(f, values.get(f.discover()));
                initial.put(f.id(), v);
                current.put(f.id(), v);
            }
        }
    }

    public List<Field> fields() {
        return fields;
    }

    public Field field(String id) {
        return fields.stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no field " + id));
    }

    public String value(String id) {
        return current.get(id);
    }

    public void set(String id, String value) {
        field(id);
        current.put(id, value);
    }

    /** F5: back to the value shown when the form opened. */
    public void reset(String id) {
        current.put(id, initial.get(id));
    }

    public boolean changed(String id) {
        return !current.get(id).equals(initial.get(id));
    }

    /** The separate values of a field (several for a multi-select field). */
    public List<String> values(String id) {
        Field f = field(id);
        String v = current.get(id).trim();
        if (v.isEmpty()) {
            return List.of();
        }
        if (!f.multi()) {
            return List.of(v);
        }
        String sep = f.separator().isBlank() ? "\\s+" : java.util.regex.Pattern.quote(f.separator());
        return Arrays.stream(v.split(sep)).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Values of fields and of passed-on names, for filling {@code {name}} in list commands. */
    public String lookup(String name) {
        Optional<Field> f = fields.stream().filter(x -> x.id().equals(name)).findFirst();
        if (f.isPresent()) {
            return current.get(name);
        }
        return passed.get(name);
    }

    /** Every value passed on to the next screen: the passed-in values plus this form's fields. */
    public Map<String, String> carried() {
        Map<String, String> out = new LinkedHashMap<>(passed);
        for (Field f : fields) {
            out.put(f.id(), current.get(f.id()));
        }
        return out;
    }

    /** The problems SMIT would refuse Enter for: missing required values, wrong kinds, patterns. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (Field f : fields) {
            String p = f.check(current.get(f.id()));
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** True if some required field is still empty (used to decide whether a ghost dialog can run). */
    public boolean missingRequired() {
        return fields.stream().anyMatch(f -> f.required() && current.get(f.id()).isBlank());
    }

    private static String shown(Field f, String value) {
        if (f.kind() == FieldKind.RING) {
            String d = f.ring().displayFor(value);
            return d == null ? f.startValue() : d;
        }
        return value == null ? "" : value;
    }
}
