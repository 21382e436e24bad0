package io.volrep.engine.rvg.replication;

import java.util.Map;
import java.util.Optional;
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
        if (rvg.get().isPrimary()) {
            return ChannelHandler.Answer.refuse("RVG " + name + " on " + peers.localHost() + " is a Primary, not a Secondary");
        }
        String rlinkName = info.metadata().getOrDefault("remote-rlink", "");
        Optional<Rlink> link = rvg.get().rlink(rlinkName).filter(l -> l.remoteHost().equals(info.peerHost()));
        if (link.isEmpty()) {
            return ChannelHandler.Answer.refuse("RVG " + name + " on " + peers.localHost() + " has no RLINK " + rlinkName
                    + " to " + info.peerHost() + ": check the RDS with vradmin printrvg");
        }
        if (link.get().state() == io.volrep.engine.rvg.RlinkState.STALE) {
            return ChannelHandler.Answer.refuse("Rlink detached on remote: RLINK " + rlinkName + " of RVG " + name + " on "
                    + peers.localHost() + " is detached (STALE); attach the pair again from the Primary");
        }
        if (rvg.get().writePath().isEmpty()) {
            return ChannelHandler.Answer.refuse("RVG " + name + " on " + peers.localHost() + " is not started");
        }
        return ChannelHandler.Answer.accept(new RlinkReceiver(rvg.get(), link.get()));
    }

    @Override
    public void started(Rvg rvg) {
        if (rvg.isPrimary()) {
            rvg.rlinks().forEach(l -> ensureSender(rvg, l));
        }
    }

    @Override
    public void stopping(Rvg rvg) {
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
