package io.volrep.engine.link;

/** One received frame: its type and its payload, already checked and inflated. */
record Frame(int type, byte[] payload, int wireBytes) {
}
