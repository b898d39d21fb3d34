package io.medallion.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.medallion.lakehouse.bronze.MetadataColumns;
import io.medallion.lakehouse.config.ColumnConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.TableRef;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
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
        return append(typed(files), path, table.partitionBy().stream().filter(c -> !c.startsWith("_")).toList());
    }

    /**
     * The same load with the five trace columns Medallion adds to every bronze row (the row's file,
     * and the batch's ingest date, batch id, run id and start time) and its partitioning by ingest
     * date, but still no validation: how much of Medallion's overhead is lineage alone. The values
     * are constants of one batch, as Medallion's are.
     */
    long loadWithTrace(List<String> files, String path, LocalDate ingestDate) {
        String runId = "20260201T000000Z-bench0";
        Dataset<Row> traced = typed(files)
                .withColumn(MetadataColumns.RESCUED_DATA, lit(null).cast(DataTypes.StringType))
                .withColumn(MetadataColumns.SOURCE_FILE, col("_metadata.file_path"))
                .withColumn(MetadataColumns.INGEST_DATE, lit(Date.valueOf(ingestDate)))
                .withColumn(MetadataColumns.BATCH_ID, lit(table.name() + "-" + runId))
                .withColumn(MetadataColumns.RUN_ID, lit(runId))
                .withColumn(MetadataColumns.INGESTED_AT, lit(Timestamp.valueOf(ingestDate.atStartOfDay())));
        return append(traced, path, table.partitionBy());
    }

    /** The files read by Spark's CSV reader with the declared types. */
    private Dataset<Row> typed(List<String> files) {
        StructType schema = new StructType();
        String timestampFormat = "yyyy-MM-dd HH:mm:ss";
        for (ColumnConfig column : table.columns()) {
            schema = schema.add(column.name(), DataType.fromDDL(column.type().sqlName()), true);
            if (column.format().isPresent()) {
                timestampFormat = column.format().get();
            }
        }
        return spark.read().option("header", "true").option("timestampFormat", timestampFormat).schema(schema)
                .csv(files.toArray(String[]::new));
    }

    private long append(Dataset<Row> rows, String path, List<String> partitionBy) {
        rows.write().format("delta").mode("append").partitionBy(partitionBy.toArray(String[]::new)).save(path);
        return DeltaTables.lastCommitCount(spark, TableRef.atPath(path), "numOutputRows");
    }
}
