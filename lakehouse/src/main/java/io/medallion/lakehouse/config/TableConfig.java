package io.medallion.lakehouse.config;

import static java.util.Objects.requireNonNull;

import io.medallion.quality.suite.CheckConfig;
import java.util.List;
import java.util.Optional;

/**
 * A table of one layer: its columns with their rules, its key, its partitioning, the source it loads
 * from (bronze) and, optionally, the catalog name it is registered under (Unity Catalog, Glue), which
 * then replaces the path under the lakehouse root. {@code schemaDrift} says what becomes of columns the
 * source sends that the table does not declare. {@code checks} are the quality checks every batch of
 * the table must pass (see {@link CheckConfig}); empty when the table declares none.
 */
public record TableConfig(
        String name,
        Layer layer,
        Optional<String> source,
        List<ColumnConfig> columns,
        List<String> keys,
        List<String> partitionBy,
        Optional<String> catalogName,
        SchemaDrift schemaDrift,
        List<CheckConfig> checks) {
    public TableConfig {
        requireNonNull(name, "name is null");
        requireNonNull(layer, "layer is null");
        requireNonNull(source, "source is null");
        columns = List.copyOf(columns);
        keys = List.copyOf(keys);
        partitionBy = List.copyOf(partitionBy);
        requireNonNull(catalogName, "catalogName is null");
        requireNonNull(schemaDrift, "schemaDrift is null");
        checks = List.copyOf(checks);
    }

    /** This table with {@code newChecks} instead of its checks. */
    public TableConfig withChecks(List<CheckConfig> newChecks) {
        return new TableConfig(name, layer, source, columns, keys, partitionBy, catalogName, schemaDrift, newChecks);
    }

    /**
     * The qualified names ({@code bronze.products}) of the tables this table's references checks
     * read, in check order without repeats: a run loads them before this table.
     */
    public List<String> referencedTables() {
        return checks.stream()
                .filter(CheckConfig.References.class::isInstance)
                .map(check -> ((CheckConfig.References) check).table())
                .distinct()
                .toList();
    }

    /** The names of the declared columns, in declared order. */
    public List<String> columnNames() {
        return columns.stream().map(ColumnConfig::name).toList();
    }

    /** {@code bronze.sales}: how logs, audit rows and errors name this table. */
    public String qualifiedName() {
        return layer.key() + "." + name;
    }
}
