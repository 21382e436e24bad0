package io.volrep.engine.peer;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.link.PeerConnection;

/**
 * The calling end of a {@link StreamingPeerOp} under way on another host: parts arrive on the
 * connection's reader thread (handed to the handler given to {@link Peers#open}); {@link #send}
 * answers the op; {@link #result} waits for the reply; {@link #close} ends the call (the op sees its
 * caller gone). Thread-safe.
 */
public final class PeerCall implements AutoCloseable {
    private final String host;
    private final String op;
    private final PeerConnection connection;
    private final CompletableFuture<PeerMessage> reply;

    PeerCall(String host, String op, PeerConnection connection, CompletableFuture<PeerMessage> reply) {
        this.host = host;
        this.op = op;
        this.connection = connection;
        this.reply = reply;
    }

    public String host() {
        return host;
    }

    /** Sends a message to the running op (e.g. the answer to a question it asked). */
    public void send(Map<String, String> fields) throws IOException {
        connection.send(Peers.INPUT, PeerMessage.request(op, fields).encode());
    }

    /** Whether the reply (or the end of the connection) has arrived. */
    public boolean done() {
        return reply.isDone();
    }

    /**
     * Waits up to {@code timeoutMillis} for the reply and returns its fields; the op's error comes back
     * with its code, the connection's end as an IOException.
     *
     * @throws TimeoutException when the op is still running
     */
    public Map<String, String> result(long timeoutMillis) throws VolrepException, IOException, TimeoutException {
        PeerMessage m;
        try {
            m = reply.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + host, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        if (!m.ok()) {
            throw new VolrepException(Peers.codeOf(m.status()), "on " + host + ": " + m.message());
        }
        return m.fields();
    }

    @Override
    public void close() {
        connection.close("call ended");
    }

    /** The error a command reports when {@code host} cannot be reached for {@code what}. */
    public static VolrepException unreachable(String host, String what, Exception cause) {
        return new VolrepException(ErrorCode.PEER_UNREACHABLE, "host " + host + " cannot be reached to " + what + " ("
                + cause.getMessage() + "): check that vxrepd runs there and that the hosts table and key match", cause);
    }
}
