package io.volrep.engine.srl;

/**
 * What an SRL record carries. The one-byte code is part of the on-disk format: a code is never
 * renumbered or reused, and a reader that meets an unknown code treats the record as invalid.
 *
 * <p>Code history: 1 DATA and 2 WRAP since format version 1; 3 CHECKPOINT_START and 4 CHECKPOINT_END
 * (markers, see {@link SrlMarker}) added within format version 1, before any release wrote an SRL.
 * Codes 5 and up are free (IBC messages).
 */
public enum RecordType {
    /** An application write: volume index, volume offset and the written bytes. */
    DATA(1),
    /**
     * The rest of the lap is unused: the stream continues at the start of the data area. Written by the
     * writer when the next record does not fit before the end of the data area; carries no data.
     */
    WRAP(2),
    /**
     * Marker: an RVG checkpoint starts here ({@code vxrvg checkstart}); the data is the checkpoint name
     * ({@link SrlMarker}). Replayed onto no volume; returned by readers so replication can forward it.
     */
    CHECKPOINT_START(3),
    /** Marker: the RVG checkpoint named in the data ends here ({@code vxrvg checkend}). */
    CHECKPOINT_END(4);

    private final int code;

    RecordType(int code) {
        this.code = code;
    }

    /** The byte stored in a record header. */
    public int code() {
        return code;
    }

    /** True for the checkpoint markers: records that carry a name, not application data. */
    public boolean isMarker() {
        return this == CHECKPOINT_START || this == CHECKPOINT_END;
    }

    /** The type for a stored code, or null when the code is unknown (the record is then invalid). */
    static RecordType fromCode(int code) {
        for (RecordType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
