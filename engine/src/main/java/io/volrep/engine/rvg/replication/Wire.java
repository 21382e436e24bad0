package io.volrep.engine.rvg.replication;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The replication messages carried on an RLINK's peer connection (channel {@code rlink:DG/RVG} of
 * the Secondary). Frame types and payloads, all big-endian:
 * <pre>
 *  START   P->S  mode (UTF: "srl" | "sync"), data generation (long)
 *  RESUME  S->P  source end (long): the Primary LSN just past the last update durable on the Secondary;
 *                consistent (boolean)
 *  UPDATE  P->S  end LSN (long), volume index (int), offset (long), timestamp (long), then the data
 *  ACK     S->P  source end (long) now durable in the Secondary's SRL (cumulative: one ACK may answer
 *                many updates)
 *  BLOCK   P->S  volume index (int), offset (long), then the data: a synchronization copy, not in LSN order
 *  BLOCKED S->P  volume index (int), offset (long), length (int): the block is durable on the volume
 *  STATE   P->S  consistent (boolean): the Secondary's data is (again) a consistent image
 *  FLUSH   P->S  (empty): make every BLOCK so far durable, then answer BLOCKED for them
 *  FROM    P->S  LSN (long): the Secondary now holds everything the Primary's SRL holds below it
 *                (sent when a synchronization from the DCM ends and shipping from the SRL begins)
 *  PASSED  P->S  from (long), to (long): the Primary's log holds no update in [from, to) (checkpoint
 *                markers, which are not shipped): a Secondary that holds every update below from holds
 *                the log below to, so its resume point moves there (a migration compares it with the log's end)
 *  RECEIVED S->P LSN (long): the network acknowledgement: the Secondary has received every update below
 *                it and queued it for its log (one per burst of updates that arrived together);
 *                ACK (the data acknowledgement) follows once they are durable
 * </pre>
 */
final class Wire {
    static final int START = 10;
    static final int RESUME = 11;
    static final int UPDATE = 12;
    static final int ACK = 13;
    static final int BLOCK = 14;
    static final int BLOCKED = 15;
    static final int STATE = 16;
    static final int FLUSH = 17;
    static final int FROM = 18;
    static final int PASSED = 19;
    static final int RECEIVED = 20;
    static final int UPDATE_HEADER = 8 + 4 + 8 + 8;
    static final int BLOCK_HEADER = 4 + 8;

    private Wire() {
    }

    static byte[] start(String mode, long generation) {
        return write(out -> {
            out.writeUTF(mode);
            out.writeLong(generation);
        });
    }

    static byte[] resume(long sourceEnd, boolean consistent) {
        return write(out -> {
            out.writeLong(sourceEnd);
            out.writeBoolean(consistent);
        });
    }

    static byte[] passed(long from, long to) {
        return ByteBuffer.allocate(16).putLong(from).putLong(to).array();
    }

    static byte[] ack(long sourceEnd) {
        return ByteBuffer.allocate(8).putLong(sourceEnd).array();
    }

    static byte[] state(boolean consistent) {
        return new byte[] {(byte) (consistent ? 1 : 0)};
    }

    static byte[] update(long endLsn, int volume, long offset, long timestamp, ByteBuffer data) {
        ByteBuffer b = ByteBuffer.allocate(UPDATE_HEADER + data.remaining());
        b.putLong(endLsn).putInt(volume).putLong(offset).putLong(timestamp).put(data.duplicate());
        return b.array();
    }

    static byte[] blocked(int volume, long offset, int length) {
        return ByteBuffer.allocate(16).putInt(volume).putLong(offset).putInt(length).array();
    }

    static DataInputStream in(byte[] payload) {
        return new DataInputStream(new ByteArrayInputStream(payload));
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            body.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
