package io.volrep.engine.command;

import io.volrep.engine.conf.HostConfig;
import io.volrep.engine.rvg.Rvgs;
import io.volrep.engine.volume.DiskGroups;

/** What commands act on: this host's config, disk groups and RVGs. Built once by the daemon. */
public record Engine(HostConfig config, DiskGroups diskGroups, Rvgs rvgs) {
}
