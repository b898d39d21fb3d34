package io.medallion.bench;

import java.time.Duration;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/** Times one stage of one contender: wall and process CPU time, rows, and the peak live heap; prints a line as it ends. */
final class StageClock {
    private final SparkSession spark;
    private final String size;

    StageClock(SparkSession spark, String size) {
        this.spark = spark;
        this.size = size;
    }

    StageTiming time(String stage, String contender, long inputBytes, Supplier<Long> work) {
        spark.sparkContext().setJobGroup("bench-" + size + "-" + stage + "-" + contender, contender + " " + stage + " at " + size, false);
        HeapWatcher heap = HeapWatcher.start();
        long cpuStart = TimedGates.processCpuNanos();
        long start = System.nanoTime();
        long rows = work.get();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Duration cpu = Duration.ofNanos(TimedGates.processCpuNanos() - cpuStart);
        long peak = heap.stopAndGetPeakLiveBytes();
        spark.sparkContext().clearJobGroup();
        StageTiming timing = new StageTiming(size, stage, contender, elapsed, cpu, rows, inputBytes, peak);
        System.out.printf("  %-6s %-26s %-10s %8.1f s %8.1f s CPU %12d rows%n", size, stage, contender, timing.seconds(), timing.cpuSeconds(), rows);
        return timing;
    }
}
