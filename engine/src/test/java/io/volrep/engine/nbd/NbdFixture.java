package io.volrep.engine.nbd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.io.BlockDevice;
import io.volrep.engine.io.NativeBlockDevice;

/**
 * A running NbdServer over temp files: {@code hrdg/hr_dv01} (writable unless {@link #refusal} is
 * set) and {@code hrdg/hr_ro} (always read-only), each on its own sparse file.
 */
final class NbdFixture implements AutoCloseable {
    static final String RW = "hrdg/hr_dv01";
    static final String RO = "hrdg/hr_ro";

    final Path dir;
    final long size;
    final ExecutorService io = Executors.newFixedThreadPool(4);
    final AtomicReference<Optional<String>> refusal = new AtomicReference<>(Optional.empty());
    final Map<String, Path> files = new LinkedHashMap<>();
    final Map<String, BlockDevice> devices = new LinkedHashMap<>();
    final NbdServer server;

    NbdFixture(Path dir, long size, boolean tcp) throws IOException {
        this(dir, size, tcp, d -> d);
    }

    /** @param wrap lets a test put a recording device between the export and the file */
    NbdFixture(Path dir, long size, boolean tcp, Function<BlockDevice, BlockDevice> wrap) throws IOException {
        this(dir, size, tcp, true, wrap);
    }

    /**
     * @param direct O_DIRECT devices: every write goes to the I/O pool and is answered by the reply
     *               writer; buffered ones take plain writes on the connection's reader, answered inline
     */
    NbdFixture(Path dir, long size, boolean tcp, boolean direct, Function<BlockDevice, BlockDevice> wrap)
            throws IOException {
        this.dir = dir;
        this.size = size;
        for (String name : List.of(RW, RO)) {
            Path f = dir.resolve(name.replace('/', '_'));
            NativeBlockDevice.createSparseFile(f, size);
            files.put(name, f);
            devices.put(name, wrap.apply(NativeBlockDevice.open(f, direct)));
        }
        NbdServerConfig config = NbdServerConfig.unix(dir.resolve("nbd.sock"));
        if (tcp) {
            config = config.withTcp(new java.net.InetSocketAddress("127.0.0.1", 0));
        }
        server = new NbdServer(new Catalog(), config);
        server.start();
    }

    String uri(String export) {
        return server.unixUri(export);
    }

    byte[] fileBytes(String export) throws IOException {
        return Files.readAllBytes(files.get(export));
    }

    private final class Catalog implements ExportCatalog {
        @Override
        public List<String> names() {
            return new ArrayList<>(devices.keySet());
        }

        @Override
        public Export open(String name) throws VolrepException {
            BlockDevice d = devices.get(name);
            if (d == null) {
                throw new VolrepException(ErrorCode.NO_SUCH_VOLUME, "no volume " + name + " in the test catalog");
            }
            return name.equals(RO) ? FileExport.readOnly(name, d, io, "RVG hr_rvg on this host is a Secondary")
                    : new FileExport(name, d, io, refusal::get);
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        io.shutdown();
        io.awaitTermination(10, TimeUnit.SECONDS);
        for (BlockDevice d : devices.values()) {
            d.close();
        }
    }
}
