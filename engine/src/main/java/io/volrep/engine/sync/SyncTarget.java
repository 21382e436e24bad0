package io.volrep.engine.sync;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.conf.SyncDigest;
import io.volrep.engine.io.BlockDevice;
import io.volrep.engine.link.FrameHandler;
import io.volrep.engine.link.PeerConnection;
import io.volrep.engine.rvg.DetachedWrites;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.rvg.Rvgs;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.DiskGroups;
import io.volrep.engine.volume.Volume;
import io.volrep.engine.volume.VolumeRecord;

/**
 * The target's end of one synchronization session: checks the OPEN against its volumes, holds the
 * Secondary RVGs' volumes writable ({@link DetachedWrites}) for the session, streams the digests of its
 * blocks on a thread of its own while it writes the DATA and ZERO ranges the source sends (on the
 * connection's reader thread), and makes them durable at DONE. A block is hashed before its digest
 * leaves, and written only after the source has compared that digest, so hashing never races a write.
 */
final class SyncTarget implements FrameHandler {
    private static final Logger LOG = Logger.getLogger(SyncTarget.class.getName());

    private final DiskGroups diskGroups;
    private final Rvgs rvgs;
    private final ExecutorService pool;
    private final int window;
    private final String dgName;
    private final String localHost;
    private final SyncDigest digest;
    private final List<BlockDevice> devices = new ArrayList<>();
    private final List<BlockHasher.Extent> extents = new ArrayList<>();
    private final Set<DetachedWrites> held = new LinkedHashSet<>();
    private volatile Thread hashing;
    private volatile boolean closed;
    private long written;
    private long dataWritten;
    private long dataReported;
    private long consumed;

    SyncTarget(DiskGroups diskGroups, Rvgs rvgs, ExecutorService pool, int window, String dgName, String localHost,
               SyncDigest digest) {
        this.localHost = localHost;
        this.digest = digest;
        this.diskGroups = diskGroups;
        this.rvgs = rvgs;
        this.pool = pool;
        this.window = window;
        this.dgName = dgName;
    }

    /** DATA is written to the volume before onBorrowed returns. */
    @Override
    public boolean borrows(int type) {
        return type == SyncWire.DATA;
    }

    @Override
    public void onBorrowed(PeerConnection c, int type, ByteBuffer payload) throws Exception {
        if (type != SyncWire.DATA) {
            throw new IOException("unexpected sync message type " + type);
        }
        data(c, payload);
    }

    @Override
    public void onFrame(PeerConnection c, int type, byte[] payload) throws Exception {
        switch (type) {
            case SyncWire.OPEN -> open(c, SyncWire.readOpen(payload));
            case SyncWire.ZERO -> zero(payload);
            case SyncWire.DONE -> done(c);
            case SyncWire.CONSUMED -> consumed(SyncWire.in(payload).readLong());
            default -> throw new IOException("unexpected sync message type " + type);
        }
    }

    private void open(PeerConnection c, SyncWire.Open o) throws IOException {
        if (!devices.isEmpty()) {
            throw new IOException("a second OPEN on one sync session");
        }
        try {
            check(o, c.peerHost());
        } catch (VolrepException e) {
            releaseAll();
            devices.clear();
            extents.clear();
            c.send(SyncWire.REFUSED, SyncWire.refused(e.code().number(), e.getMessage()));
            c.close("refused");
            return;
        }
        c.send(SyncWire.READY, new byte[0]);
        LOG.info(() -> "sync " + o.mode().word() + " from " + c.peerHost() + " into " + dgName + " "
                + o.volumes().stream().map(SyncWire.TargetVolume::name).toList() + " started");
        if (o.mode().targetHashes()) {
            Thread t = new Thread(() -> sendHashes(c, o), "sync-hash " + dgName + " for " + c.peerHost());
            t.setDaemon(true);
            hashing = t;
            t.start();
        }
    }

    /** Checks the target volumes and takes hold of them; on a refusal nothing stays held. */
    private void check(SyncWire.Open o, String source) throws VolrepException, IOException {
        if (o.mode().targetHashes() && !o.digest().equals(digest.word())) {
            throw new VolrepException(ErrorCode.SYNC_DIGEST_MISMATCH, "the hosts hash blocks differently: " + host()
                    + " has vxrep.sync.digest = " + digest.word() + ", " + source + " has " + o.digest()
                    + ": set the same vxrep.sync.digest (" + SyncDigest.words() + ") in the vxrep.conf of both hosts"
                    + " and restart vxrepd where it changed");
        }
        DiskGroup dg = diskGroups.require(dgName);
        Rvg expected = o.rvg().isEmpty() ? null : requireSecondary(dg, o.rvg(), source);
        for (SyncWire.TargetVolume tv : o.volumes()) {
            Volume v = dg.requireVolume(tv.name());
            VolumeRecord r = v.record();
            if (r.use() == VolumeRecord.Use.SRL) {
                throw new VolrepException(ErrorCode.VOLUME_IN_RVG, "volume " + tv.name() + " on " + host() + " is the SRL of RVG "
                        + r.rvg().orElse("?") + ": a synchronization copies data volumes only");
            }
            if (v.device().size() != tv.size() || r.size() != tv.size()) {
                throw new VolrepException(ErrorCode.SIZE_MISMATCH, "volume " + tv.name() + " on " + host() + " is " + r.size()
                        + " bytes, on " + source + " " + tv.size() + ": make them the same size (vxassist -g " + dgName
                        + " growto " + tv.name() + " " + tv.size() + ")");
            }
            Rvg owner = r.rvg().flatMap(n -> rvgs.find(dgName, n)).orElse(null);
            if (expected != null && owner != expected) {
                throw new VolrepException(ErrorCode.NO_SUCH_VOLUME, "volume " + tv.name() + " on " + host()
                        + " is not a data volume of Secondary RVG " + expected.name());
            }
            if (o.mode().writes()) {
                holdForWriting(v, owner);
            }
            devices.add(v.device());
            extents.add(new BlockHasher.Extent(v.device(), tv.size()));
        }
    }

    private Rvg requireSecondary(DiskGroup dg, String name, String source) throws VolrepException {
        Rvg rvg = rvgs.require(dg, name);
        if (rvg.isPrimary()) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + name + " on " + host() + " is a Primary: syncrvg "
                    + "copies from the Primary to its Secondaries; run it on the Primary");
        }
        return rvg;
    }

    private void holdForWriting(Volume v, Rvg owner) throws VolrepException, IOException {
        v.checkUnclaimed(null, "synchronize it");
        if (owner == null) {
            if (v.openers() > 0) {
                throw new VolrepException(ErrorCode.VOLUME_BUSY, "volume " + v.name() + " on " + host() + " is open by "
                        + v.openers() + " NBD client(s): close them before synchronizing it");
            }
            return;
        }
        if (owner.isPrimary()) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "volume " + v.name() + " on " + host() + " belongs to Primary RVG "
                    + owner.name() + ": a synchronization never writes a Primary's volumes");
        }
        if (held.contains(owner.detachedWrites())) {
            return;
        }
        for (var l : owner.rlinks()) {
            if (!DetachedWrites.writableIn(l.state())) {
                throw new VolrepException(ErrorCode.RLINK_ATTACHED, "replication to Secondary RVG " + owner.name() + " on "
                        + host() + " is attached (RLINK " + l.name() + " is " + l.state() + "): stop it first with vradmin -g "
                        + l.record().remoteDg() + " stoprep " + l.record().remoteRvg() + " " + host());
            }
        }
        owner.detachedWrites().hold();
        held.add(owner.detachedWrites());
    }

    private void sendHashes(PeerConnection c, SyncWire.Open o) {
        try (BlockHasher h = new BlockHasher(extents, o.blockSize(), o.chunkBlocks(), pool, window, Optional.of(digest), false)) {
            long sent = 0;
            for (BlockHasher.Chunk k; !closed && (k = h.next()) != null; ) {
                awaitConsumed(sent - SyncWire.HASH_AHEAD);
                c.send(SyncWire.HASHES, SyncWire.hashes(k.volume(), k.firstBlock(), k.digests()));
                sent++;
            }
            if (!closed) {
                LOG.info("sync " + o.mode().word() + " from " + c.peerHost() + " into " + dgName + ": this host " + h.rate());
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "sync into " + dgName + ": hashing failed", e);
                c.close("the target could not read its volumes: " + e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void consumed(long chunks) {
        consumed = Math.max(consumed, chunks);
        notifyAll();
    }

    /** Waits until the source has compared at least {@code chunks} chunks (or the session ended). */
    private synchronized void awaitConsumed(long chunks) throws InterruptedException {
        while (consumed < chunks && !closed) {
            wait(200);
        }
    }

    private void data(PeerConnection c, ByteBuffer b) throws IOException {
        BlockHasher.Extent e = extent(b.getInt());
        long offset = b.getLong();
        checkRange(e, offset, b.remaining());
        int n = b.remaining();
        e.device().writeBulk(offset, b);
        written += n;
        dataWritten += n;
        if (dataWritten - dataReported >= SyncWire.WRITTEN_EVERY) {
            dataReported = dataWritten;
            c.send(SyncWire.WRITTEN, SyncWire.count(dataWritten));
        }
    }

    private void zero(byte[] payload) throws IOException {
        DataInputStream in = SyncWire.in(payload);
        BlockHasher.Extent e = extent(in.readInt());
        BlockDevice dev = e.device();
        long offset = in.readLong();
        long length = in.readLong();
        checkRange(e, offset, length);
        io.volrep.engine.io.Zeros.write(dev, offset, length, done -> { });
        written += length;
    }

    private void done(PeerConnection c) throws IOException {
        for (BlockDevice d : devices) {
            d.sync();
        }
        c.send(SyncWire.FINISHED, SyncWire.finished(written));
        LOG.info(() -> "sync into " + dgName + " from " + c.peerHost() + " finished: " + written + " bytes written");
    }

    private BlockHasher.Extent extent(int index) throws IOException {
        if (index < 0 || index >= extents.size()) {
            throw new IOException("sync message for volume " + index + " of " + extents.size());
        }
        return extents.get(index);
    }

    private static void checkRange(BlockHasher.Extent e, long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > e.size()) {
            throw new IOException("sync range at " + offset + " of " + length + " bytes does not fit " + e.device().path());
        }
    }

    @Override
    public void onClose(PeerConnection c, String reason) {
        closed = true;
        Thread t = hashing;
        if (t != null) {
            t.interrupt();
        }
        releaseAll();
        LOG.info(() -> "sync session from " + c.peerHost() + " into " + dgName + " ended: " + reason);
    }

    private synchronized void releaseAll() {
        held.forEach(DetachedWrites::release);
        held.clear();
    }

    private String host() {
        return localHost;
    }
}
