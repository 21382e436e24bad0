package io.volrep.tui.menu;

/** One thing wrong in a menu file. */
public record Problem(Origin origin, String message) {

    @Override
    public String toString() {
        return origin + ": " + message;
    }
}
