package io.volrep.tui.smit;

import static org.junit.jupiter.api.Assertions.fail;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import io.volrep.tui.ScriptedRunner;
import io.volrep.tui.menu.MenuTree;
import io.volrep.tui.menu.Node;
import io.volrep.tui.run.ConsoleLog;
import io.volrep.tui.run.ExecMode;
import io.volrep.tui.run.Session;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Runs the console on lanterna's DefaultVirtualTerminal (no tty) on its own GUI thread. Tests type
 * keys and wait, with a timeout, until the screen shows what they expect; every refresh wakes the
 * waiter, so nothing sleeps.
 */
final class ScreenHarness implements AutoCloseable {

    static final long TIMEOUT_MS = 5000;

    final DefaultVirtualTerminal terminal;
    final ScriptedRunner runner;
    final Session session;
    final AtomicInteger shells = new AtomicInteger();
    private final Thread gui;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition refreshed = lock.newCondition();
    private List<String> lines = List.of();
    private volatile Throwable failure;

    ScreenHarness(MenuTree tree, Node start, ScriptedRunner runner, Path dir, boolean shell, TerminalSize size)
            throws IOException {
        this.terminal = new DefaultVirtualTerminal(size);
        this.runner = runner;
        this.session = new Session(() -> runner, ExecMode.RUN,
                new ConsoleLog(dir.resolve("vxsmit.log"), dir.resolve("vxsmit.script"), Clock.systemDefaultZone()));
        TerminalScreen screen = new TerminalScreen(terminal);
        screen.startScreen();
        SmitConsole console = new SmitConsole(tree, session, shell, screen, shells::incrementAndGet);
        console.addRefreshListener(this::snapshot);
        gui = new Thread(() -> {
            try {
                console.run(start);
            } catch (Throwable t) {
                failure = t;
            }
        }, "test-gui");
        gui.setDaemon(true);
        gui.start();
    }

    ScreenHarness(MenuTree tree, Node start, ScriptedRunner runner, Path dir) throws IOException {
        this(tree, start, runner, dir, true, new TerminalSize(80, 24));
    }

    private void snapshot() {
        TerminalSize size = terminal.getTerminalSize();
        List<String> now = new ArrayList<>();
        for (int r = 0; r < size.getRows(); r++) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < size.getColumns(); c++) {
                sb.append(terminal.getCharacter(c, r).getCharacterString());
            }
            now.add(sb.toString());
        }
        lock.lock();
        try {
            lines = now;
            refreshed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    ScreenHarness keys(KeyStroke... strokes) {
        for (KeyStroke k : strokes) {
            terminal.addInput(k);
        }
        return this;
    }

    ScreenHarness type(String text) {
        for (char c : text.toCharArray()) {
            terminal.addInput(new KeyStroke(c, false, false));
        }
        return this;
    }

    static KeyStroke key(KeyType t) {
        return new KeyStroke(t);
    }

    /** Waits until the screen satisfies the predicate; fails with the screen shown if it never does. */
    List<String> await(String what, Predicate<List<String>> ok) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        lock.lock();
        try {
            while (!ok.test(lines)) {
                long left = deadline - System.nanoTime();
                if (failure != null) {
                    throw new AssertionError("console died", failure);
                }
                if (left <= 0) {
                    fail("screen never showed " + what + ":\n" + String.join("\n", lines));
                }
                refreshed.awaitNanos(left);
            }
            return lines;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            lock.unlock();
        }
    }

    List<String> awaitText(String text) {
        return await("'" + text + "'", ls -> ls.stream().anyMatch(l -> l.contains(text)));
    }

    List<String> awaitGone(String text) {
        return await("no '" + text + "'", ls -> !ls.isEmpty() && ls.stream().noneMatch(l -> l.contains(text)));
    }

    static String screen(List<String> lines) {
        return String.join("\n", lines);
    }

    boolean running() {
        return gui.isAlive();
    }

    void awaitExit() throws InterruptedException {
        gui.join(TIMEOUT_MS);
        if (gui.isAlive()) {
            fail("console did not exit");
        }
    }

    @Override
    public void close() {
        if (gui.isAlive()) {
            keys(key(KeyType.F10));
            try {
                awaitExit();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
