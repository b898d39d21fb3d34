package io.medallion.lakehouse.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import io.medallion.lakehouse.config.ColumnConfig;
import io.medallion.lakehouse.config.ColumnType;
import io.medallion.lakehouse.config.SchemaDrift;
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
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * A bronze table's declared columns compiled to Spark: the typed value of each column and every row
 * rule the config declares on it, plus the well-formed-record rule. How a value is typed depends on
 * how it arrived: text is parsed (with the column's datetime format, or as JSON for nested types),
 * a value of another type (Parquet, Avro) is converted.
 */
final class TableRules {
    private final Map<String, Column> typed;
    private final List<RowCheck> checks;

    private TableRules(Map<String, Column> typed, List<RowCheck> checks) {
        this.typed = typed;
        this.checks = checks;
    }

    /**
     * @param input the schema of the rows as the source reader gives them. The rules read each typed
     *     value from its own column ({@link #typedColumn}), which {@link #typedValues} adds first: a
     *     value is then parsed once per row, not once per rule that needs it.
     */
    static TableRules of(TableConfig table, StructType input) {
        RowChecks rules = new RowChecks(table.name());
        Map<String, Column> typed = new LinkedHashMap<>();
        List<RowCheck> checks = new ArrayList<>();
        checks.add(rules.wellFormed(MetadataColumns.CORRUPT_RECORD));
        if (table.schemaDrift() == SchemaDrift.REJECT) {
            Column rescued = col(MetadataColumns.RESCUED_DATA);
            checks.add(new RowCheck(table.name() + "._record.undeclared_columns", "undeclared_columns", "", rescued.isNotNull(), rescued,
                    "the record has columns the table does not declare; declare them, or set schema_drift: rescue"));
        }
        for (ColumnConfig column : table.columns()) {
            ColumnType type = column.type();
            boolean arrivedAsText = input.apply(column.name()).dataType() instanceof StringType;
            typed.put(column.name(), typedValue(column, arrivedAsText));
            Column value = col(RowChecks.quote(typedColumn(column.name())));
            // A key identifies its row downstream; a row without one can never be matched, so keys are always required.
            if (column.required() || table.keys().contains(column.name())) {
                checks.add(rules.required(column.name()));
            }
            if (!type.isText() || !arrivedAsText) {
                checks.add(rules.parsesAs(column.name(), value, ColumnParsing.lossless(column.name(), type.sqlName(), value),
                        type.kind() == ColumnType.Kind.NESTED ? type.sqlName() : type.sqlName().toLowerCase(Locale.ROOT), column.format()));
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

    /** The name of the column holding a declared column's typed value while a batch is validated. */
    static String typedColumn(String column) {
        return "__typed_" + column;
    }

    /** The typed value of every declared column, each as its {@link #typedColumn}, to add to the rows before the rules run. */
    Column[] typedValues() {
        return typed.entrySet().stream().map(e -> e.getValue().as(typedColumn(e.getKey()))).toArray(Column[]::new);
    }

    private static Column typedValue(ColumnConfig column, boolean arrivedAsText) {
        ColumnType type = column.type();
        String name = column.name();
        if (type.kind() == ColumnType.Kind.JSON) {
            return arrivedAsText ? col(RowChecks.quote(name)) : to_json(col(RowChecks.quote(name)));
        }
        if (!arrivedAsText) {
            return ColumnParsing.convert(name, type.sqlName());
        }
        if (type.kind() == ColumnType.Kind.STRING) {
            return col(RowChecks.quote(name));
        }
        if (type.kind() == ColumnType.Kind.NESTED) {
            return ColumnParsing.parseJsonText(name, DataType.fromDDL(type.sqlName()));
        }
        return ColumnParsing.parseText(name, type.sqlName(), column.format());
    }

    List<RowCheck> checks() {
        return checks;
    }

}
