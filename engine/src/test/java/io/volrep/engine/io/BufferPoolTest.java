package io.volrep.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class BufferPoolTest {
    @Test
    void buffersAreAlignedSizedByClassAndComeBackAfterRelease() {
        BufferPool pool = new BufferPool(1 << 20, 4 << 20);
        ByteBuffer b = pool.acquire(100_000);
        assertTrue(b.isDirect());
        assertEquals(0, b.alignmentOffset(0, NativeBlockDevice.ALIGNMENT));
        assertEquals(100_000, b.limit());
        assertEquals(128 * 1024, b.capacity());
        b.position(500);
        pool.release(b);
        ByteBuffer again = pool.acquire(65_537);
        assertSame(b, again, "same size class: the released buffer");
        assertEquals(0, again.position());
        assertEquals(65_537, again.limit());
        assertNotSame(b, pool.acquire(65_536), "a smaller class is a buffer of its own");
        assertEquals(4096, pool.acquire(0).capacity());
        assertThrows(IllegalArgumentException.class, () -> pool.acquire((1 << 20) + 1));
        assertThrows(IllegalArgumentException.class, () -> new BufferPool(3 << 20, 0));
    }

    @Test
    void atMostTheRetainedBytesSitIdle() {
        BufferPool pool = new BufferPool(1 << 20, 2 << 20);
        ByteBuffer a = pool.acquire(1 << 20);
        ByteBuffer b = pool.acquire(1 << 20);
        ByteBuffer c = pool.acquire(1 << 20);
        pool.release(a);
        pool.release(b);
        pool.release(c); // over the limit: left to the collector
        ByteBuffer x = pool.acquire(1 << 20);
        ByteBuffer y = pool.acquire(1 << 20);
        ByteBuffer z = pool.acquire(1 << 20);
        assertTrue((x == a || x == b) && (y == a || y == b) && x != y, "the two kept come back");
        assertTrue(z != a && z != b && z != c, "the third is new");
    }

    @Test
    void aBufferThePoolDidNotSizeIsNotKept() {
        BufferPool pool = new BufferPool(1 << 20, 4 << 20);
        ByteBuffer odd = NativeBlockDevice.alignedBuffer((1 << 20) + 4096); // BlockWrites' oversize block
        pool.release(odd);
        assertNotSame(odd, pool.acquire(1 << 20));
    }
}
