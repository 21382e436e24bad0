package io.volrep.engine.sync;

import java.io.Closeable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.conf.HostConfig;
import io.volrep.engine.conf.SyncDigest;
import io.volrep.engine.link.ChannelHandler;
import io.volrep.engine.link.HandshakeInfo;
import io.volrep.engine.link.PeerConnection;
import io.volrep.engine.peer.Peers;
import io.volrep.engine.rvg.Rvgs;
import io.volrep.engine.volume.DiskGroups;

/**
 * Synchronizations on this host ({@code syncrvg}, {@code syncvol}): the jobs it runs as a source, each
 * on a thread of its own, and the {@code sync:} channel of the peer port where other hosts' jobs reach
 * this host's volumes as a target. One pool of threads reads and hashes volumes for both. Thread-safe.
 */
public final class SyncService implements Closeable {
    private static final Logger LOG = Logger.getLogger(SyncService.class.getName());
    /** Blocks per digest chunk: 64 blocks of 64 KiB are 4 MiB read at once and one 2 KiB HASHES frame. */
    static final int CHUNK_BYTES = 4 << 20;

    private final HostConfig config;
    private final DiskGroups diskGroups;
    private final Rvgs rvgs;
    private final Optional<Peers> peers;
    private final ExecutorService pool;
    private final Map<String, SyncJob> jobs = new ConcurrentHashMap<>();
    private final SecondaryCheckpoints secondaryCheckpoints;

    public SyncService(HostConfig config, DiskGroups diskGroups, Rvgs rvgs, Optional<Peers> peers) {
        this.config = config;
        this.diskGroups = diskGroups;
        this.rvgs = rvgs;
        this.peers = peers;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.syncHashThreads(), r -> {
            Thread t = new Thread(r, "sync-read-" + config.host() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        peers.ifPresent(p -> p.registerChannel(SyncWire.CHANNEL_PREFIX, this::accept));
        this.secondaryCheckpoints = new SecondaryCheckpoints(config.host(), diskGroups, rvgs, peers);
    }

    /** RLINK (Secondary) checkpoints: vxrlink -c pause / -w pause / restore / cplist / checkdelete. */
    public SecondaryCheckpoints secondaryCheckpoints() {
        return secondaryCheckpoints;
    }

    public int blockSize() {
        return config.syncBlockSize();
    }

    /** This host's block digest (vxrep.sync.digest), as a source and as a target. */
    public SyncDigest digest() {
        return config.syncDigest();
    }

    public int chunkBlocks() {
        return Math.max(1, CHUNK_BYTES / config.syncBlockSize());
    }

    /** Chunks read ahead by one side of one session. */
    private int window() {
        return 2 * config.syncHashThreads() + 2;
    }

    private ChannelHandler.Answer accept(PeerConnection c, HandshakeInfo info) {
        String dg = info.channel().substring(SyncWire.CHANNEL_PREFIX.length());
        if (dg.isEmpty()) {
            return ChannelHandler.Answer.refuse("bad sync channel " + info.channel());
        }
        return ChannelHandler.Answer.accept(new SyncTarget(diskGroups, rvgs, pool, window(), dg, config.host(), config.syncDigest()));
    }

    /**
     * Starts a job unless one runs under the same key.
     *
     * @param what   how status lines name it ({@code syncrvg hr_rvg to london})
     * @param resume the command line that resumes it after a failure
     * @throws VolrepException SYNC_IN_PROGRESS; BAD_CONFIG when this host has no peers
     */
    public synchronized SyncJob start(String key, String what, String resume, SyncRequest request) throws VolrepException {
        Peers p = peers.orElseThrow(() -> new VolrepException(ErrorCode.BAD_CONFIG, "host " + config.host()
                + " has no peer key: set vxrep.peer.key-file in " + config.source() + " and restart vxrepd"));
        SyncJob old = jobs.get(key);
        if (old != null && old.running()) {
            throw new VolrepException(ErrorCode.SYNC_IN_PROGRESS, old.what() + " is already running ("
                    + old.progress().percent() + "%): wait for it; vradmin repstatus shows its progress");
        }
        SyncJob job = new SyncJob(key, what, resume, request, new SyncProgress(request.totalBytes(), System::nanoTime));
        jobs.put(key, job);
        Thread t = new Thread(() -> run(p, job), "sync " + key);
        t.setDaemon(true);
        t.start();
        return job;
    }

    private void run(Peers p, SyncJob job) {
        SyncProgress progress = job.progress();
        long start = System.nanoTime();
        try {
            long written = new SyncSession(p, pool, window(), job.request(), progress).run();
            double secs = (System.nanoTime() - start) / 1e9;
            job.result().complete(new SyncResult(job.request().host(), job.request().mode(), progress.doneBytes(),
                    progress.differingBlocks(), progress.ranges(), progress.rangeCount(), progress.sentBytes(), written, secs));
            LOG.info(() -> job.statusLine());
        } catch (Exception | InternalError e) {
            // InternalError: a fault in a mapped volume (it shrank) surfacing after the code that could say so.
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.log(Level.WARNING, job.what() + " failed at " + progress.percent() + "%: " + e.getMessage());
            job.result().completeExceptionally(e);
        }
    }

    /** The job registered under {@code key}, running or finished (the last one). */
    public Optional<SyncJob> job(String key) {
        return Optional.ofNullable(jobs.get(key));
    }

    /** Every job this daemon ran since it started (the last one per key). */
    public List<SyncJob> jobs() {
        return List.copyOf(jobs.values());
    }

    /** Key of the syncrvg job from RVG {@code dg/rvg} to {@code host}. */
    public static String rvgKey(String dg, String rvg, String host) {
        return "rvg:" + dg + "/" + rvg + "@" + host;
    }

    /** Key of a syncvol job of {@code volumes} of {@code dg} to {@code host}. */
    public static String volumeKey(String dg, List<String> volumes, String host) {
        return "vol:" + dg + "/" + String.join(",", volumes) + "@" + host;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
