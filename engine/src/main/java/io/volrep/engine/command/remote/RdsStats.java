package io.volrep.engine.command.remote;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.volrep.engine.command.Engine;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkBacklog;
import io.volrep.engine.rvg.RlinkCounters;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.Volume;
import io.volrep.engine.volume.VolumeIo;

/**
 * One host's part of an RDS at one moment, for {@code vrstat}: its RVG's data volume I/O counters, SRL
 * usage, RLINK figures with the backlog of each Primary RLINK, this daemon's memory, and the other
 * hosts of the RDS it knows (a Primary knows every Secondary, a Secondary its Primary). Travels
 * between daemons as peer message fields.
 *
 * @param peers other hosts of the RDS: host to "dg/rvg" there
 */
public record RdsStats(String host, String dg, String rvg, String role, long millis, long srlSize, long srlUsed,
                       List<Vol> volumes, List<Link> rlinks, Memory memory, Map<String, String> peers) {

    public record Vol(String name, VolumeIo.Snapshot io) {
        Vol minus(Vol a) {
            return new Vol(name, io.minus(a.io));
        }
    }

    /**
     * @param messages updates shipped (Primary) or received (Secondary) since the RLINK connected
     * @param backlogWrites -1 on a Secondary (the Primary knows the backlog)
     */
    public record Link(String name, String remoteHost, String state, boolean connected, long since, long messages,
                       long bytes, double rttMillis, long resent, long errors, long delays, long backlogWrites,
                       long backlogBytes, int backlogPercent) {
        /** The change since {@code a} when both count the same connection; else this one. */
        Link minus(Link a) {
            if (a.since != since) {
                return this;
            }
            return new Link(name, remoteHost, state, connected, since, messages - a.messages, bytes - a.bytes, rttMillis,
                    resent - a.resent, errors - a.errors, delays - a.delays, backlogWrites, backlogBytes, backlogPercent);
        }
    }

    public record Memory(long heapUsed, long heapCommitted, long heapMax, long directBuffers, long directUsed) {
    }

    /** This host's figures for {@code rvg}. */
    public static RdsStats of(Engine engine, Rvg rvg) {
        List<Vol> vols = new ArrayList<>();
        for (String v : rvg.record().dataVolumes()) {
            rvg.diskGroup().volume(v).map(Volume::io).ifPresent(io -> vols.add(new Vol(v, io.snapshot())));
        }
        List<Link> links = new ArrayList<>();
        Map<String, String> peers = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        for (Rlink l : rvg.rlinks()) {
            links.add(link(rvg, l, now));
            peers.put(l.remoteHost(), l.record().remoteDg() + "/" + l.record().remoteRvg());
        }
        long size = rvg.writePath().map(wp -> wp.capacity()).orElse(0L);
        long used = rvg.writePath().map(wp -> wp.usedBytes()).orElse(0L);
        return new RdsStats(engine.config().host(), rvg.diskGroup().name(), rvg.name(), rvg.record().role(), now, size, used,
                vols, links, currentMemory(), peers);
    }

    private static Link link(Rvg rvg, Rlink l, long now) {
        RlinkCounters.Snapshot c = l.counters().snapshot();
        boolean primary = rvg.isPrimary();
        RlinkBacklog b = primary ? RlinkBacklog.of(rvg, l, now) : null;
        return new Link(l.name(), l.remoteHost(), l.state().name(), l.connected(), c.sinceMillis(),
                primary ? c.messages() : c.updatesReceived(), primary ? c.bytes() : c.bytesReceived(), c.rttMillis(),
                c.retransmits(), c.link().errors(), c.windowDelays(), b == null ? -1 : b.writes(), b == null ? -1 : b.bytes(),
                b == null ? -1 : b.srlPercent());
    }

    private static Memory currentMemory() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long count = 0;
        long used = 0;
        for (BufferPoolMXBean p : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (p.getName().equals("direct")) {
                count = p.getCount();
                used = p.getMemoryUsed();
            }
        }
        return new Memory(heap.getUsed(), heap.getCommitted(), heap.getMax(), count, used);
    }

    /** The change of the counters since {@code a}, an earlier sample of the same host and RVG. */
    public RdsStats minus(RdsStats a) {
        List<Vol> v = new ArrayList<>();
        for (Vol x : volumes) {
            v.add(a.volumes.stream().filter(y -> y.name.equals(x.name)).findFirst().map(x::minus).orElse(x));
        }
        List<Link> l = new ArrayList<>();
        for (Link x : rlinks) {
            l.add(a.rlinks.stream().filter(y -> y.name.equals(x.name)).findFirst().map(x::minus).orElse(x));
        }
        return new RdsStats(host, dg, rvg, role, millis, srlSize, srlUsed, v, l, memory, peers);
    }

    /** As peer message fields. */
    public Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("host", host);
        f.put("dg", dg);
        f.put("rvg", rvg);
        f.put("role", role);
        f.put("millis", Long.toString(millis));
        f.put("srl", srlSize + "," + srlUsed);
        for (Vol v : volumes) {
            VolumeIo.Snapshot s = v.io;
            f.put("vol." + v.name, join(s.reads(), s.writes(), s.bytesRead(), s.bytesWritten(), s.readNanos(), s.writeNanos()));
        }
        for (Link l : rlinks) {
            f.put("rlink." + l.name, l.remoteHost + "," + l.state + "," + l.connected + "," + l.rttMillis + "," + join(l.since,
                    l.messages, l.bytes, l.resent, l.errors, l.delays, l.backlogWrites, l.backlogBytes, l.backlogPercent));
        }
        f.put("memory", join(memory.heapUsed, memory.heapCommitted, memory.heapMax, memory.directBuffers, memory.directUsed));
        peers.forEach((h, where) -> f.put("peer." + h, where));
        return f;
    }

    /** The stats {@link #fields()} wrote. */
    public static RdsStats from(Map<String, String> f) {
        List<Vol> vols = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        Map<String, String> peers = new LinkedHashMap<>();
        f.forEach((k, v) -> {
            if (k.startsWith("vol.")) {
                long[] n = longs(v.split(","), 0);
                vols.add(new Vol(k.substring(4), new VolumeIo.Snapshot(n[0], n[1], n[2], n[3], n[4], n[5])));
            } else if (k.startsWith("rlink.")) {
                String[] p = v.split(",");
                long[] n = longs(p, 4);
                links.add(new Link(k.substring(6), p[0], p[1], Boolean.parseBoolean(p[2]), n[0], n[1], n[2],
                        Double.parseDouble(p[3]), n[3], n[4], n[5], n[6], n[7], (int) n[8]));
            } else if (k.startsWith("peer.")) {
                peers.put(k.substring(5), v);
            }
        });
        long[] srl = longs(f.get("srl").split(","), 0);
        long[] m = longs(f.get("memory").split(","), 0);
        return new RdsStats(f.get("host"), f.get("dg"), f.get("rvg"), f.get("role"), Long.parseLong(f.get("millis")), srl[0],
                srl[1], vols, links, new Memory(m[0], m[1], m[2], m[3], m[4]), peers);
    }

    private static String join(long... values) {
        StringBuilder sb = new StringBuilder();
        for (long v : values) {
            sb.append(sb.length() == 0 ? "" : ",").append(v);
        }
        return sb.toString();
    }

    private static long[] longs(String[] parts, int from) {
        long[] out = new long[parts.length - from];
        for (int i = from; i < parts.length; i++) {
            out[i - from] = Long.parseLong(parts[i]);
        }
        return out;
    }
}
