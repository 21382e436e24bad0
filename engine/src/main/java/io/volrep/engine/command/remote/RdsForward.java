package io.volrep.engine.command.remote;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Args;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.command.Verb;
import io.volrep.engine.peer.PeerCall;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.DiskGroup;

/**
 * An RDS-wide {@code vradmin} verb typed on a Secondary (DESIGN.md: the receiving daemon coordinates
 * with its peers): when {@code -g DG RVG} names a Secondary RVG of this host, the command line runs on
 * the Primary of its RDS ({@link CommandRelay}), with the Primary's disk group and RVG names, and its
 * output, questions and exit status come back here. Anywhere else the verb runs here as usual.
 */
public final class RdsForward implements Verb {
    /** The vradmin verbs a Secondary hands to its Primary. */
    public static final Set<String> VERBS = Set.of("startrep", "stoprep", "pauserep", "resumerep", "set", "repstatus",
            "resync", "delsec", "syncrvg");
    private static final long POLL_MILLIS = 100;

    private final Engine engine;
    private final Verb inner;

    private RdsForward(Engine engine, Verb inner) {
        this.engine = engine;
        this.inner = inner;
    }

    /** {@code verbs} with those in {@link #VERBS} wrapped to run on the Primary when typed on a Secondary. */
    public static List<Verb> wrap(Engine engine, List<Verb> verbs) {
        List<Verb> out = new ArrayList<>();
        for (Verb v : verbs) {
            out.add(v.command().equals("vradmin") && VERBS.contains(v.verb()) ? new RdsForward(engine, v) : v);
        }
        return out;
    }

    @Override
    public String command() {
        return inner.command();
    }

    @Override
    public String verb() {
        return inner.verb();
    }

    @Override
    public Syntax syntax() {
        return inner.syntax();
    }

    @Override
    public String summary() {
        return inner.summary();
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        Optional<Rlink> toPrimary = engine.peers().isPresent() ? toPrimary(inv.args()) : Optional.empty();
        if (toPrimary.isEmpty()) {
            return inner.run(inv);
        }
        Rlink l = toPrimary.get();
        List<String> argv = argv(inv.args(), l.record().remoteDg(), l.record().remoteRvg());
        LinkedBlockingQueue<Map<String, String>> parts = new LinkedBlockingQueue<>();
        PeerCall call;
        try {
            call = engine.requirePeers().open(l.remoteHost(), CommandRelay.RUN, Map.of("argv", CommandRelay.join(argv)), parts::add);
        } catch (IOException e) {
            throw PeerCall.unreachable(l.remoteHost(), "run " + inner.command() + " " + inner.verb() + " on the Primary", e);
        }
        try (call) {
            relay(inv, call, parts);
            Map<String, String> reply = call.result(0);
            return Integer.parseInt(reply.getOrDefault("status", "1"));
        } catch (IOException | java.util.concurrent.TimeoutException e) {
            throw PeerCall.unreachable(l.remoteHost(), "finish " + inner.command() + " " + inner.verb() + " on the Primary", e);
        }
    }

    /** Copies the Primary's output here and answers its questions until its reply arrives. */
    private static void relay(Invocation inv, PeerCall call, LinkedBlockingQueue<Map<String, String>> parts) throws IOException {
        try {
            while (!call.done() || !parts.isEmpty()) {
                Map<String, String> p = parts.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (p == null) {
                    continue;
                }
                if (p.containsKey("out")) {
                    inv.outRaw(p.get("out"));
                } else if (p.containsKey("err")) {
                    inv.errRaw(p.get("err"));
                } else if (p.containsKey("ask")) {
                    call.send(Map.of("answer", inv.confirm(p.get("ask")) ? "y" : "n"));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the Primary ran the command", e);
        }
    }

    /** The RLINK to the Primary when the command names a Secondary RVG of this host. */
    private Optional<Rlink> toPrimary(Args args) {
        Optional<DiskGroup> dg = args.option("-g").flatMap(g -> engine.diskGroups().find(g));
        if (dg.isEmpty() || args.positionals().isEmpty()) {
            return Optional.empty();
        }
        Optional<Rvg> rvg = engine.rvgs().find(dg.get().name(), args.arg(0));
        // An acting Secondary (an old Primary after a takeover) answers for itself: its own view carries
        // the two-Primaries configuration error the admin must see there.
        if (rvg.isEmpty() || !io.volrep.engine.volume.RvgRecord.SECONDARY.equals(rvg.get().record().role())) {
            return Optional.empty();
        }
        return rvg.get().rlinks().stream().findFirst();
    }

    /** The same command line with the Primary's disk group and RVG names. */
    static List<String> argv(Args args, String dg, String rvg) {
        List<String> out = new ArrayList<>(List.of(args.command()));
        args.options().forEach((name, value) -> {
            out.add(name);
            if (name.equals("-g")) {
                out.add(dg);
            } else if (!value.isEmpty()) {
                out.add(value);
            }
        });
        out.add(args.verb());
        out.add(rvg);
        out.addAll(args.positionals().subList(1, args.positionals().size()));
        return out;
    }
}
