package io.volrep.engine.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.nbd.Export;
import io.volrep.engine.nbd.ExportCatalog;
import io.volrep.engine.nbd.FileExport;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.rvg.Rvgs;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.DiskGroups;
import io.volrep.engine.volume.RvgRecord;
import io.volrep.engine.volume.Volume;
import io.volrep.engine.volume.VolumeRecord;

/**
 * The daemon's volumes as NBD exports named {@code DG/VOL}. A volume in no RVG is served directly;
 * a data volume of an RVG is written through the RVG's write path (SRL first) while the RVG is a
 * started Primary, and straight to the volume while it is a started Secondary whose replication is
 * detached (to restore a backup); an SRL is never served. Thread-safe.
 */
final class VolumeExports implements ExportCatalog {
    private final DiskGroups diskGroups;
    private final Rvgs rvgs;
    private final Executor io;

    VolumeExports(DiskGroups diskGroups, Rvgs rvgs, Executor io) {
        this.diskGroups = diskGroups;
        this.rvgs = rvgs;
        this.io = io;
    }

    @Override
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (DiskGroup dg : diskGroups.all()) {
            for (Volume v : dg.volumes()) {
                if (v.record().use() != VolumeRecord.Use.SRL) {
                    out.add(dg.name() + "/" + v.name());
                }
            }
        }
        return out;
    }

    @Override
    public Export open(String name) throws VolrepException {
        int slash = name.indexOf('/');
        if (slash <= 0 || slash == name.length() - 1) {
            throw new VolrepException(ErrorCode.NO_SUCH_VOLUME, "export name '" + name + "' is not DG/VOLUME");
        }
        DiskGroup dg = diskGroups.require(name.substring(0, slash));
        Volume v = dg.requireVolume(name.substring(slash + 1));
        VolumeRecord rec = v.record();
        if (rec.use() == VolumeRecord.Use.SRL) {
            throw new VolrepException(ErrorCode.VOLUME_IN_RVG, "volume " + v.name() + " is the SRL of RVG "
                    + rec.rvg().orElse("?") + ": applications cannot use an SRL");
        }
        v.checkUnclaimed(null, "connect again");
        Optional<Rvg> rvg = rec.rvg().flatMap(r -> rvgs.find(dg.name(), r));
        v.opened();
        if (rvg.isPresent()) {
            return new RvgVolumeExport(v, rvg.get(), FileExport.readWrite(name, v.device(), io));
        }
        return new PlainVolumeExport(v, new FileExport(name, v.device(), io, () -> refusal(v, Optional.empty())));
    }

    /** Counts a read or write of {@code bytes} on {@code v} once it succeeds, with how long it took. */
    private static CompletableFuture<Void> counted(Volume v, boolean write, int bytes,
                                                   java.util.function.Supplier<CompletableFuture<Void>> op) {
        long start = System.nanoTime();
        return op.get().whenComplete((x, err) -> {
            if (err == null) {
                long nanos = System.nanoTime() - start;
                if (write) {
                    v.io().wrote(bytes, nanos);
                } else {
                    v.io().read(bytes, nanos);
                }
            }
        });
    }

    /** Why a write to {@code v} is refused now, if it is. */
    private static Optional<String> refusal(Volume v, Optional<Rvg> rvg) {
        Optional<String> member = v.record().rvg();
        if (rvg.isEmpty()) {
            return member.map(r -> "volume " + v.name() + " joined RVG " + r + " after this client connected: reconnect");
        }
        Rvg r = rvg.get();
        if (!member.equals(Optional.of(r.name()))) {
            return Optional.of("volume " + v.name() + " left RVG " + r.name() + ": reconnect");
        }
        if (RvgRecord.SECONDARY.equals(r.record().role())) {
            return r.detachedWrites().refusal();
        }
        Optional<String> role = r.writeRefusal();
        if (role.isPresent()) {
            return Optional.of("volume " + v.name() + ": " + role.get());
        }
        if (!r.started()) {
            return Optional.of("RVG " + r.name() + " is " + r.state() + ": start it with vxrvg -g "
                    + r.diskGroup().name() + " start " + r.name());
        }
        return Optional.empty();
    }

    /** A volume in no RVG: straight to the device. */
    private static final class PlainVolumeExport implements Export {
        private final Volume volume;
        private final FileExport direct;

        PlainVolumeExport(Volume volume, FileExport direct) {
            this.volume = volume;
            this.direct = direct;
        }

        @Override
        public long size() {
            return volume.record().size();
        }

        @Override
        public Optional<String> writeRefusal() {
            return refusal(volume, Optional.empty());
        }

        @Override
        public boolean flushCoversAllConnections() {
            return direct.flushCoversAllConnections();
        }

        @Override
        public CompletableFuture<Void> read(long offset, ByteBuffer dst) {
            return counted(volume, false, dst.remaining(), () -> direct.read(offset, dst));
        }

        @Override
        public CompletableFuture<Void> write(long offset, ByteBuffer src, boolean fua) {
            return counted(volume, true, src.remaining(), () -> direct.write(offset, src, fua));
        }

        @Override
        public CompletableFuture<Void> flush() {
            return direct.flush();
        }

        @Override
        public void close() throws IOException {
            volume.closed();
        }
    }

    /**
     * A data volume of an RVG: reads from the volume. On a Primary, writes go through the RVG's SRL:
     * every write is durable in the SRL when its future completes, so FUA needs nothing more and FLUSH
     * is already satisfied for every connection. On a Secondary, writes are allowed only while
     * replication is detached ({@link io.volrep.engine.rvg.DetachedWrites}) and go straight to the
     * volume (a restore), with FLUSH and FUA syncing it.
     */
    private static final class RvgVolumeExport implements Export {
        private final Volume volume;
        private final Rvg rvg;
        private final FileExport direct;

        RvgVolumeExport(Volume volume, Rvg rvg, FileExport direct) {
            this.volume = volume;
            this.rvg = rvg;
            this.direct = direct;
        }

        @Override
        public long size() {
            return volume.record().size();
        }

        @Override
        public Optional<String> writeRefusal() {
            return refusal(volume, Optional.of(rvg));
        }

        @Override
        public boolean flushCoversAllConnections() {
            return true;
        }

        @Override
        public CompletableFuture<Void> read(long offset, ByteBuffer dst) {
            return counted(volume, false, dst.remaining(), () -> direct.read(offset, dst));
        }

        @Override
        public CompletableFuture<Void> write(long offset, ByteBuffer src, boolean fua) {
            Optional<String> no = writeRefusal();
            if (no.isPresent()) {
                return CompletableFuture.failedFuture(new VolrepException(ErrorCode.WRONG_STATE, no.get()));
            }
            if (rvg.isPrimary()) {
                return counted(volume, true, src.remaining(), () -> rvg.write(rvg.volumeIndex(volume.name()), offset, src));
            }
            return counted(volume, true, src.remaining(), () -> directWrite(offset, src, fua));
        }

        /** A detached Secondary's restore write: counted in flight so that an attach waits for it. */
        private CompletableFuture<Void> directWrite(long offset, ByteBuffer src, boolean fua) {
            try {
                rvg.detachedWrites().enter();
            } catch (VolrepException e) {
                return CompletableFuture.failedFuture(e);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
            CompletableFuture<Void> f;
            try {
                f = direct.write(offset, src, fua);
            } catch (RuntimeException e) {
                rvg.detachedWrites().exit();
                throw e;
            }
            return f.whenComplete((x, err) -> rvg.detachedWrites().exit());
        }

        @Override
        public CompletableFuture<Void> flush() {
            return rvg.isPrimary() ? CompletableFuture.completedFuture(null) : direct.flush();
        }

        @Override
        public void close() throws IOException {
            volume.closed();
        }
    }
}
