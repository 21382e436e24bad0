package io.volrep.engine.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.volrep.engine.io.BlockDevice;
import io.volrep.engine.io.ForwardingDevice;

/** A BlockDevice that logs "write OFF LEN" and "sync" events in order, then delegates. */
final class RecordingDevice extends ForwardingDevice {
    private final List<String> events = new ArrayList<>();

    RecordingDevice(BlockDevice d) {
        super(d);
    }

    synchronized List<String> events() {
        return new ArrayList<>(events);
    }

    synchronized void clear() {
        events.clear();
    }

    private synchronized void log(String e) {
        events.add(e);
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        int n = src.remaining();
        inner.write(offset, src);
        log("write " + offset + " " + n);
    }

    @Override
    public void sync() throws IOException {
        inner.sync();
        log("sync");
    }
}
