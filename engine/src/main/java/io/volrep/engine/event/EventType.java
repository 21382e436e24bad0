package io.volrep.engine.event;

import java.util.Locale;
import java.util.Optional;

/**
 * The event types {@code vrnotify} streams, named as in spec/vvr-features.md §2.5 (the printed name is
 * the constant in lower case). Where each is published:
 * <ul>
 * <li>{@code rlk_connect} / {@code rlk_disconnect}: an RLINK's link to its peer came up / went down
 *     (on the Primary and on the Secondary).</li>
 * <li>{@code rlk_paused}: an RLINK was paused from either end ({@code vradmin pauserep}, {@code vxrlink pause}).</li>
 * <li>{@code srl_log_warn}: a Secondary's backlog passed 80% of the SRL.</li>
 * <li>{@code srl_overflow}: the backlog reached the overflow limit and srlprot acted.</li>
 * <li>{@code srlprot_dcm_on} / {@code srlprot_dcm_off}: srlprot switched an RLINK to DCM logging / the
 *     DCM replay of {@code vradmin resync} ended and the RLINK ships from the SRL again.</li>
 * <li>{@code srlprot_throttle_on} / {@code srlprot_throttle_off}: writes stall for a connected Secondary
 *     that fills the SRL (srlprot dcm, override, fail) / the backlog fell back below 80%.</li>
 * <li>{@code srlprot_override}: srlprot=override detached a disconnected Secondary.</li>
 * <li>{@code srlprot_fail}: srlprot=fail makes new writes fail.</li>
 * <li>{@code resync_started} / {@code resync_stopped} / {@code resync_paused}: a synchronization from the
 *     DCM (autosync, {@code vradmin resync}) started / finished / was paused with its RLINK.</li>
 * <li>{@code repmode_sync} / {@code repmode_async}: a synchronous=override RLINK went back to
 *     synchronous / fell back to asynchronous.</li>
 * </ul>
 * The remaining types belong to features that publish them when they exist (latency protection, IBC,
 * role changes).
 */
public enum EventType {
    RESYNC_STARTED, RESYNC_STOPPED, RESYNC_PAUSED,
    LAT_THROTTLE_ON, LAT_THROTTLE_OFF, LAT_THROTTLE_OVERRIDE, LAT_THROTTLE_FAIL,
    SRLPROT_THROTTLE_ON, SRLPROT_THROTTLE_OFF, SRLPROT_OVERRIDE, SRLPROT_FAIL,
    SRL_OVERFLOW, SRLPROT_DCM_ON, SRLPROT_DCM_OFF,
    RLK_CONNECT, RLK_DISCONNECT, SRL_LOG_WARN,
    REPMODE_SYNC, REPMODE_ASYNC,
    REPIBC_FREEZE, REPIBC_UNFREEZE,
    RVG_PRITOSEC, RVG_SECTOPRI, RVG_PRITOACTSEC, RVG_ACTSECTOPRI,
    RLK_PAUSED;

    /** The documented name, e.g. {@code rlk_connect}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type a documented name stands for. */
    public static Optional<EventType> of(String label) {
        for (EventType t : values()) {
            if (t.label().equals(label)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
