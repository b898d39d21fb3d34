package io.medallion.lakehouse.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.medallion.quality.rows.RowChecks;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;

/**
 * The {@code _rescued_data} column: the columns a record brought that the table does not declare, as a
 * JSON object of name to value, or null when it brought none. Kept in bronze (and quarantine), so a
 * source that adds a column loses no value before the config declares it.
 */
final class RescuedData {
    private RescuedData() {}

    /** The named columns of the rows, as JSON when any of them holds a value. */
    static Column ofColumns(List<String> columns) {
        if (columns.isEmpty()) {
            return lit(null).cast("string").as(MetadataColumns.RESCUED_DATA);
        }
        Column anyValue = columns.stream().map(c -> col(RowChecks.quote(c)).isNotNull()).reduce(Column::or).orElseThrow();
        Column object = to_json(struct(columns.stream().map(c -> col(RowChecks.quote(c)).as(c)).toArray(Column[]::new)));
        return when(anyValue, object).as(MetadataColumns.RESCUED_DATA);
    }

    /**
     * The top-level fields of a JSON object text that are not among {@code declared}, as JSON, values
     * as text (strings unquoted, objects and arrays as JSON). Evaluated only on rows with such fields.
     */
    static Column ofJsonObject(String textColumn, Collection<String> declared) {
        String known = declared.stream().map(f -> "'" + f.replace("\\", "\\\\").replace("'", "\\'") + "'").collect(Collectors.joining(", "));
        String extra = "array_except(json_object_keys(" + RowChecks.quote(textColumn) + "), array(" + known + "))";
        return expr("CASE WHEN size(" + extra + ") > 0 THEN to_json(map_from_arrays(" + extra + ", transform(" + extra
                + ", k -> get_json_object(" + RowChecks.quote(textColumn) + ", concat('$[\\'', k, '\\']'))))) END")
                .as(MetadataColumns.RESCUED_DATA);
    }
}
