package io.volrep.engine.command.remote;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.event.Event;
import io.volrep.engine.event.EventBus;
import io.volrep.engine.peer.PeerMessage;
import io.volrep.engine.peer.PeerStream;
import io.volrep.engine.peer.Peers;

/**
 * The peer op {@value #EVENTS}: streams this host's events about one RDS (its RVG {@code rvg} here) to
 * a {@code vrnotify} running on another host of the RDS, until that caller goes away.
 */
public final class EventRelay {
    public static final String EVENTS = "events";
    private static final long POLL_MILLIS = 250;

    private EventRelay() {
    }

    public static void register(Peers peers, Engine engine) {
        peers.registerStreaming(EVENTS, (from, m, stream) -> relay(engine.events(), m, stream));
    }

    private static Map<String, String> relay(EventBus events, PeerMessage m, PeerStream stream)
            throws VolrepException, IOException {
        String rvg = m.field("rvg");
        try (EventBus.Subscription sub = events.subscribe()) {
            while (stream.open()) {
                Optional<Event> e = sub.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (e.isPresent() && e.get().rds().equals(rvg)) {
                    stream.emit(e.get().fields());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Map.of();
    }
}
