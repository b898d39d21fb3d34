package io.medallion.lakehouse.run;

import io.medallion.lakehouse.config.SilverTableConfig;
import io.medallion.lakehouse.config.TableConfig;
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
 * their checks reference ({@code references}); silver tables the SCD2 tables their lookups read.
 * Tables that read each other in a cycle keep the config's order among themselves (the loader
 * rejects lookup cycles).
 */
final class LoadOrder {
    private LoadOrder() {}

    static List<TableConfig> of(List<TableConfig> tables) {
        return of(tables, TableConfig::qualifiedName, TableConfig::referencedTables);
    }

    static List<SilverTableConfig> ofSilver(List<SilverTableConfig> tables) {
        return of(tables, SilverTableConfig::name, table -> table.lookups().stream().map(SilverTableConfig.PointInTimeLookup::table).toList());
    }

    /**
     * Whether bronze table {@code later} must wait for {@code earlier} when tables load side by side
     * ({@link TableLoads}): it reads it, or it lands files from the same source into the same raw folder.
     */
    static boolean mustFollow(TableConfig later, TableConfig earlier) {
        return later.referencedTables().contains(earlier.qualifiedName()) || (later.source().isPresent() && later.source().equals(earlier.source()));
    }

    /** Whether silver table {@code later} must wait for {@code earlier}: its lookups read it. */
    static boolean mustFollow(SilverTableConfig later, SilverTableConfig earlier) {
        return later.lookups().stream().anyMatch(lookup -> lookup.table().equals(earlier.name()));
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
