package io.medallion.lakehouse.run;

import io.medallion.lakehouse.config.TableConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order a layer's tables load in: a table whose checks read another table of the layer
 * ({@code references}) loads after it, so the check sees this run's rows of it; otherwise the config's
 * order. Tables that reference each other in a cycle keep the config's order among themselves.
 */
final class LoadOrder {
    private LoadOrder() {}

    static List<TableConfig> of(List<TableConfig> tables) {
        Map<String, TableConfig> byName = new LinkedHashMap<>();
        tables.forEach(t -> byName.put(t.qualifiedName(), t));
        List<TableConfig> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (TableConfig table : tables) {
            place(table, byName, placed, new HashSet<>(), ordered);
        }
        return List.copyOf(ordered);
    }

    private static void place(TableConfig table, Map<String, TableConfig> byName, Set<String> placed, Set<String> visiting,
            List<TableConfig> ordered) {
        if (placed.contains(table.qualifiedName()) || !visiting.add(table.qualifiedName())) {
            return;
        }
        for (String referenced : table.referencedTables()) {
            TableConfig first = byName.get(referenced);
            if (first != null) {
                place(first, byName, placed, visiting, ordered);
            }
        }
        placed.add(table.qualifiedName());
        ordered.add(table);
    }
}
