package io.volrep.engine.nbd;

import static io.volrep.engine.nbd.NbdProtocol.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;

/**
 * Server side of the fixed newstyle handshake: greeting, client flags, then options until the
 * client picks an export (OPT_EXPORT_NAME or OPT_GO), aborts or breaks the protocol.
 * Used by one connection's thread only.
 */
final class Handshake {
    private static final Logger LOG = Logger.getLogger(Handshake.class.getName());
    /** Longest option payload we read (OPT_GO with a maximal name and a few info requests). */
    static final int MAX_OPTION_DATA = MAX_NAME + 64;
    /** Options one client may send before we give up on it. */
    static final int MAX_OPTIONS = 1024;
    private static final int KNOWN_CLIENT_FLAGS = FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES;

    /** The export a client chose, opened, with the transmission flags it was told. */
    record Chosen(String name, Export export, int transmissionFlags) {
    }

    private final SocketChannel ch;
    private final ExportCatalog catalog;
    private final String client;

    Handshake(SocketChannel ch, ExportCatalog catalog, String client) {
        this.ch = ch;
        this.catalog = catalog;
        this.client = client;
    }

    /**
     * Runs the handshake.
     *
     * @return the chosen export, or null when the client aborted or broke the protocol (logged)
     */
    Chosen run() throws IOException {
        ByteBuffer greeting = ByteBuffer.allocate(18).putLong(NBDMAGIC).putLong(IHAVEOPT)
                .putShort((short) (FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES)).flip();
        Wire.writeFully(ch, greeting);
        ByteBuffer flagsBuf = ByteBuffer.allocate(4);
        Wire.readFully(ch, flagsBuf);
        int clientFlags = flagsBuf.getInt(0);
        if ((clientFlags & ~KNOWN_CLIENT_FLAGS) != 0) {
            LOG.warning(() -> client + ": unknown client flags 0x" + Integer.toHexString(clientFlags) + ", closing");
            return null;
        }
        boolean noZeroes = (clientFlags & FLAG_NO_ZEROES) != 0;
        for (int n = 0; n < MAX_OPTIONS; n++) {
            ByteBuffer head = ByteBuffer.allocate(16);
            Wire.readFully(ch, head);
            long magic = head.getLong(0);
            int option = head.getInt(8);
            int length = head.getInt(12);
            if (magic != IHAVEOPT) {
                LOG.warning(() -> client + ": bad option magic 0x" + Long.toHexString(magic) + ", closing");
                return null;
            }
            if (length < 0 || length > MAX_OPTION_DATA) {
                LOG.warning(() -> client + ": option " + option + " with " + Integer.toUnsignedString(length)
                        + " bytes of data (limit " + MAX_OPTION_DATA + "), closing");
                return null;
            }
            ByteBuffer data = ByteBuffer.allocate(length);
            Wire.readFully(ch, data);
            data.flip();
            Step step = option(option, data, noZeroes);
            if (step.done) {
                return step.chosen;
            }
        }
        LOG.warning(() -> client + ": more than " + MAX_OPTIONS + " options, closing");
        return null;
    }

    /** What one option leads to: keep negotiating, or finish with (or without) an export. */
    private record Step(boolean done, Chosen chosen) {
        static final Step MORE = new Step(false, null);
        static final Step END = new Step(true, null);
    }

    private Step option(int option, ByteBuffer data, boolean noZeroes) throws IOException {
        switch (option) {
            case OPT_EXPORT_NAME:
                return exportName(data, noZeroes);
            case OPT_GO:
            case OPT_INFO:
                return goOrInfo(option, data);
            case OPT_LIST:
                if (data.hasRemaining()) {
                    reply(option, REP_ERR_INVALID, text("OPT_LIST takes no data"));
                } else {
                    list();
                }
                return Step.MORE;
            case OPT_ABORT:
                reply(option, REP_ACK, ByteBuffer.allocate(0));
                LOG.fine(() -> client + ": aborted the handshake");
                return Step.END;
            default:
                LOG.fine(() -> client + ": unsupported option " + option);
                reply(option, REP_ERR_UNSUP, text("option " + option + " is not supported"));
                return Step.MORE;
        }
    }

    private Step exportName(ByteBuffer data, boolean noZeroes) throws IOException {
        String name = StandardCharsets.UTF_8.decode(data).toString();
        Export export;
        try {
            export = catalog.open(name);
        } catch (VolrepException e) {
            // OPT_EXPORT_NAME has no error reply: the protocol says to close.
            LOG.info(() -> client + ": no export " + name + " (" + e.getMessage() + "), closing");
            return Step.END;
        }
        int tflags = transmissionFlags(export);
        ByteBuffer out = ByteBuffer.allocate(noZeroes ? 10 : 134);
        out.putLong(export.size()).putShort((short) tflags).position(out.limit()).flip();
        Wire.writeFully(ch, out);
        return new Step(true, new Chosen(name, export, tflags));
    }

    private Step goOrInfo(int option, ByteBuffer data) throws IOException {
        String name = parseGoName(data);
        if (name == null) {
            reply(option, REP_ERR_INVALID, text("malformed " + (option == OPT_GO ? "OPT_GO" : "OPT_INFO")));
            return Step.MORE;
        }
        Export export;
        try {
            export = catalog.open(name);
        } catch (VolrepException e) {
            boolean unknown = e.code() == ErrorCode.NO_SUCH_DG || e.code() == ErrorCode.NO_SUCH_VOLUME
                    || e.code() == ErrorCode.NO_SUCH_OBJECT;
            LOG.info(() -> client + ": cannot open export " + name + ": " + e.getMessage());
            reply(option, unknown ? REP_ERR_UNKNOWN : REP_ERR_POLICY, text(e.getMessage()));
            return Step.MORE;
        }
        int tflags = transmissionFlags(export);
        ByteBuffer info = ByteBuffer.allocate(12).putShort((short) INFO_EXPORT).putLong(export.size())
                .putShort((short) tflags).flip();
        reply(option, REP_INFO, info);
        ByteBuffer sizes = ByteBuffer.allocate(14).putShort((short) INFO_BLOCK_SIZE).putInt(MIN_BLOCK)
                .putInt(PREFERRED_BLOCK).putInt(MAX_BLOCK).flip();
        reply(option, REP_INFO, sizes);
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        reply(option, REP_INFO, ByteBuffer.allocate(2 + nameBytes.length).putShort((short) INFO_NAME)
                .put(nameBytes).flip());
        reply(option, REP_ACK, ByteBuffer.allocate(0));
        if (option == OPT_INFO) {
            closeQuietly(export, name);
            return Step.MORE;
        }
        return new Step(true, new Chosen(name, export, tflags));
    }

    /** The name in an OPT_GO/OPT_INFO payload, or null when the lengths do not add up. */
    private static String parseGoName(ByteBuffer data) {
        if (data.remaining() < 6) {
            return null;
        }
        int nameLength = data.getInt();
        if (nameLength < 0 || nameLength > data.remaining() - 2) {
            return null;
        }
        byte[] name = new byte[nameLength];
        data.get(name);
        int requests = Short.toUnsignedInt(data.getShort());
        if (data.remaining() != 2 * requests) {
            return null;
        }
        return new String(name, StandardCharsets.UTF_8);
    }

    private void list() throws IOException {
        for (String name : catalog.names()) {
            byte[] b = name.getBytes(StandardCharsets.UTF_8);
            reply(OPT_LIST, REP_SERVER, ByteBuffer.allocate(4 + b.length).putInt(b.length).put(b).flip());
        }
        reply(OPT_LIST, REP_ACK, ByteBuffer.allocate(0));
    }

    static int transmissionFlags(Export export) {
        int flags = TF_HAS_FLAGS | TF_SEND_FLUSH | TF_SEND_FUA | TF_SEND_WRITE_ZEROES;
        if (export.writeRefusal().isPresent()) {
            flags |= TF_READ_ONLY;
        }
        if (export.flushCoversAllConnections()) {
            flags |= TF_CAN_MULTI_CONN;
        }
        return flags;
    }

    private void reply(int option, int type, ByteBuffer data) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(20).putLong(OPTION_REPLY_MAGIC).putInt(option).putInt(type)
                .putInt(data.remaining()).flip();
        Wire.writeFully(ch, head, data);
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private void closeQuietly(Export export, String name) {
        try {
            export.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, client + ": closing export " + name + " failed", e);
        }
    }
}
