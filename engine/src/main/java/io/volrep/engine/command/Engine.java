package io.volrep.engine.command;

import java.util.Optional;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.conf.HostConfig;
import io.volrep.engine.peer.Peers;
import io.volrep.engine.rvg.Rvgs;
import io.volrep.engine.sync.SyncService;
import io.volrep.engine.volume.DiskGroups;

/**
 * What commands act on: this host's config, disk groups and RVGs, its peer port (absent when the
 * config names no key file) and its synchronization jobs. Built once by the daemon.
 */
public record Engine(HostConfig config, DiskGroups diskGroups, Rvgs rvgs, Optional<Peers> peers, SyncService sync) {

    /** This daemon's events (vrnotify). */
    public io.volrep.engine.event.EventBus events() {
        return rvgs.events();
    }

    /** The peer port, or an error saying how to configure one. */
    public Peers requirePeers() throws VolrepException {
        return peers.orElseThrow(() -> new VolrepException(ErrorCode.BAD_CONFIG, "host " + config.host()
                + " has no peer key: set vxrep.peer.key-file in " + config.source() + " and restart vxrepd"));
    }
}
