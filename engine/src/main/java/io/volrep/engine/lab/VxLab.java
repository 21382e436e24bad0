package io.volrep.engine.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.client.CommandIo;
import io.volrep.engine.client.EngineClient;

/**
 * {@code vxlab}: runs several volrep hosts on loopback addresses of this machine, one vxrepd
 * process each, for the quick start, the tests and the benchmarks.
 */
public final class VxLab {
    static final String DEFAULT_DIR = System.getProperty("user.home") + "/volrep-lab";
    static final List<String> DEFAULT_HOSTS = List.of("seattle", "london", "tokyo");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final PrintStream out;
    private final PrintStream err;

    VxLab(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new VxLab(System.out, System.err).run(Arrays.asList(args)));
    }

    static String usage() {
        return String.join("\n",
                "usage: vxlab up [--dir DIR] [--hosts seattle,london,tokyo] [--port PORT] [--example]",
                "       vxlab down [--dir DIR]",
                "       vxlab status [--dir DIR]",
                "       vxlab env HOST [--dir DIR]",
                "  up       start a vxrepd for every host that is not running (state is kept between runs);",
                "           host i listens on 127.0.(i+1).1, port " + LabLayout.PEER_PORT + " or --port PORT (a new lab",
                "           beside another; its configs keep the port); --example also creates disk group hrdg",
                "           with volumes hr_dv01 and hr_dv02 (256m) and SRL hr_srl (512m) on every host",
                "  down     stop every daemon of the lab (SIGTERM: each drains its SRLs)",
                "  status   show each host, its address, pid and whether it runs",
                "  env      print 'export VXREP_CONF=...' so commands in this shell talk to HOST",
                "  DIR defaults to " + DEFAULT_DIR + " (or $VXLAB_DIR)");
    }

    int run(List<String> args) {
        try {
            LabArgs a = LabArgs.parse(args);
            LabLayout lab = new LabLayout(a.dir());
            return switch (a.verb()) {
                case "up" -> up(lab, a);
                case "down" -> down(lab);
                case "status" -> status(lab);
                case "env" -> env(lab, a.host().orElseThrow());
                default -> usageError("unknown verb " + a.verb());
            };
        } catch (LabArgs.BadUsage e) {
            return usageError(e.getMessage());
        } catch (IOException e) {
            err.println("vxlab: " + ErrorCode.IO_ERROR.tag() + " ERROR: " + e.getMessage());
            return 1;
        }
    }

    private int usageError(String why) {
        err.println("vxlab: " + ErrorCode.USAGE.tag() + " ERROR: " + why);
        err.println(usage());
        return 2;
    }

    private int up(LabLayout lab, LabArgs a) throws IOException {
        List<String> hosts = lab.hosts().orElse(a.hosts().orElse(DEFAULT_HOSTS));
        if (a.hosts().isPresent() && lab.hosts().isPresent() && !a.hosts().get().equals(hosts)) {
            err.println("vxlab: " + ErrorCode.WRONG_STATE.tag() + " ERROR: the lab in " + lab.dir() + " has hosts "
                    + String.join(",", hosts) + ": use those, or 'vxlab down' and remove the directory for a new lab");
            return 1;
        }
        Optional<Integer> had = lab.port(hosts);
        if (a.port().isPresent() && had.isPresent() && had.get() != a.port().getAsInt()) {
            err.println("vxlab: " + ErrorCode.WRONG_STATE.tag() + " ERROR: the lab in " + lab.dir() + " listens on port "
                    + had.get() + ": leave out --port, or 'vxlab down' and remove the directory for a new lab");
            return 1;
        }
        lab.write(hosts, a.port().orElse(LabLayout.PEER_PORT));
        int failures = 0;
        for (String h : hosts) {
            if (!start(lab, h)) {
                failures++;
            }
        }
        if (failures == 0 && a.example()) {
            for (String h : hosts) {
                failures += example(lab, h) ? 0 : 1;
            }
        }
        if (failures == 0) {
            out.println("lab is up in " + lab.dir() + "; talk to a host with: eval \"$(vxlab env " + hosts.get(0) + ")\"");
        }
        return failures == 0 ? 0 : 1;
    }

    private boolean start(LabLayout lab, String host) throws IOException {
        Optional<ProcessHandle> running = LabProcess.running(lab, host);
        if (running.isPresent()) {
            out.println(host + ": already running (pid " + running.get().pid() + ")");
            return true;
        }
        ProcessHandle p = LabProcess.spawn(lab, host);
        EngineClient client = new EngineClient(lab.adminSocket(host));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!client.daemonRunning()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                err.println("vxlab: " + ErrorCode.DAEMON_NOT_RUNNING.tag() + " ERROR: " + host + " did not start; see "
                        + lab.consoleLog(host) + lastLine(lab.consoleLog(host)).map(l -> " (it ends: " + l + ")").orElse(""));
                return false;
            }
            LabProcess.pause(Duration.ofMillis(100));
        }
        out.println(host + ": started (pid " + p.pid() + ", " + lab.conf(host) + ")");
        return true;
    }

    /** The last non-blank line of a daemon's console log: why it did not start, e.g. a port another lab holds. */
    private static Optional<String> lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return Optional.of(lines.get(i).trim());
                }
            }
        } catch (IOException e) {
            // no log to quote: the message names the file
        }
        return Optional.empty();
    }

    /** Creates the documentation's example objects on a host, skipping those that exist. */
    private boolean example(LabLayout lab, String host) throws IOException {
        EngineClient client = new EngineClient(lab.adminSocket(host));
        StringBuilder list = new StringBuilder();
        client.run(List.of("vxdg", "list"), collect(list));
        boolean newGroup = !list.toString().contains("\nhrdg ");
        List<List<String>> steps = new ArrayList<>();
        if (newGroup) {
            steps.add(List.of("vxdg", "init", "hrdg"));
        }
        for (String[] v : new String[][] {{"hr_dv01", "256m"}, {"hr_dv02", "256m"}, {"hr_srl", "512m"}}) {
            boolean exists = !newGroup && client.run(List.of("vxprint", "-g", "hrdg", v[0]), collect(new StringBuilder())) == 0;
            if (!exists) {
                steps.add(List.of("vxassist", "-g", "hrdg", "make", v[0], v[1]));
            }
        }
        for (List<String> cmd : steps) {
            StringBuilder o = new StringBuilder();
            if (client.run(cmd, collect(o)) != 0) {
                err.println(host + ": " + String.join(" ", cmd) + " failed: " + o.toString().trim());
                return false;
            }
        }
        out.println(host + ": example objects ready (disk group hrdg: hr_dv01, hr_dv02, hr_srl)");
        return true;
    }

    private static CommandIo collect(StringBuilder sb) {
        return new CommandIo() {
            @Override
            public void out(String text) {
                sb.append(text);
            }

            @Override
            public void err(String text) {
                sb.append(text);
            }

            @Override
            public boolean confirm(String question) {
                return false;
            }
        };
    }

    private int down(LabLayout lab) throws IOException {
        Optional<List<String>> hosts = lab.hosts();
        if (hosts.isEmpty()) {
            out.println("no lab in " + lab.dir());
            return 0;
        }
        int failures = 0;
        for (String h : hosts.get()) {
            Optional<ProcessHandle> p = LabProcess.running(lab, h);
            if (p.isEmpty()) {
                continue;
            }
            if (LabProcess.stop(p.get(), STOP_TIMEOUT)) {
                out.println(h + ": stopped");
            } else {
                err.println(h + ": did not stop within " + STOP_TIMEOUT.toSeconds() + "s; killed");
                failures++;
            }
            Files.deleteIfExists(lab.pidFile(h));
        }
        return failures == 0 ? 0 : 1;
    }

    private int status(LabLayout lab) throws IOException {
        Optional<List<String>> hosts = lab.hosts();
        if (hosts.isEmpty()) {
            out.println("no lab in " + lab.dir() + ": start one with vxlab up");
            return 1;
        }
        out.println(String.format("%-12s %-12s %-8s %s", "HOST", "ADDRESS", "PID", "STATE"));
        List<String> hs = hosts.get();
        for (int i = 0; i < hs.size(); i++) {
            Optional<ProcessHandle> p = LabProcess.running(lab, hs.get(i));
            out.println(String.format("%-12s %-12s %-8s %s", hs.get(i), LabLayout.address(i),
                    p.map(h -> Long.toString(h.pid())).orElse("-"), p.isPresent() ? "running" : "stopped"));
        }
        return 0;
    }

    private int env(LabLayout lab, String host) throws IOException {
        Optional<List<String>> hosts = lab.hosts();
        if (hosts.isEmpty() || !hosts.get().contains(host)) {
            err.println("vxlab: " + ErrorCode.NO_SUCH_OBJECT.tag() + " ERROR: no host " + host + " in the lab in " + lab.dir()
                    + (hosts.isPresent() ? " (hosts: " + String.join(",", hosts.get()) + ")" : ": start one with vxlab up"));
            return 1;
        }
        Path conf = lab.conf(host);
        out.println("export VXREP_CONF=" + conf);
        return 0;
    }
}
