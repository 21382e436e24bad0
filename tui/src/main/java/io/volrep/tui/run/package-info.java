/** Builds a dialog's command line, runs it through the engine's CommandRunner, writes vxsmit.log and vxsmit.script. */
package io.volrep.tui.run;
