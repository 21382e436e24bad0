package io.volrep.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Test seams start here: a {@link BlockDevice} that passes every call to another; subclasses change a few.
 * {@link #writeBulk} is left to its default, {@link #write}, so a seam that watches writes sees bulk writes
 * too; one that wants the inner device's own bulk path overrides it.
 */
public abstract class ForwardingDevice implements BlockDevice {
    protected final BlockDevice inner;

    protected ForwardingDevice(BlockDevice inner) {
        this.inner = inner;
    }

    @Override
    public String path() {
        return inner.path();
    }

    @Override
    public long size() {
        return inner.size();
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        inner.read(offset, dst);
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        inner.write(offset, src);
    }

    @Override
    public void sync() throws IOException {
        inner.sync();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
