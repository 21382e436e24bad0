package io.volrep.engine.command.vrstat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.remote.RdsStats;

/**
 * The tables vrstat prints for one sample of an RDS: data volume I/O, SRL usage, RLINKs and memory,
 * one row per host (and volume or RLINK). Counters are shown as the change since the previous sample
 * of the same host when there is one ({@code previous} is updated).
 */
final class StatsTables {
    private static final String VOL = "%-12s %-14s %10s %10s %12s %12s %10s %10s";
    private static final String SRL = "%-12s %-14s %-10s %12s %12s %6s";
    private static final String RL = "%-12s %-22s %-10s %-7s %-5s %9s %10s %8s %7s %7s %7s %9s %10s %5s";
    private static final String MEM = "%-12s %14s %14s %14s %15s %15s";
    private final Invocation inv;
    private final boolean volumes;
    private final boolean srl;
    private final boolean rlinks;
    private final boolean memory;

    StatsTables(Invocation inv, boolean volumes, boolean srl, boolean rlinks, boolean memory) {
        this.inv = inv;
        this.volumes = volumes;
        this.srl = srl;
        this.rlinks = rlinks;
        this.memory = memory;
    }

    void print(RdsSamples samples, Map<String, RdsStats> previous) {
        List<RdsStats> shown = new ArrayList<>();
        for (RdsStats s : samples.hosts()) {
            String key = s.host() + "/" + s.dg() + "/" + s.rvg();
            RdsStats before = previous.put(key, s);
            shown.add(before == null ? s : s.minus(before));
        }
        if (volumes) {
            volumes(shown);
        }
        if (srl) {
            srl(shown);
        }
        if (rlinks) {
            rlinks(shown);
        }
        if (memory) {
            memory(shown);
        }
    }

    private void volumes(List<RdsStats> shown) {
        inv.out("Data volume I/O:");
        inv.out(String.format(VOL, "HOST", "VOLUME", "READS", "WRITES", "KB READ", "KB WRITTEN", "AVG R(ms)", "AVG W(ms)"));
        for (RdsStats s : shown) {
            for (RdsStats.Vol v : s.volumes()) {
                var io = v.io();
                inv.out(String.format(VOL, s.host(), v.name(), io.reads(), io.writes(), io.bytesRead() / 1024,
                        io.bytesWritten() / 1024, String.format("%.2f", io.avgReadMillis()), String.format("%.2f", io.avgWriteMillis())));
            }
        }
    }

    private void srl(List<RdsStats> shown) {
        inv.out("SRL usage:");
        inv.out(String.format(SRL, "HOST", "RVG", "ROLE", "SIZE(KB)", "USED(KB)", "USED%"));
        for (RdsStats s : shown) {
            inv.out(String.format(SRL, s.host(), s.rvg(), s.role(), s.srlSize() / 1024, s.srlUsed() / 1024,
                    s.srlSize() == 0 ? "-" : Long.toString(s.srlUsed() * 100 / s.srlSize())));
        }
    }

    private void rlinks(List<RdsStats> shown) {
        inv.out("RLINKs (Primary: updates sent; Secondary: updates received):");
        inv.out(String.format(RL, "HOST", "RLINK", "REMOTE", "STATE", "CONN", "UPDATES", "BLOCKS", "RT(ms)", "RESENT",
                "ERRORS", "DELAYS", "BEHIND(W)", "BEHIND(KB)", "SRL%"));
        for (RdsStats s : shown) {
            for (RdsStats.Link l : s.rlinks()) {
                boolean pri = l.backlogWrites() >= 0;
                inv.out(String.format(RL, s.host(), l.name(), l.remoteHost(), l.state(), l.connected() ? "yes" : "no",
                        l.messages(), (l.bytes() + 511) / 512, l.rttMillis() < 0 ? "-" : String.format("%.1f", l.rttMillis()),
                        l.resent(), l.errors(), pri ? Long.toString(l.delays()) : "-", pri ? Long.toString(l.backlogWrites()) : "-",
                        pri ? Long.toString(l.backlogBytes() / 1024) : "-", pri ? Integer.toString(l.backlogPercent()) : "-"));
            }
        }
    }

    private void memory(List<RdsStats> shown) {
        inv.out("Memory (daemon):");
        inv.out(String.format(MEM, "HOST", "HEAP USED(KB)", "HEAP COMM(KB)", "HEAP MAX(KB)", "DIRECT BUFFERS", "DIRECT USED(KB)"));
        for (RdsStats s : shown) {
            RdsStats.Memory m = s.memory();
            inv.out(String.format(MEM, s.host(), m.heapUsed() / 1024, m.heapCommitted() / 1024, m.heapMax() / 1024,
                    m.directBuffers(), m.directUsed() / 1024));
        }
    }
}
