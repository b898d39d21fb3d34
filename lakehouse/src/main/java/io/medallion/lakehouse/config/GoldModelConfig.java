package io.medallion.lakehouse.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * A dbt model of the gold layer: its SQL, how it is kept, and what it reads.
 *
 * @param file the model's file, for messages
 * @param uniqueKey an incremental model's key: rows of the new result replace the table's rows with the same key
 * @param reads the qualified names ({@code silver.fact_sales}, {@code gold.daily_sales}) of the tables and
 *     models it reads, which load before it; its template's {@code source()} and {@code ref()} resolve to them
 * @param sourceTables each {@code source.table} the template names, with the qualified table it reads
 * @param fullRefresh dbt's {@code full_refresh} setting: false keeps an incremental model's table through
 *     {@code --full-refresh}, built as any run builds it
 */
public record GoldModelConfig(String name, String file, DbtTemplate template, Materialization materialization, List<String> uniqueKey,
        List<String> partitionBy, List<String> reads, Map<String, String> sourceTables, boolean fullRefresh) {
    public GoldModelConfig {
        requireNonNull(name, "name is null");
        requireNonNull(file, "file is null");
        requireNonNull(template, "template is null");
        requireNonNull(materialization, "materialization is null");
        uniqueKey = List.copyOf(uniqueKey);
        partitionBy = List.copyOf(partitionBy);
        reads = List.copyOf(reads);
        sourceTables = Map.copyOf(sourceTables);
    }

    /** Whether {@code --full-refresh} rebuilds it: dbt reads {@code full_refresh: false} only for incremental models. */
    public boolean rebuiltByFullRefresh() {
        return fullRefresh || materialization != Materialization.INCREMENTAL;
    }

    /** {@code gold.daily_sales}: how logs, audit rows and errors name this model. */
    public String qualifiedName() {
        return Layer.GOLD.key() + "." + name;
    }
}
