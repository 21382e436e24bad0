package io.volrep.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesAreWithinOneSixteenthAboveTheExactValue() {
        Random rnd = new Random(1);
        long[] samples = new long[100_000];
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < samples.length; i++) {
            samples[i] = 1 + (long) Math.exp(rnd.nextDouble() * 20); // 1 ns .. ~0.5 s, log-spread
            h.record(samples[i]);
        }
        Arrays.sort(samples);
        for (double p : new double[] {0.01, 0.5, 0.9, 0.99, 0.999}) {
            long exact = samples[(int) Math.ceil(p * samples.length) - 1];
            long got = h.percentile(p);
            assertTrue(got >= exact && got <= exact + exact / 16 + 1, "p" + p + ": exact " + exact + ", got " + got);
        }
        assertEquals(samples[samples.length - 1], h.max());
        assertEquals(samples[samples.length - 1], h.percentile(1.0));
        assertEquals(samples.length, h.count());
    }

    @Test
    void bucketsAreContiguousAndBoundsContainTheirValues() {
        for (long v = 1; v < 1L << 40; v = v * 3 / 2 + 1) {
            int i = LatencyHistogram.index(v);
            assertTrue(v <= LatencyHistogram.upperBound(i), "v " + v);
            assertTrue(i == 0 || v > LatencyHistogram.upperBound(i - 1), "v " + v);
        }
        assertEquals(0, new LatencyHistogram().percentile(0.5));
    }
}
