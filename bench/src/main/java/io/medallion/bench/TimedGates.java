package io.medallion.bench;

import io.medallion.lakehouse.config.TableConfig;
import io.medallion.quality.gate.BatchGate;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.Function;

/**
 * The tables' real quality gates, timed: the wall and process CPU time spent inside them, summed
 * since the last {@link #reset}, so the benchmark can report the gates' share of a run.
 */
final class TimedGates implements Function<TableConfig, BatchGate> {
    private final Function<TableConfig, BatchGate> gates;
    private long wallNanos;
    private long cpuNanos;

    TimedGates(Function<TableConfig, BatchGate> gates) {
        this.gates = gates;
    }

    @Override
    public BatchGate apply(TableConfig table) {
        BatchGate gate = gates.apply(table);
        if (gate == BatchGate.NONE) {
            return gate;
        }
        return (rows, facts) -> {
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            try {
                return gate.evaluate(rows, facts);
            } finally {
                wallNanos += System.nanoTime() - start;
                cpuNanos += processCpuNanos() - cpuStart;
            }
        };
    }

    void reset() {
        wallNanos = 0;
        cpuNanos = 0;
    }

    Duration wall() {
        return Duration.ofNanos(wallNanos);
    }

    Duration cpu() {
        return Duration.ofNanos(cpuNanos);
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
