package io.medallion.lakehouse.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A whole pipeline, parsed and validated: its name, the lakehouse root all tables live under, its
 * sources, its bronze and gold tables ({@code tables}) and its silver tables, which are declared
 * differently (events from bronze tables, see {@link SilverTableConfig}); and the dbt models that
 * make its gold tables ({@link GoldModelConfig}), each with a gold table of its name; and the
 * databases tables are copied to after a run ({@link ExportTarget}). Built only by
 * {@link PipelineConfigLoader}, so an instance is always valid.
 */
public record PipelineConfig(String name, String file, String root, Map<String, SourceConfig> sources, List<TableConfig> tables,
        List<SilverTableConfig> silverTables, List<GoldModelConfig> goldModels, List<ExportTarget> exports) {
    public PipelineConfig {
        requireNonNull(name, "name is null");
        requireNonNull(file, "file is null");
        requireNonNull(root, "root is null");
        sources = java.util.Collections.unmodifiableMap(new TreeMap<>(sources));
        tables = List.copyOf(tables);
        silverTables = List.copyOf(silverTables);
        goldModels = List.copyOf(goldModels);
        exports = List.copyOf(exports);
    }

    /** The silver table declared as {@code name} under {@code silver:}. */
    public Optional<SilverTableConfig> silverTable(String name) {
        return silverTables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The bronze or gold tables of {@code layer}; silver tables are {@link #silverTables()}. */
    public List<TableConfig> tables(Layer layer) {
        return tables.stream().filter(t -> t.layer() == layer).toList();
    }

    public Optional<TableConfig> table(Layer layer, String tableName) {
        return tables(layer).stream().filter(t -> t.name().equals(tableName)).findFirst();
    }

    public SourceConfig source(String sourceName) {
        SourceConfig source = sources.get(sourceName);
        if (source == null) {
            throw new IllegalArgumentException("no source " + sourceName + " in pipeline " + name);
        }
        return source;
    }
}
