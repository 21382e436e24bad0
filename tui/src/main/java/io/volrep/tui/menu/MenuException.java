package io.volrep.tui.menu;

import java.util.List;

/** The menu files are broken; every problem names its file and line. The console does not start. */
public final class MenuException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public MenuException(List<Problem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String describe(List<Problem> problems) {
        StringBuilder sb = new StringBuilder("vxsmit: the menu files have ")
                .append(problems.size()).append(problems.size() == 1 ? " problem:" : " problems:");
        problems.forEach(p -> sb.append("\n  ").append(p));
        return sb.toString();
    }
}
