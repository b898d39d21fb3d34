package io.medallion.lakehouse.bronze;

import io.medallion.lakehouse.config.ColumnConfig;
import io.medallion.lakehouse.config.TableConfig;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How one file's columns differ from the table's declared ones: declared columns it lacks, columns it
 * has that are not declared, and columns whose type is not the declared one (formats that carry
 * types). Reported with the run so a person can decide whether to change the config.
 */
public record SchemaDifference(String file, List<String> missing, List<String> added, Map<String, String> retyped) {
    public SchemaDifference {
        missing = List.copyOf(missing);
        added = List.copyOf(added);
        retyped = Map.copyOf(retyped);
    }

    /** The difference between a file's columns (by top-level name) and the table's, if there is one. */
    static Optional<SchemaDifference> of(String file, TableConfig table, List<String> fileColumns) {
        return of(file, table, fileColumns, Map.of());
    }

    static Optional<SchemaDifference> of(String file, TableConfig table, List<String> fileColumns, Map<String, String> retyped) {
        Set<String> present = fileColumns.stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        Set<String> declaredRoots = table.columns().stream().map(SchemaDifference::root).collect(Collectors.toSet());
        List<String> missing = table.columns().stream().filter(c -> !present.contains(root(c))).map(ColumnConfig::name).toList();
        List<String> added = fileColumns.stream().filter(c -> !declaredRoots.contains(c.toLowerCase(Locale.ROOT))).toList();
        if (missing.isEmpty() && added.isEmpty() && retyped.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SchemaDifference(file, missing, added, retyped));
    }

    /** The top-level field a declared column is read from, lower case. */
    static String root(ColumnConfig column) {
        String path = column.sourcePath();
        int dot = path.indexOf('.');
        return (dot < 0 ? path : path.substring(0, dot)).toLowerCase(Locale.ROOT);
    }

    /** One line for people: {@code sales_2.csv: added [loyalty_tier]; missing [discount]; retyped {qty=string}}. */
    String describe() {
        StringBuilder text = new StringBuilder(file.substring(file.lastIndexOf('/') + 1)).append(':');
        if (!added.isEmpty()) {
            text.append(" added ").append(added).append(';');
        }
        if (!missing.isEmpty()) {
            text.append(" missing ").append(missing).append(';');
        }
        if (!retyped.isEmpty()) {
            text.append(" of another type than declared ").append(new java.util.TreeMap<>(retyped)).append(';');
        }
        return text.substring(0, text.length() - 1);
    }
}
