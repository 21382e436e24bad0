package io.volrep.tui.menu;

/** The rules a single field must follow, whatever dialog it is in. */
final class FieldRules {

    private final Stanza where;

    FieldRules(Stanza where) {
        this.where = where;
    }

    void check(Field f, boolean placed) {
        if (placed && f.isFlag() == f.isPositional()) {
            where.problem("a dialog field needs exactly one of flag (may be \"\") or positional (1, 2, ...)");
        }
        if (f.isFlag() && !f.prefix().isEmpty()) {
            where.problem("prefix is for positional fields; a flag field uses flag");
        }
        if (f.isFlag() && !f.flag().isEmpty() && !f.flag().startsWith("-")) {
            where.problem("flag '" + f.flag() + "' must start with -");
        }
        kindRules(f);
        if (f.multi() && f.kind() != FieldKind.LIST) {
            where.problem("multi = true needs kind = list");
        }
        if (f.multi() && f.separator().isEmpty()) {
            where.problem("separator of a multi-select field cannot be empty");
        }
        if (f.pattern() != null && !f.kind().typed()) {
            where.problem("pattern is for typed fields, not for kind " + f.kind().word());
        }
        if (f.help().isBlank()) {
            where.problem("help text cannot be empty");
        }
        if (!f.initial().isEmpty()) {
            String problem = f.check(f.initial());
            if (problem != null) {
                where.problem("default '" + f.initial() + "' is not valid: " + problem);
            }
        }
    }

    private void kindRules(Field f) {
        if ((f.kind() == FieldKind.LIST) != (f.list() != null)) {
            where.problem("kind = list and a list { command = ... } go together");
        }
        if ((f.kind() == FieldKind.RING) != (f.ring() != null)) {
            where.problem("kind = ring and a ring { display = [...] } go together");
        }
        if (f.kind() == FieldKind.YESNO && f.isFlag() && f.flag().isEmpty()) {
            where.problem("a yesno field needs a flag: yes sends the flag, no sends nothing");
        }
        if (f.kind() == FieldKind.YESNO && f.isPositional()) {
            where.problem("a yesno field is a flag, not a positional");
        }
        if (f.kind() == FieldKind.RING && f.isFlag() && f.flag().isEmpty() && f.required()) {
            where.problem("a ring of bare flags cannot be required (an empty command value adds nothing)");
        }
    }
}
