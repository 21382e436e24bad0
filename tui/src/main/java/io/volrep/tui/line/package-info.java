/** vxsmit without full screen: jline3 line mode for dumb terminals, and the batch fast paths. */
package io.volrep.tui.line;
