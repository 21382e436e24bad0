package io.volrep.engine.rvg.replication;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import io.volrep.engine.link.ChannelHandler;
import io.volrep.engine.link.HandshakeInfo;
import io.volrep.engine.link.PeerConnection;
import io.volrep.engine.peer.Peers;
import io.volrep.engine.rvg.Replicator;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.rvg.Rvgs;
import io.volrep.engine.volume.RvgRecord;
import io.volrep.engine.volume.TransferRecord;

/**
 * Replication on this host: a sender thread for every RLINK of every started Primary RVG, and the
 * channel on the peer port where Primaries reach this host's Secondary RVGs. Thread-safe.
 */
public final class ReplicationService implements Replicator {
    private static final Logger LOG = Logger.getLogger(ReplicationService.class.getName());
    private static final String PREFIX = "rlink:";

    private final Peers peers;
    private final Rvgs rvgs;
    private final Map<String, RlinkSender> senders = new ConcurrentHashMap<>();
    private final Map<String, Set<PeerConnection>> receivers = new ConcurrentHashMap<>();
    /** Per Secondary RVG ("dg/rvg"), across its connections. */
    private final Map<String, BlockWrites> blockWrites = new ConcurrentHashMap<>();

    public ReplicationService(Peers peers, Rvgs rvgs) {
        this.peers = peers;
        this.rvgs = rvgs;
        peers.registerChannel(PREFIX, this::accept);
    }

    /** The channel a Primary opens to reach Secondary RVG {@code dg/rvg}. */
    static String channel(String dg, String rvg) {
        return PREFIX + dg + "/" + rvg;
    }

    private ChannelHandler.Answer accept(PeerConnection c, HandshakeInfo info) {
        String target = info.channel().substring(PREFIX.length());
        int slash = target.indexOf('/');
        if (slash <= 0) {
            return ChannelHandler.Answer.refuse("bad replication channel " + info.channel());
        }
        String dg = target.substring(0, slash);
        String name = target.substring(slash + 1);
        Optional<Rvg> rvg = rvgs.find(dg, name);
        if (rvg.isEmpty()) {
            return ChannelHandler.Answer.refuse("no RVG " + name + " in disk group " + dg + " on " + peers.localHost()
                    + ": add the Secondary with vradmin addsec");
        }
        if (!RvgRecord.SECONDARY.equals(rvg.get().record().role())) {
            return ChannelHandler.Answer.refuse("RVG " + name + " on " + peers.localHost() + " is " + (rvg.get().isPrimary()
                    ? "a Primary" : "an acting Secondary (vradmin fbsync or makesec makes it a Secondary)") + ", not a Secondary");
        }
        if (rvg.get().record().transfer().filter(TransferRecord::rebasePending).isPresent()) {
            return ChannelHandler.Answer.refuse("RVG " + name + " on " + peers.localHost()
                    + " is finishing a role transfer; replication resumes when it is done");
        }
        String rlinkName = info.metadata().getOrDefault("remote-rlink", "");
        Optional<Rlink> link = rvg.get().rlink(rlinkName).filter(l -> l.remoteHost().equals(info.peerHost()));
        if (link.isEmpty()) {
            return ChannelHandler.Answer.refuse("RVG " + name + " on " + peers.localHost() + " has no RLINK " + rlinkName
                    + " to " + info.peerHost() + ": check the RDS with vradmin printrvg");
        }
        if (io.volrep.engine.rvg.DetachedWrites.writableIn(link.get().state())) {
            return ChannelHandler.Answer.refuse("Rlink detached on remote: RLINK " + rlinkName + " of RVG " + name + " on "
                    + peers.localHost() + " is " + link.get().state() + ": start replication with vradmin startrep");
        }
        if (rvg.get().writePath().isEmpty()) {
            return ChannelHandler.Answer.refuse("RVG " + name + " on " + peers.localHost() + " is not started");
        }
        Rvg secondary = rvg.get();
        track(secondary, c);
        BlockWrites blocks = blockWrites.computeIfAbsent(dg + "/" + name, k -> new BlockWrites(k, BlockWrites.Volumes.of(secondary)));
        return ChannelHandler.Answer.accept(new RlinkReceiver(secondary, link.get(), blocks, () -> untrack(secondary, c)));
    }

    @Override
    public void started(Rvg rvg) {
        if (rvg.isPrimary()) {
            rvg.rlinks().forEach(l -> ensureSender(rvg, l));
        }
    }

    /** Records an incoming replication connection of {@code rvg}, so stopping the RVG (or changing its role) ends it. */
    private void track(Rvg rvg, PeerConnection c) {
        receivers.computeIfAbsent(rvg.diskGroup().name() + "/" + rvg.name(), k -> ConcurrentHashMap.newKeySet()).add(c);
    }

    private void untrack(Rvg rvg, PeerConnection c) {
        Set<PeerConnection> s = receivers.get(rvg.diskGroup().name() + "/" + rvg.name());
        if (s != null) {
            s.remove(c);
        }
    }

    @Override
    public void stopping(Rvg rvg) {
        Set<PeerConnection> in = receivers.remove(rvg.diskGroup().name() + "/" + rvg.name());
        if (in != null) {
            in.forEach(c -> c.close("RVG " + rvg.name() + " is stopping or changing role"));
        }
        BlockWrites blocks = blockWrites.remove(rvg.diskGroup().name() + "/" + rvg.name());
        if (blocks != null) {
            blocks.close(); // no block of the old role may land after this
        }
        for (Rlink l : rvg.rlinks()) {
            RlinkSender s = senders.remove(key(rvg, l));
            if (s != null) {
                s.stop();
            }
        }
    }

    @Override
    public void rlinkChanged(Rvg rvg, Rlink link) {
        if (!rvg.isPrimary()) {
            return;
        }
        if (rvg.rlink(link.name()).isEmpty()) {
            RlinkSender s = senders.remove(key(rvg, link));
            if (s != null) {
                s.stop();
            }
            return;
        }
        RlinkSender s = senders.get(key(rvg, link));
        if (s != null) {
            s.kick("RLINK changed");
        } else if (rvg.started()) {
            ensureSender(rvg, link);
        }
    }

    /**
     * The documentation's attribute changes take effect without restarting replication: the session
     * running now takes the new bandwidth limit and compression; the other attributes (modes, marks,
     * protections) are read where they are used. Before, every change reconnected the RLINK, and with
     * latencyprot=override the protection was off while it did.
     */
    @Override
    public void attributesChanged(Rvg rvg, Rlink link) {
        RlinkSender s = rvg.isPrimary() ? senders.get(key(rvg, link)) : null;
        if (s == null) {
            rlinkChanged(rvg, link);
            return;
        }
        s.applyAttributes();
    }

    private void ensureSender(Rvg rvg, Rlink link) {
        senders.computeIfAbsent(key(rvg, link), k -> {
            RlinkSender s = new RlinkSender(rvg, link, peers);
            s.start();
            LOG.fine(() -> "sender started for " + link);
            return s;
        });
    }

    private static String key(Rvg rvg, Rlink link) {
        return rvg.diskGroup().name() + "/" + rvg.name() + "/" + link.name();
    }

    /** Stops every sender (daemon shutdown). */
    public void close() {
        senders.values().forEach(RlinkSender::stop);
        senders.clear();
    }
}
