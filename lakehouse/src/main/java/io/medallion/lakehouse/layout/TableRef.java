package io.medallion.lakehouse.layout;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Where a Delta table lives: a path under the lakehouse root, or a catalog name (Unity Catalog, Glue,
 * Hive metastore) when the table's config sets {@code catalog_name}. Readers and writers go through
 * {@link io.medallion.lakehouse.delta.DeltaTables}, which handles both forms.
 */
public record TableRef(String path, Optional<String> catalogName) {
    public TableRef {
        requireNonNull(path, "path is null");
        requireNonNull(catalogName, "catalogName is null");
    }

    public static TableRef atPath(String path) {
        return new TableRef(path, Optional.empty());
    }
}
