package io.volrep.engine.event;

import java.util.Map;

/**
 * One event as {@code vrnotify} prints it: {@code host-name:event-type:rds-name:Event Message}.
 *
 * @param millis when it happened, milliseconds since the epoch, on the host that published it
 * @param host   the host it happened on
 * @param rds    the RDS (its RVG name on that host)
 */
public record Event(long millis, String host, EventType type, String rds, String message) {

    /** The line vrnotify prints. */
    public String line() {
        return host + ":" + type.label() + ":" + rds + ":" + message;
    }

    /** As fields of a peer message (events relayed from another host). */
    public Map<String, String> fields() {
        return Map.of("millis", Long.toString(millis), "host", host, "type", type.label(), "rds", rds, "message", message);
    }

    /** The event in {@code f}, as {@link #fields()} wrote it; empty if a field is missing or unknown. */
    public static java.util.Optional<Event> from(Map<String, String> f) {
        java.util.Optional<EventType> t = EventType.of(f.getOrDefault("type", ""));
        if (t.isEmpty() || !f.containsKey("host") || !f.containsKey("rds") || !f.containsKey("message")) {
            return java.util.Optional.empty();
        }
        long millis;
        try {
            millis = Long.parseLong(f.getOrDefault("millis", "0"));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Event(millis, f.get("host"), t.get(), f.get("rds"), f.get("message")));
    }
}
