package io.volrep.engine.command.remote;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.client.CommandIo;
import io.volrep.engine.command.CommandRegistry;
import io.volrep.engine.peer.PeerMessage;
import io.volrep.engine.peer.PeerStream;
import io.volrep.engine.peer.Peers;

/**
 * The peer op {@value #RUN}: runs an RDS-wide vradmin command line that a Secondary received
 * ({@link RdsForward}) on this host, streaming its output and questions back and replying with its
 * exit status. Only the verbs of {@link RdsForward#VERBS} are run, through a registry that does not
 * forward again.
 */
public final class CommandRelay {
    public static final String RUN = "run-command";
    private static final Logger LOG = Logger.getLogger(CommandRelay.class.getName());
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(30);
    private static final char SEPARATOR = '\0';

    private CommandRelay() {
    }

    /** @param local a registry whose verbs run here (none forwards) */
    public static void register(Peers peers, CommandRegistry local) {
        peers.registerStreaming(RUN, (from, m, stream) -> run(local, from, m, stream));
    }

    static String join(List<String> argv) {
        return String.join(String.valueOf(SEPARATOR), argv);
    }

    private static Map<String, String> run(CommandRegistry local, String from, PeerMessage m, PeerStream stream)
            throws VolrepException {
        List<String> argv = Arrays.asList(m.field("argv").split(String.valueOf(SEPARATOR), -1));
        boolean allowed = argv.get(0).equals("vradmin") && local.verbOf(argv).filter(RdsForward.VERBS::contains).isPresent();
        if (!allowed) {
            throw new VolrepException(ErrorCode.PEER_REFUSED, "host " + from + " may not run '" + String.join(" ", argv)
                    + "' here: only RDS-wide vradmin commands are relayed");
        }
        LOG.info("command from " + from + ": " + String.join(" ", argv));
        int status = local.run(argv, new StreamIo(stream), Path.of("/"));
        return Map.of("status", Integer.toString(status));
    }

    /** The command's output as parts to the caller; its questions answered by the caller. */
    private static final class StreamIo implements CommandIo {
        private final PeerStream stream;

        StreamIo(PeerStream stream) {
            this.stream = stream;
        }

        private void emit(String key, String text) {
            try {
                stream.emit(Map.of(key, text));
            } catch (IOException e) {
                // the caller has gone: output is dropped, as for a local client that went away
            }
        }

        @Override
        public void out(String text) {
            emit("out", text);
        }

        @Override
        public void err(String text) {
            emit("err", text);
        }

        @Override
        public boolean confirm(String question) {
            emit("ask", question);
            try {
                Optional<Map<String, String>> a = stream.receive(ANSWER_TIMEOUT);
                return a.map(x -> x.getOrDefault("answer", "n").startsWith("y")).orElse(false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public boolean closed() {
            return !stream.open();
        }
    }
}
