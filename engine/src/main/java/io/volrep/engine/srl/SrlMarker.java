package io.volrep.engine.srl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A marker record of the SRL stream: a named point placed by the one writer among the data records,
 * so its LSN orders it exactly among the writes (RVG checkpoint start and end).
 *
 * <p>Payload layout: the record's data is the name in UTF-8, 1 to {@value #MAX_NAME_BYTES} bytes,
 * nothing else; volume index and volume offset are 0. Immutable and thread-safe.
 *
 * @param type CHECKPOINT_START or CHECKPOINT_END
 * @param lsn  the marker record's own LSN
 * @param name the checkpoint name
 */
public record SrlMarker(RecordType type, long lsn, String name) {
    public static final int MAX_NAME_BYTES = 255;

    public SrlMarker {
        if (!type.isMarker()) {
            throw new IllegalArgumentException(type + " is not a marker type");
        }
        payload(name);
    }

    /** The record data for a marker named {@code name}. */
    public static ByteBuffer payload(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0 || b.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("marker name of " + b.length + " bytes (1 to " + MAX_NAME_BYTES + ")");
        }
        return ByteBuffer.wrap(b).asReadOnlyBuffer();
    }

    /** The marker a record holds; empty for DATA records and for marker data that is not a valid name. */
    public static Optional<SrlMarker> of(SrlRecord r) {
        int n = r.data().remaining();
        if (!r.type().isMarker() || n == 0 || n > MAX_NAME_BYTES) {
            return Optional.empty();
        }
        try {
            String name = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(r.data().duplicate()).toString();
            return Optional.of(new SrlMarker(r.type(), r.lsn(), name));
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
