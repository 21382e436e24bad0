package io.volrep.engine.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A connection stops reading requests while its in-flight byte budget is spent. */
@Timeout(60)
class NbdBackpressureTest {
    @TempDir
    Path dir;

    /** Holds every write until the test releases it; counts writes that reached it. */
    private static final class HeldExport implements Export {
        final Semaphore arrived = new Semaphore(0);
        final CompletableFuture<Void> gate = new CompletableFuture<>();

        @Override
        public long size() {
            return 64L << 20;
        }

        @Override
        public Optional<String> writeRefusal() {
            return Optional.empty();
        }

        @Override
        public boolean flushCoversAllConnections() {
            return false;
        }

        @Override
        public CompletableFuture<Void> read(long offset, ByteBuffer dst) {
            dst.position(dst.limit());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> write(long offset, ByteBuffer src, boolean fua) {
            arrived.release();
            return gate.thenRun(() -> src.position(src.limit()));
        }

        @Override
        public CompletableFuture<Void> flush() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void writesBeyondTheBudgetWaitUntilEarlierOnesComplete() throws Exception {
        HeldExport export = new HeldExport();
        ExportCatalog catalog = new ExportCatalog() {
            @Override
            public List<String> names() {
                return List.of("hrdg/held");
            }

            @Override
            public Export open(String name) {
                return export;
            }
        };
        NbdServerConfig config = NbdServerConfig.unix(dir.resolve("nbd.sock")).withInFlightBytes(NbdProtocol.MAX_BLOCK);
        try (NbdServer server = new NbdServer(catalog, config)) {
            server.start();
            NbdClient c = NbdClient.connect(server.unixUri("hrdg/held"));
            List<CompletableFuture<Void>> writes = new java.util.concurrent.CopyOnWriteArrayList<>();
            // the client's send blocks once the server stops reading, so issue from a thread of its own
            Thread issuer = new Thread(() -> {
                for (int i = 0; i < 40; i++) {
                    writes.add(c.write((long) i << 20, ByteBuffer.allocate(1 << 20), false));
                }
            });
            issuer.start();
            // 32 MiB budget / 1 MiB writes: exactly 32 reach the export, the rest wait in the socket
            assertTrue(export.arrived.tryAcquire(32, 20, TimeUnit.SECONDS), "32 writes admitted");
            assertFalse(export.arrived.tryAcquire(1, 500, TimeUnit.MILLISECONDS), "the 33rd must wait for budget");
            export.gate.complete(null);
            issuer.join(30_000);
            assertFalse(issuer.isAlive(), "all 40 writes sent once the budget came back");
            assertEquals(40, writes.size());
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertTrue(export.arrived.tryAcquire(8, 10, TimeUnit.SECONDS), "the other 8 arrived after release");
            c.close();
        }
    }
}
