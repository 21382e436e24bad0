package io.volrep.engine.command.vradmin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.command.remote.RemoteOps;
import io.volrep.engine.peer.Peers;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkAttributes;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.RlinkRecord;
import io.volrep.engine.volume.Sizes;
import io.volrep.engine.volume.Volume;

/**
 * {@code vradmin -g DG [-nodcm] [-sdg SDG] addsec RVG PRIHOST SECHOST [attr=value...]}, run on the
 * Primary: checks that SECHOST has the disk group with same-named, same-sized volumes and an SRL,
 * creates the Secondary RVG there and the RLINK pair {@code rlk_<remote>_<rvg>}. Every mismatch is
 * reported, volume by volume, with its fix; nothing changes unless all checks pass.
 */
public final class VradminAddsec extends SimpleVerb {
    private final Engine engine;

    public VradminAddsec(Engine engine) {
        super("vradmin", "addsec", new Syntax("vradmin -g diskgroup [-nodcm] [-sdg diskgroup] addsec rvg prihost sechost [attribute=value...]",
                Map.of("-g", true, "-nodcm", false, "-sdg", true), 3, Syntax.MANY), "add a Secondary to an RDS");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        String name = inv.args().arg(0);
        String prihost = inv.args().arg(1);
        String sechost = inv.args().arg(2);
        RlinkAttributes attrs = RlinkAttributes.DEFAULTS.with(inv.args().positionals().subList(3, inv.args().positionals().size()));
        String sdg = inv.args().option("-sdg").orElse(dg.name());
        Peers peers = engine.requirePeers();
        String here = engine.config().host();
        if (!prihost.equals(here)) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "addsec runs on the Primary: this is " + here + ", not "
                    + prihost + "; run it on " + prihost);
        }
        if (sechost.equals(prihost)) {
            throw new VolrepException(ErrorCode.USAGE, "the Secondary host must differ from the Primary host " + prihost);
        }
        if (!peers.knows(sechost)) {
            throw new VolrepException(ErrorCode.NO_SUCH_OBJECT, "host " + sechost + " is not in the hosts table of "
                    + engine.config().source() + ": add it and restart vxrepd");
        }
        dg.lock().lock();
        try {
            Rvg rvg = Rds.primary(engine, dg, name);
            if (rvg.rlinks().stream().anyMatch(l -> l.remoteHost().equals(sechost))) {
                throw new VolrepException(ErrorCode.DUPLICATE_NAME, "host " + sechost + " is already a Secondary of RVG " + name);
            }
            if (rvg.rlinks().size() >= 32) {
                throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + name + " already has 32 Secondaries, the most an RVG can have");
            }
            String localRlink = "rlk_" + sechost + "_" + name;
            String remoteRlink = "rlk_" + prihost + "_" + name;
            if (dg.config().nameTaken(localRlink)) {
                throw new VolrepException(ErrorCode.DUPLICATE_NAME, "disk group " + dg.name() + " already has an object named "
                        + localRlink + ": remove it first");
            }
            checkSecondaryVolumes(dg, rvg, peers.call(sechost, RemoteOps.DG_INFO, Map.of("dg", sdg)), sechost, sdg);
            Map<String, String> create = new LinkedHashMap<>();
            create.put("dg", sdg);
            create.put("rvg", name);
            create.put("rvg-id", rvg.record().id());
            create.put("datavols", String.join(",", rvg.record().dataVolumes()));
            create.put("srl", rvg.record().srl());
            create.put("primary-dg", dg.name());
            create.put("primary-rvg", name);
            create.put("rlink", remoteRlink);
            create.put("remote-rlink", localRlink);
            create.put("attributes", RemoteOps.join(attrs.words()));
            create.put("nodcm", Boolean.toString(inv.args().flag("-nodcm")));
            peers.call(sechost, RemoteOps.CREATE_SECONDARY, create);
            try {
                rvg.addRlink(new RlinkRecord(localRlink, name, sechost, sdg, name, remoteRlink, RlinkState.STALE.name(),
                        attrs.words(), Set.of(Rlink.INCONSISTENT), ""));
            } catch (VolrepException | IOException e) {
                peers.call(sechost, RemoteOps.DELETE_SECONDARY, Map.of("dg", sdg, "rvg", name));
                throw e;
            }
            return 0;
        } finally {
            dg.lock().unlock();
        }
    }

    /** Every data volume and the SRL must exist on the Secondary, free, data volumes of the same size. */
    private void checkSecondaryVolumes(DiskGroup dg, Rvg rvg, Map<String, String> info, String sechost, String sdg)
            throws VolrepException {
        List<String> problems = new ArrayList<>();
        ErrorCode code = null;
        if (info.containsKey("rvg." + rvg.name())) {
            code = ErrorCode.DUPLICATE_NAME;
            problems.add("RVG " + rvg.name() + " already exists on " + sechost + ": remove it there or choose another host");
        }
        List<String> wanted = new ArrayList<>(rvg.record().dataVolumes());
        wanted.add(rvg.record().srl());
        for (String v : wanted) {
            boolean isSrl = v.equals(rvg.record().srl());
            Volume here = dg.requireVolume(v);
            String there = info.get("vol." + v);
            if (there == null) {
                code = code == null ? ErrorCode.NO_SUCH_VOLUME : code;
                problems.add((isSrl ? "SRL " : "volume ") + v + " does not exist on " + sechost + ": create it with vxassist -g "
                        + sdg + " make " + v + " " + (here.record().size() >> 20) + "m on " + sechost);
                continue;
            }
            String[] parts = there.split(",", -1);
            long size = Long.parseLong(parts[0]);
            if (!parts[1].isEmpty()) {
                code = code == null ? ErrorCode.VOLUME_IN_RVG : code;
                problems.add("volume " + v + " on " + sechost + " already belongs to RVG " + parts[1] + ": choose another host or free it");
            } else if (!isSrl && size != here.record().size()) {
                code = code == null ? ErrorCode.SIZE_MISMATCH : code;
                problems.add("volume " + v + " on " + sechost + " is " + Sizes.human(size) + ", on " + engine.config().host() + " "
                        + Sizes.human(here.record().size()) + ": " + (size < here.record().size() ? "grow it with vxassist -g " + sdg
                        + " growto " + v + " " + (here.record().size() >> 20) + "m on " + sechost
                        : "make it the same size on " + sechost));
            }
        }
        if (!problems.isEmpty()) {
            throw new VolrepException(code, String.join("\n  ", problems));
        }
    }
}
