package io.medallion.jobs.generate;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@link RetailGenerator} wrote.
 *
 * @param files every file, grouped by source in the order sales, inventory, customers, products,
 *     campaigns, and by day within a source
 * @param rowsBySource data rows per source, summed over days, in the same source order
 * @param defectsByKind the exact number of injected defects per {@link DefectKind#key() kind},
 *     every kind present (zero when none), summed over sales and inventory
 * @param bytesWritten total size of all files
 */
public record GenerationResult(
        List<GeneratedFile> files, Map<String, Long> rowsBySource, Map<String, Long> defectsByKind, long bytesWritten) {

    public GenerationResult {
        files = List.copyOf(requireNonNull(files, "files is null"));
        // Copied into linked maps, not Map.copyOf, so that reports list sources and kinds in a fixed order.
        rowsBySource = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(rowsBySource, "rowsBySource is null")));
        defectsByKind = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(defectsByKind, "defectsByKind is null")));
    }

    /** Defects that bronze quarantines: wrong types, missing fields, malformed timestamps, out-of-range values. */
    public long quarantinableDefects() {
        long total = 0;
        for (DefectKind kind : DefectKind.values()) {
            if (kind.isQuarantinedByBronze()) {
                total += defectsByKind.getOrDefault(kind.key(), 0L);
            }
        }
        return total;
    }
}
