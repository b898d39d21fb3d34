package io.medallion.lakehouse.bronze;

import static org.apache.spark.sql.functions.col;

import io.medallion.lakehouse.config.ColumnConfig;
import io.medallion.lakehouse.config.ColumnType;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.quality.rows.ColumnParsing;
import io.medallion.quality.rows.RowCheck;
import io.medallion.quality.rows.RowChecks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * A bronze table's declared columns compiled to Spark: the typed value of each column (parsed from
 * its text) and every row rule the config declares on it, plus the well-formed-record rule.
 */
final class TableRules {
    private final Map<String, Column> typed;
    private final List<RowCheck> checks;

    private TableRules(Map<String, Column> typed, List<RowCheck> checks) {
        this.typed = typed;
        this.checks = checks;
    }

    static TableRules of(TableConfig table) {
        RowChecks rules = new RowChecks(table.name());
        Map<String, Column> typed = new LinkedHashMap<>();
        List<RowCheck> checks = new ArrayList<>();
        checks.add(rules.wellFormed(MetadataColumns.CORRUPT_RECORD));
        for (ColumnConfig column : table.columns()) {
            ColumnType type = column.type();
            boolean text = type.kind() == ColumnType.Kind.STRING;
            Column value = text ? col(RowChecks.quote(column.name())) : ColumnParsing.typed(column.name(), type.sqlName(), column.format());
            typed.put(column.name(), value);
            if (column.required()) {
                checks.add(rules.required(column.name()));
            }
            if (!text) {
                checks.add(rules.parsesAs(column.name(), value, ColumnParsing.lossless(column.name(), type.sqlName(), value),
                        type.sqlName().toLowerCase(Locale.ROOT), column.format()));
            }
            if (column.min().isPresent() || column.max().isPresent()) {
                checks.add(rules.range(column.name(), value, column.min(), column.max()));
            }
            column.pattern().ifPresent(regex -> checks.add(rules.pattern(column.name(), regex)));
            if (!column.allowedValues().isEmpty()) {
                checks.add(rules.allowedValues(column.name(), column.allowedValues()));
            }
        }
        return new TableRules(typed, List.copyOf(checks));
    }

    List<RowCheck> checks() {
        return checks;
    }

    /** The typed value of a declared column. */
    Column typed(String column) {
        return typed.get(column);
    }
}
