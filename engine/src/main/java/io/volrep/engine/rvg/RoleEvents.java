package io.volrep.engine.rvg;

import java.util.Map;
import java.util.Optional;

import io.volrep.engine.event.EventType;
import io.volrep.engine.volume.RvgRecord;

/** The vrnotify event of an RVG's role change (spec/vvr-features.md §2.5): from role, to role -> event. */
final class RoleEvents {
    private static final Map<String, EventType> TABLE = Map.of(
            RvgRecord.PRIMARY + ">" + RvgRecord.SECONDARY, EventType.RVG_PRITOSEC,
            RvgRecord.SECONDARY + ">" + RvgRecord.PRIMARY, EventType.RVG_SECTOPRI,
            RvgRecord.PRIMARY + ">" + RvgRecord.ACTING_SECONDARY, EventType.RVG_PRITOACTSEC,
            RvgRecord.ACTING_SECONDARY + ">" + RvgRecord.PRIMARY, EventType.RVG_ACTSECTOPRI,
            // An acting Secondary converted by fbsync or makesec was the Primary: it becomes a Secondary.
            RvgRecord.ACTING_SECONDARY + ">" + RvgRecord.SECONDARY, EventType.RVG_PRITOSEC);

    private RoleEvents() {
    }

    static Optional<EventType> of(String from, String to) {
        return Optional.ofNullable(TABLE.get(from + ">" + to));
    }
}
