package io.volrep.tui;

import io.volrep.engine.client.CommandIo;
import io.volrep.engine.client.CommandRunner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The in-test seam for the engine: records every argv it is asked to run and answers with canned
 * output for the longest matching command prefix (unknown commands fail with status 1). A reply
 * can hold its last line back until {@link #release()}, to watch a command while it runs.
 */
public final class ScriptedRunner implements CommandRunner {

    /** A canned answer. */
    public record Reply(String out, String err, int status, boolean hold) {
        public static Reply ok(String out) {
            return new Reply(out, "", 0, false);
        }

        public static Reply fail(String err) {
            return new Reply("", err, 1, false);
        }
    }

    private final Map<String, Reply> replies = new LinkedHashMap<>();
    private final List<List<String>> calls = new ArrayList<>();
    private final List<Boolean> answers = new ArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private String question;

    public ScriptedRunner reply(String commandPrefix, Reply reply) {
        replies.put(commandPrefix, reply);
        return this;
    }

    /** The command asks this question (through CommandIo.confirm) before answering. */
    public ScriptedRunner asks(String q) {
        question = q;
        return this;
    }

    public void release() {
        released.countDown();
    }

    public synchronized List<List<String>> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<String> joinedCalls() {
        return calls.stream().map(c -> String.join(" ", c)).toList();
    }

    public synchronized List<Boolean> answers() {
        return List.copyOf(answers);
    }

    @Override
    public int run(List<String> argv, CommandIo io) {
        synchronized (this) {
            calls.add(List.copyOf(argv));
        }
        String line = String.join(" ", argv);
        Reply reply = replies.entrySet().stream().filter(e -> line.startsWith(e.getKey()))
                .max((a, b) -> Integer.compare(a.getKey().length(), b.getKey().length()))
                .map(Map.Entry::getValue).orElse(Reply.fail(argv.get(0) + ": no canned reply for '" + line + "'\n"));
        if (question != null && !argv.get(0).equals("vxdg") && !argv.get(0).equals("vxprint")) {
            boolean yes = io.confirm(question);
            synchronized (this) {
                answers.add(yes);
            }
            if (!yes) {
                io.err("not confirmed; nothing changed\n");
                return 1;
            }
        }
        String out = reply.out();
        if (reply.hold()) {
            int cut = out.lastIndexOf('\n', out.length() - 2) + 1;
            io.out(out.substring(0, cut));
            try {
                if (!released.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test never released the command");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out = out.substring(cut);
        }
        if (!out.isEmpty()) {
            io.out(out);
        }
        if (!reply.err().isEmpty()) {
            io.err(reply.err());
        }
        return reply.status();
    }

    /** Replies for a host with disk group hrdg holding hr_dv01, hr_dv02, hr_srl and RVG hr_rvg. */
    public static ScriptedRunner hrdg() {
        return new ScriptedRunner()
                .reply("vxdg list", Reply.ok("NAME         STATE           ID\nhrdg         enabled         1.2.seattle\n"
                        + "testdg       enabled         3.4.seattle\n"))
                .reply("vxprint -g hrdg -ht", Reply.ok("""
                        DG NAME         NCONFIG      NLOG     MINORS   GROUP-ID
                        V  NAME         RVG          KSTATE   STATE    LENGTH
                        dg hrdg         default      default  0        1.2.seattle
                        rv hr_rvg       -            ENABLED  ACTIVE   -
                        v  hr_dv01      hr_rvg       ENABLED  ACTIVE   1048576
                        v  hr_dv02      hr_rvg       ENABLED  ACTIVE   1048576
                        v  hr_srl       -            ENABLED  ACTIVE   262144
                        """));
    }
}
