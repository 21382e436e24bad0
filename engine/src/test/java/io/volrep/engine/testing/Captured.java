package io.volrep.engine.testing;

import io.volrep.engine.client.CommandIo;

/** A command's output caught in memory, with a fixed answer for its questions. */
public final class Captured implements CommandIo {
    private final StringBuilder out = new StringBuilder();
    private final StringBuilder err = new StringBuilder();
    private final boolean answer;
    private int questions;
    public int status = -1;

    public Captured() {
        this(false);
    }

    public Captured(boolean answer) {
        this.answer = answer;
    }

    @Override
    public synchronized void out(String text) {
        out.append(text);
    }

    @Override
    public synchronized void err(String text) {
        err.append(text);
    }

    @Override
    public synchronized boolean confirm(String question) {
        questions++;
        out.append(question).append('\n');
        return answer;
    }

    public synchronized String out() {
        return out.toString();
    }

    public synchronized String err() {
        return err.toString();
    }

    public synchronized int questions() {
        return questions;
    }

    @Override
    public String toString() {
        return "status " + status + "\nstdout:\n" + out() + "stderr:\n" + err();
    }
}
