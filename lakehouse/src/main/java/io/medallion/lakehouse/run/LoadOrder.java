package io.medallion.lakehouse.run;

import io.medallion.lakehouse.config.GoldModelConfig;
import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.SilverTableConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.quality.suite.CheckConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The order a layer's tables load in: a table that reads another table of the layer loads after it,
 * so it sees this run's rows of it; otherwise the config's order. Bronze tables read the tables
 * their checks reference ({@code references}); silver tables the SCD2 tables their lookups read and
 * the silver tables their checks reference.
 * Tables that read each other in a cycle keep the config's order among themselves (the loader
 * rejects lookup cycles).
 */
final class LoadOrder {
    private LoadOrder() {}

    static List<TableConfig> of(List<TableConfig> tables) {
        return of(tables, TableConfig::qualifiedName, TableConfig::referencedTables);
    }

    static List<SilverTableConfig> ofSilver(List<SilverTableConfig> tables) {
        return of(tables, SilverTableConfig::qualifiedName, LoadOrder::silverTablesRead);
    }

    /** Gold models, each after the tables {@code waitsFor} names: the models it {@code ref}s, and those its tests check it against. */
    static List<GoldModelConfig> ofGold(List<GoldModelConfig> models, Function<GoldModelConfig, List<String>> waitsFor) {
        return of(models, GoldModelConfig::qualifiedName, waitsFor);
    }

    /**
     * Whether bronze table {@code later} must wait for {@code earlier} when tables load side by side
     * ({@link TableLoads}): it reads it, or it lands files from the same source into the same raw folder.
     */
    static boolean mustFollow(TableConfig later, TableConfig earlier) {
        return later.referencedTables().contains(earlier.qualifiedName()) || (later.source().isPresent() && later.source().equals(earlier.source()));
    }

    /** Whether silver table {@code later} must wait for {@code earlier}: its lookups or its {@code references} checks read it. */
    static boolean mustFollow(SilverTableConfig later, SilverTableConfig earlier) {
        return silverTablesRead(later).contains(earlier.qualifiedName());
    }

    /** The qualified names of the silver tables a silver table's lookups and {@code references} checks read. */
    private static List<String> silverTablesRead(SilverTableConfig table) {
        List<String> read = new ArrayList<>();
        table.lookups().forEach(lookup -> read.add(Layer.SILVER.key() + "." + lookup.table()));
        table.checks().stream().filter(CheckConfig.References.class::isInstance).map(check -> ((CheckConfig.References) check).table())
                .forEach(read::add);
        return read;
    }

    private static <T> List<T> of(List<T> tables, Function<T, String> name, Function<T, List<String>> reads) {
        Map<String, T> byName = new LinkedHashMap<>();
        tables.forEach(t -> byName.put(name.apply(t), t));
        List<T> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (T table : tables) {
            place(table, name, reads, byName, placed, new HashSet<>(), ordered);
        }
        return List.copyOf(ordered);
    }

    private static <T> void place(T table, Function<T, String> name, Function<T, List<String>> reads, Map<String, T> byName, Set<String> placed,
            Set<String> visiting, List<T> ordered) {
        if (placed.contains(name.apply(table)) || !visiting.add(name.apply(table))) {
            return;
        }
        for (String read : reads.apply(table)) {
            T first = byName.get(read);
            if (first != null) {
                place(first, name, reads, byName, placed, visiting, ordered);
            }
        }
        placed.add(name.apply(table));
        ordered.add(table);
    }
}
