package dev.lablink.bench;

import java.util.Arrays;

/** Recorded request latencies in nanoseconds, and their percentiles in milliseconds. */
final class Latencies {
    private final long[] nanos;

    Latencies(long[] nanos) {
        this.nanos = nanos.clone();
        Arrays.sort(this.nanos);
    }

    double percentileMs(double percentile) {
        if (nanos.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * nanos.length) - 1;
        return nanos[Math.max(0, Math.min(index, nanos.length - 1))] / 1_000_000.0;
    }
}
