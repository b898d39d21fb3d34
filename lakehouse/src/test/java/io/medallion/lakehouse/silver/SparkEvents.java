package io.medallion.lakehouse.silver;

import static org.apache.spark.sql.functions.col;

import io.medallion.lakehouse.silver.model.Event;
import io.medallion.lakehouse.silver.model.ValueOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The property tests' events as Spark rows (key case_id, k_str, k_int; sequence seq; values v_str,
 * v_int, v_dec; then _op), and silver tables read back as plain rows comparable with the model's.
 */
final class SparkEvents {
    static final StructType SCHEMA = new StructType()
            .add("case_id", DataTypes.IntegerType, false)
            .add("k_str", DataTypes.StringType)
            .add("k_int", DataTypes.IntegerType)
            .add("seq", DataTypes.LongType, false)
            .add("v_str", DataTypes.StringType)
            .add("v_int", DataTypes.IntegerType)
            .add("v_dec", DataTypes.createDecimalType(10, 2))
            .add(EventColumns.OPERATION, DataTypes.StringType, false);

    private SparkEvents() {}

    static Dataset<Row> dataset(SparkSession spark, List<Event> events) {
        List<Row> rows = new ArrayList<>();
        for (Event event : events) {
            List<Object> key = event.key();
            List<Object> values = event.values();
            rows.add(RowFactory.create(key.get(0), key.get(1), key.get(2), event.sequence(), values.get(0), values.get(1), values.get(2),
                    event.operation().key()));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }

    static Dataset<Row> empty(SparkSession spark) {
        return spark.createDataFrame(List.of(), SCHEMA);
    }

    /**
     * The table's rows, {@code columns} in order, sorted, with whole numbers as longs so that an int
     * and a long {@code version} column compare equal (the column types are checked on their own).
     */
    static List<List<Object>> rows(Dataset<Row> table, List<String> columns) {
        List<List<Object>> rows = new ArrayList<>();
        for (Row row : table.select(columns.stream().map(column -> col(column)).toArray(org.apache.spark.sql.Column[]::new)).collectAsList()) {
            List<Object> values = new ArrayList<>();
            for (int index = 0; index < row.size(); index++) {
                values.add(row.get(index));
            }
            rows.add(canonical(values));
        }
        rows.sort(ValueOrder.COLUMNS);
        return rows;
    }

    static List<Object> canonical(List<Object> row) {
        List<Object> canonical = new ArrayList<>();
        for (Object value : row) {
            canonical.add(value instanceof Integer || value instanceof Short || value instanceof Byte ? Long.valueOf(((Number) value).longValue()) : value);
        }
        return canonical;
    }
}
