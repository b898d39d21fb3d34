package io.medallion.bench;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One timed stage of one contender at one size: wall time, the CPU time the benchmark's process
 * spent meanwhile (driver, executors, JIT and garbage collection together, since only this stage
 * runs; on a shared machine it varies far less than wall time), rows processed, input bytes, and
 * the largest heap still in use after a garbage collection while it ran (the live set, which is
 * what would grow if data were collected onto the driver).
 */
public record StageTiming(String size, String stage, String contender, Duration elapsed, Duration cpu, long rows, long inputBytes,
        long peakLiveHeapBytes) {
    public StageTiming {
        requireNonNull(size, "size is null");
        requireNonNull(stage, "stage is null");
        requireNonNull(contender, "contender is null");
        requireNonNull(elapsed, "elapsed is null");
        requireNonNull(cpu, "cpu is null");
    }

    /**
     * The run with the median wall time (of an even number, the slower of the middle two): on a
     * shared machine one stage's single runs differ by a fifth or more, enough to carry a ratio
     * across its target either way.
     */
    static StageTiming median(List<StageTiming> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to take the median of");
        }
        List<StageTiming> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(StageTiming::seconds));
        return sorted.get(sorted.size() / 2);
    }

    public double seconds() {
        return elapsed.toNanos() / 1e9;
    }

    public double cpuSeconds() {
        return cpu.toNanos() / 1e9;
    }

    public double rowsPerSecond() {
        return rows / Math.max(seconds(), 1e-9);
    }

    public double megabytesPerSecond() {
        return inputBytes / 1e6 / Math.max(seconds(), 1e-9);
    }
}
