package io.volrep.tui.smit;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import io.volrep.tui.menu.Dialog;
import io.volrep.tui.menu.Field;
import io.volrep.tui.menu.FieldKind;
import io.volrep.tui.menu.ListSource;
import io.volrep.tui.menu.Menu;
import io.volrep.tui.menu.MenuTree;
import io.volrep.tui.menu.Node;
import io.volrep.tui.menu.Selector;
import io.volrep.tui.run.CommandBuilder;
import io.volrep.tui.run.CommandLine;
import io.volrep.tui.run.Form;
import io.volrep.tui.run.FormCheck;
import io.volrep.tui.run.Session;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The full-screen console: a stack of screens with pop-ups over them, driven by one GUI thread
 * (the one calling {@link #run}) that reads keys, runs events posted by command threads, and is
 * the only thread that touches panels or the screen. Commands, list and discovery commands run on
 * {@link Worker} threads and post their results back with {@link #post}.
 */
public final class SmitConsole {

    static final int MIN_COLUMNS = 80;
    static final int MIN_ROWS = 24;

    private final MenuTree tree;
    private final Session session;
    private final boolean shell;
    private final Screen screen;
    private final ShellLauncher shellLauncher;
    private final KeyMap keys = new KeyMap();
    private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final Deque<Panel> screens = new ArrayDeque<>();
    private final Deque<Panel> popups = new ArrayDeque<>();
    private final List<Runnable> refreshListeners = new ArrayList<>();
    private final Set<CompletableFuture<Boolean>> pendingAnswers = ConcurrentHashMap.newKeySet();
    private final Worker worker = new Worker(this::post);
    private volatile boolean running = true;
    private boolean complete = true;

    public SmitConsole(MenuTree tree, Session session, boolean shell, Screen screen, ShellLauncher shellLauncher) {
        this.tree = tree;
        this.session = session;
        this.shell = shell;
        this.screen = screen;
        this.shellLauncher = shellLauncher;
    }

    /** Runs the console on a real terminal until F10. */
    public static void runOnTerminal(MenuTree tree, Session session, boolean shell, Node start) throws IOException {
        Terminal terminal = new DefaultTerminalFactory().setForceTextTerminal(true).createTerminal();
        Screen screen = new TerminalScreen(terminal);
        screen.startScreen();
        try {
            new SmitConsole(tree, session, shell, screen, new ProcessShell(screen)).run(start);
        } finally {
            screen.stopScreen();
        }
    }

    /** Called on the GUI thread after every screen refresh (tests wait on it). Add before {@link #run}. */
    public void addRefreshListener(Runnable r) {
        refreshListeners.add(r);
    }

    /** Queues work for the GUI thread; callable from any thread. */
    public void post(Runnable r) {
        events.add(r);
    }

    /** The GUI loop: opens {@code start}, then handles keys and posted events until F10. */
    public void run(Node start) throws IOException {
        post(() -> open(start, Map.of()));
        try {
            while (running) {
                boolean changed = false;
                KeyStroke ks;
                while (running && (ks = screen.pollInput()) != null) {
                    onKey(ks);
                    changed = true;
                }
                Runnable r = events.poll(changed ? 0 : 20, TimeUnit.MILLISECONDS);
                for (; r != null && running; r = events.poll()) {
                    r.run();
                    changed = true;
                }
                if (screen.doResizeIfNecessary() != null) {
                    changed = complete = true;
                }
                if (changed && running) {
                    redraw();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running = false;
            pendingAnswers.forEach(a -> a.complete(false));
            worker.shutdown();
        }
    }

    boolean shellEnabled() {
        return shell;
    }

    Path logFile() {
        return session.log().logFile();
    }

    // ---- keys ----

    private void onKey(KeyStroke ks) {
        if (ks.getKeyType() == KeyType.EOF) {
            running = false;
            return;
        }
        Key k = keys.translate(ks);
        if (k == null) {
            return;
        }
        if (k.is(Key.Action.EXIT)) {
            running = false;
        } else if (k.is(Key.Action.REDRAW)) {
            complete = true;
        } else if (tooSmall(screen.getTerminalSize())) {
            return;
        } else if (k.is(Key.Action.HELP)) {
            Panel p = focused();
            pushPopup(new TextPopup(this, "Help", p.help(), null));
        } else if (k.is(Key.Action.REFRESH)) {
            focused().refresh();
            complete = true;
        } else if (k.is(Key.Action.IMAGE)) {
            session.log().image(screenText());
        } else if (k.is(Key.Action.SHELL)) {
            if (shell && popups.isEmpty()) {
                startShell();
            }
        } else {
            focused().handle(k);
        }
    }

    private Panel focused() {
        return popups.isEmpty() ? screens.peek() : popups.peek();
    }

    private void startShell() {
        session.log().log("Shell started (F9)", null);
        try {
            shellLauncher.run();
        } catch (IOException e) {
            message("Shell", List.of("The shell could not be started: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        complete = true;
    }

    // ---- drawing ----

    static boolean tooSmall(TerminalSize size) {
        return size.getColumns() < MIN_COLUMNS || size.getRows() < MIN_ROWS;
    }

    private void redraw() throws IOException {
        screen.clear();
        TerminalSize size = screen.getTerminalSize();
        Canvas c = new Canvas(screen.newTextGraphics(), size);
        if (tooSmall(size)) {
            c.put(0, 0, "vxsmit needs a terminal of at least 80 columns and 24 lines;");
            c.put(0, 1, "this one has " + size.getColumns() + " columns and " + size.getRows() + " lines.");
            c.put(0, 2, "Enlarge it, or press F10 (Esc+0) to exit.");
        } else if (!screens.isEmpty()) {
            screens.peek().draw(c);
            popups.descendingIterator().forEachRemaining(p -> p.draw(c));
        }
        screen.setCursorPosition(c.cursor());
        screen.refresh(complete ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
        complete = false;
        refreshListeners.forEach(Runnable::run);
    }

    private List<String> screenText() {
        TerminalSize size = screen.getTerminalSize();
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < size.getRows(); r++) {
            StringBuilder sb = new StringBuilder();
            for (int col = 0; col < size.getColumns(); col++) {
                sb.append(screen.getBackCharacter(col, r).getCharacterString());
            }
            lines.add(sb.toString());
        }
        return lines;
    }

    // ---- navigation (GUI thread) ----

    private void push(Panel p) {
        screens.push(p);
        session.log().log("Screen: " + p.name(), null);
    }

    void back() {
        screens.pop();
        if (screens.isEmpty()) {
            running = false;
        }
    }

    void pushPopup(Panel p) {
        popups.push(p);
    }

    void closePopup(Panel p) {
        popups.remove(p);
    }

    void open(String id, Map<String, String> passed) {
        open(tree.node(id).orElseThrow(() -> new IllegalStateException("no screen " + id)), passed);
    }

    private void open(Node node, Map<String, String> passed) {
        if (node instanceof Menu m) {
            push(new MenuPanel(this, m));
        } else if (node instanceof Selector s) {
            Form form = new Form(List.of(s.field()), passed);
            if (s.ghost()) {
                showChoices(s.field(), form, v -> {
                    form.set(s.field().id(), v);
                    selected(s, form);
                });
            } else {
                push(new FormPanel(this, s, form));
            }
        } else if (node instanceof Dialog d) {
            Form form = new Form(d.fields(), passed);
            if (d.discover() == null) {
                showDialog(d, form);
            } else {
                Form snapshot = form.copy();
                worker.submit(() -> session.discover(d.discover(), snapshot::lookup), values -> {
                    form.discovered(values);
                    showDialog(d, form);
                }, e -> message("Cannot Read Current Values", List.of(e.getMessage())));
            }
        }
    }

    private void showDialog(Dialog d, Form form) {
        if (d.ghost() && !form.missingRequired()) {
            session.log().log("Screen: ghost dialog " + d.id(), null);
            submit(d, form);
        } else {
            push(new FormPanel(this, d, form));
        }
    }

    /** A selector's value is chosen: check it, then open the next screen with the value passed on. */
    void selected(Selector s, Form form) {
        checked(form, () -> open(s.next(), form.carried()));
    }

    /** Enter on a dialog: check the form, confirm if the dialog asks, then run its command. */
    void submit(Dialog d, Form form) {
        checked(form, () -> {
            CommandLine command = CommandBuilder.build(d, form);
            if (d.confirm() == null) {
                start(command);
            } else {
                pushPopup(new TextPopup(this, "ARE YOU SURE?", "Continuing may delete information you may want "
                        + "to keep. This is your last chance to stop before continuing.\n\n" + d.confirm()
                        + "\n\nEnter continues, F3 cancels.", () -> start(command)));
            }
        });
    }

    private void checked(Form form, Runnable then) {
        List<String> quick = form.problems();
        if (!quick.isEmpty()) {
            message("Entry Field Problems", quick);
            return;
        }
        Form snapshot = form.copy();
        worker.submit(() -> FormCheck.problems(snapshot, session), problems -> {
            if (problems.isEmpty()) {
                then.run();
            } else {
                message("Entry Field Problems", problems);
            }
        }, e -> message("Entry Field Problems", List.of(e.getMessage())));
    }

    private void start(CommandLine command) {
        StatusPanel status = new StatusPanel(this, command);
        push(status);
        worker.submit(() -> session.execute(command, new StatusIo(this, status)), status::finished,
                e -> status.finished(1));
    }

    // ---- pop-ups ----

    void message(String title, List<String> lines) {
        pushPopup(new TextPopup(this, title, String.join("\n", lines), null));
    }

    void prompt(String title, Consumer<String> then) {
        pushPopup(new PromptPopup(this, title, then));
    }

    void showCommand(CommandLine command) {
        pushPopup(new TextPopup(this, "SHOW COMMAND STRING", command.display(), null));
    }

    /** F4: the choices of a field (ring values at once; list commands on a worker thread). */
    void showChoices(Field f, Form form, Consumer<String> picked) {
        if (f.kind() == FieldKind.RING || f.kind() == FieldKind.YESNO) {
            List<String> values = f.kind() == FieldKind.RING ? f.ring().display() : List.of("yes", "no");
            List<ListSource.Entry> entries = values.stream().map(v -> new ListSource.Entry(v, v, true)).toList();
            pushPopup(new ListPopup(this, f.label(), entries, false, v -> picked.accept(v.get(0))));
        } else if (f.list() != null) {
            Form snapshot = form.copy();
            worker.submit(() -> session.list(f.list(), snapshot::lookup), list -> {
                if (list.error() != null) {
                    message(f.label(), List.of("No list: " + list.error()));
                } else {
                    pushPopup(new ListPopup(this, f.label(), list.entries(), f.multi(),
                            v -> picked.accept(String.join(f.separator(), v))));
                }
            }, e -> message(f.label(), List.of(e.getMessage())));
        }
    }

    /** Waits for an answer to a command's question on a command thread; the GUI thread asks it. */
    boolean ask(String question) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        pendingAnswers.add(answer);
        post(() -> pushPopup(new TextPopup(this, "ARE YOU SURE?", question + "\n\nEnter answers yes, F3 answers no.",
                () -> answer.complete(true), () -> answer.complete(false))));
        if (!running) {
            answer.complete(false);
        }
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        } finally {
            pendingAnswers.remove(answer);
        }
    }
}
