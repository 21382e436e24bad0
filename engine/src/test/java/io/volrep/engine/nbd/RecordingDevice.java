package io.volrep.engine.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.volrep.engine.io.BlockDevice;

/** A BlockDevice that logs "write OFF LEN" and "sync" events in order, then delegates. */
final class RecordingDevice implements BlockDevice {
    private final BlockDevice d;
    private final List<String> events = new ArrayList<>();

    RecordingDevice(BlockDevice d) {
        this.d = d;
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
    public String path() {
        return d.path();
    }

    @Override
    public long size() {
        return d.size();
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        d.read(offset, dst);
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        int n = src.remaining();
        d.write(offset, src);
        log("write " + offset + " " + n);
    }

    @Override
    public void sync() throws IOException {
        d.sync();
        log("sync");
    }

    @Override
    public void close() throws IOException {
        d.close();
    }
}
