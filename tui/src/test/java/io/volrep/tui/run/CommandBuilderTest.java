package io.volrep.tui.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.volrep.tui.TestMenus;
import io.volrep.tui.menu.Dialog;
import io.volrep.tui.menu.MenuTree;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line follows SMIT's rules: required and changed only, flags first, positionals in order. */
class CommandBuilderTest {

    @TempDir
    static Path dir;

    static Dialog dialog;

    @BeforeAll
    static void load() {
        MenuTree tree = TestMenus.of(dir, """
                dialogs {
                  mk {
                    title = "Make"
                    help = "h"
                    command = vradmin
                    verb = createpri
                    fields = [
                      { id = srl, label = "SRL", kind = text, required = true, positional = 3, help = "h" }
                      { id = dg, label = "DG", kind = text, required = true, flag = "-g", help = "h" }
                      { id = vols, label = "Vols", kind = list, required = true, positional = 2, multi = true
                        list { command = "vxprint -g {dg} -ht", column = 2 }, help = "h" }
                      { id = dcm, label = "DCM", kind = ring, flag = "", help = "h"
                        ring { display = [yes, no], values = ["", "-nodcm"] } }
                      { id = rvg, label = "RVG", kind = text, required = true, positional = 1, help = "h" }
                      { id = force, label = "Force", kind = yesno, flag = "-f", help = "h" }
                      { id = note, label = "Note", kind = text, flag = "-c", default = "keep", help = "h" }
                      { id = path, label = "Path", kind = file, positional = 4, prefix = "path=", help = "h" }
                      { id = objs, label = "Objs", kind = list, positional = 5, multi = true, separator = " "
                        list { command = "vxprint", column = 1 }, help = "h" }
                    ]
                  }
                }
                """, "mk");
        dialog = TestMenus.dialog(tree, "mk");
    }

    private static Form filled() {
        Form f = new Form(dialog.fields(), Map.of());
        f.set("dg", "hrdg");
        f.set("rvg", "hr_rvg");
        f.set("vols", "hr_dv01,hr_dv02");
        f.set("srl", "hr_srl");
        return f;
    }

    @Test
    void requiredFieldsFlagsFirstPositionalsInOrderUnchangedOptionalsLeftOut() {
        CommandLine c = CommandBuilder.build(dialog, filled());
        assertEquals(List.of("vradmin", "-g", "hrdg", "createpri", "hr_rvg", "hr_dv01,hr_dv02", "hr_srl"), c.argv());
        assertEquals("vradmin -g hrdg createpri hr_rvg hr_dv01,hr_dv02 hr_srl", c.display());
    }

    @Test
    void ringSendsItsCommandValueAndYesNoSendsTheFlag() {
        Form f = filled();
        f.set("dcm", "no");
        f.set("force", "yes");
        assertEquals("vradmin -g hrdg -nodcm -f createpri hr_rvg hr_dv01,hr_dv02 hr_srl",
                CommandBuilder.build(dialog, f).display());
        f.set("dcm", "yes");
        f.set("force", "no");
        assertEquals("vradmin -g hrdg createpri hr_rvg hr_dv01,hr_dv02 hr_srl", CommandBuilder.build(dialog, f).display());
    }

    @Test
    void changedOptionalIsSentAndChangingBackDropsIt() {
        Form f = filled();
        f.set("note", "it's a test");
        CommandLine c = CommandBuilder.build(dialog, f);
        assertTrue(c.argv().containsAll(List.of("-c", "it's a test")), c.argv().toString());
        assertEquals("vradmin -g hrdg -c 'it'\\''s a test' createpri hr_rvg hr_dv01,hr_dv02 hr_srl", c.display());
        f.set("note", "keep");
        assertEquals(-1, CommandBuilder.build(dialog, f).display().indexOf("-c"));
        f.set("note", "other");
        f.reset("note");
        assertEquals(-1, CommandBuilder.build(dialog, f).display().indexOf("-c"));
    }

    @Test
    void prefixGluesToValueAndSpaceSeparatorMakesSeparateWords() {
        Form f = filled();
        f.set("path", "/srv/vol one");
        f.set("objs", "hr_dv01  hr_rvg");
        CommandLine c = CommandBuilder.build(dialog, f);
        assertEquals(List.of("vradmin", "-g", "hrdg", "createpri", "hr_rvg", "hr_dv01,hr_dv02", "hr_srl",
                "path=/srv/vol one", "hr_dv01", "hr_rvg"), c.argv());
        assertTrue(c.display().endsWith("hr_srl 'path=/srv/vol one' hr_dv01 hr_rvg"), c.display());
    }

    @Test
    void multiValuesAreTrimmedAndRejoined() {
        Form f = filled();
        f.set("vols", " a , b,,c ");
        assertEquals(List.of("a", "b", "c"), f.values("vols"));
        assertTrue(CommandBuilder.build(dialog, f).argv().contains("a,b,c"));
    }

    @Test
    void valuesPassedFromASelectorAreDefaultsNotChanges() {
        Form f = new Form(dialog.fields(), Map.of("note", "passed", "dg", "hrdg"));
        assertEquals("passed", f.value("note"));
        assertEquals("hrdg", f.value("dg"));
        f.set("rvg", "r");
        f.set("vols", "v");
        f.set("srl", "s");
        assertEquals("vradmin -g hrdg createpri r v s", CommandBuilder.build(dialog, f).display());
    }

    @Test
    void formRefusesMissingRequiredAndBadRingValues() {
        Form f = new Form(dialog.fields(), Map.of());
        assertTrue(f.problems().contains("DG: a value is required"), f.problems().toString());
        f.set("dcm", "maybe");
        assertTrue(f.problems().contains("DCM: must be one of yes, no"), f.problems().toString());
    }

    @Test
    void shellQuotingOnlyWhereNeeded() {
        assertEquals("hr_dv01", ShellQuote.quote("hr_dv01"));
        assertEquals("path=/a/b.img", ShellQuote.quote("path=/a/b.img"));
        assertEquals("''", ShellQuote.quote(""));
        assertEquals("'a b'", ShellQuote.quote("a b"));
        assertEquals("'$HOME'", ShellQuote.quote("$HOME"));
        assertEquals("'a'\\''b'", ShellQuote.quote("a'b"));
    }
}
