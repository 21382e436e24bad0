package io.volrep.engine.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;

/**
 * A command's output to two streams and its questions answered from one reader (yes or y means yes;
 * end of input means no). Used by the thin client on a terminal and by {@code vxsmit --batch}.
 * One reader for the whole run, so piped answers to several questions are not lost in a buffer.
 */
public final class StreamIo implements CommandIo {
    private final PrintStream out;
    private final PrintStream err;
    private final BufferedReader in;
    private final String choices;
    private final boolean newlineAfterAnswer;

    /**
     * @param choices            printed after the question, e.g. {@code " [y/n] "}
     * @param newlineAfterAnswer print a newline once the answer is read (when input is not echoed)
     */
    public StreamIo(PrintStream out, PrintStream err, BufferedReader in, String choices, boolean newlineAfterAnswer) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.choices = choices;
        this.newlineAfterAnswer = newlineAfterAnswer;
    }

    @Override
    public void out(String text) {
        out.print(text);
        out.flush();
    }

    @Override
    public void err(String text) {
        err.print(text);
        err.flush();
    }

    @Override
    public boolean confirm(String question) {
        out.print(question + choices);
        out.flush();
        try {
            String answer = in.readLine();
            if (newlineAfterAnswer) {
                out.println();
            }
            return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
        } catch (IOException e) {
            return false;
        }
    }
}
