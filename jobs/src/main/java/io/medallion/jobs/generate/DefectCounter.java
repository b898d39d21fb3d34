package io.medallion.jobs.generate;

import java.util.EnumMap;
import java.util.Map;

/** Counts the defects injected into one file. Not thread-safe; one per file. */
final class DefectCounter {
    private final long[] counts = new long[DefectKind.values().length];

    void add(DefectKind kind) {
        counts[kind.ordinal()]++;
    }

    long count(DefectKind kind) {
        return counts[kind.ordinal()];
    }

    /** The counts, every kind present. */
    Map<DefectKind, Long> toMap() {
        Map<DefectKind, Long> map = new EnumMap<>(DefectKind.class);
        for (DefectKind kind : DefectKind.values()) {
            map.put(kind, counts[kind.ordinal()]);
        }
        return map;
    }
}
