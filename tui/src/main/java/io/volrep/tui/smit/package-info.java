/** The full-screen console on lanterna: SMIT's screens, pop-ups and key map. */
package io.volrep.tui.smit;
