/** The menu model of vxsmit and its HOCON loader; no screen code here. */
package io.volrep.tui.menu;
