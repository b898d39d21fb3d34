package io.medallion.bench;

import io.medallion.lakehouse.config.ColumnConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.TableRef;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * The floor: the least a Spark pipeline can do to turn the same CSV files into the same typed Delta
 * table, hand-written, with no validation, quarantine, manifest, ledger or audit. Spark's reader
 * types the columns itself (a bad value silently becomes null, which is exactly what Medallion
 * exists to prevent). Medallion's overhead is its time divided by this one's.
 */
final class FloorBronze {
    private final SparkSession spark;
    private final TableConfig table;

    FloorBronze(SparkSession spark, TableConfig table) {
        this.spark = spark;
        this.table = table;
    }

    /** Appends the files to the Delta table at {@code path} and returns the rows the commit wrote. */
    long load(List<String> files, String path) {
        StructType schema = new StructType();
        String timestampFormat = "yyyy-MM-dd HH:mm:ss";
        for (ColumnConfig column : table.columns()) {
            schema = schema.add(column.name(), DataType.fromDDL(column.type().sqlName()), true);
            if (column.format().isPresent()) {
                timestampFormat = column.format().get();
            }
        }
        spark.read().option("header", "true").option("timestampFormat", timestampFormat).schema(schema)
                .csv(files.toArray(String[]::new))
                .write().format("delta").mode("append").partitionBy(table.partitionBy().stream()
                        .filter(c -> !c.startsWith("_")).toArray(String[]::new))
                .save(path);
        return DeltaTables.lastCommitCount(spark, TableRef.atPath(path), "numOutputRows");
    }
}
