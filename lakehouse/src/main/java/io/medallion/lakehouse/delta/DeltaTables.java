package io.medallion.lakehouse.delta;

import io.delta.tables.DeltaTable;
import io.medallion.lakehouse.layout.TableRef;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Reads and writes Delta tables by {@link TableRef}, so path and catalog-name tables go through one
 * place. Every write is one Delta commit: readers see all of it or none of it.
 */
public final class DeltaTables {
    /** One lock per table written in turn, by catalog name or path. */
    private static final ConcurrentMap<String, Object> TURNS = new ConcurrentHashMap<>();

    private DeltaTables() {}

    public static boolean exists(SparkSession spark, TableRef table) {
        if (table.catalogName().isPresent()) {
            return spark.catalog().tableExists(table.catalogName().get());
        }
        return DeltaTable.isDeltaTable(spark, table.path());
    }

    public static Dataset<Row> read(SparkSession spark, TableRef table) {
        if (table.catalogName().isPresent()) {
            return spark.read().table(table.catalogName().get());
        }
        return spark.read().format("delta").load(table.path());
    }

    /**
     * Appends rows in one commit, creating the table (with its partitioning) on first write. Appends
     * from this JVM to one table take turns: tables loading side by side append to the same system
     * tables, and two first appends at once would both try to create the table, so one would fail.
     */
    public static void append(Dataset<Row> rows, TableRef table, List<String> partitionBy) {
        inTurn(table, () -> {
            save(writer(rows, partitionBy).mode(SaveMode.Append), table);
            return null;
        });
    }

    /**
     * Runs {@code work} while no other thread of this JVM runs work on the same table through this
     * method: for a check-then-write that two tables loading side by side could both make at once.
     */
    public static <T> T inTurn(TableRef table, Supplier<T> work) {
        synchronized (TURNS.computeIfAbsent(table.catalogName().orElse(table.path()), name -> new Object())) {
            return work.get();
        }
    }

    /** Replaces all rows of the table in one commit (earlier versions stay in its history), creating it on first write. */
    public static void overwrite(Dataset<Row> rows, TableRef table, List<String> partitionBy) {
        save(writer(rows, partitionBy).mode(SaveMode.Overwrite), table);
    }

    /**
     * Atomically replaces the rows matching {@code predicate} with {@code rows} (which must all match
     * it): rerunning the same input replaces its earlier rows instead of adding them twice. Creates
     * the table on first write. When no row matches, which Delta's file statistics usually tell
     * without reading data, it appends instead, which is a plain write rather than a rewrite.
     */
    public static void replaceWhere(SparkSession spark, Dataset<Row> rows, TableRef table, List<String> partitionBy, String predicate) {
        if (!holdsRowsMatching(spark, table, predicate)) {
            append(rows, table, partitionBy);
            return;
        }
        save(writer(rows, partitionBy).mode(SaveMode.Overwrite).option("replaceWhere", predicate), table);
    }

    /** Whether the table exists and holds a row matching {@code predicate}; file statistics usually answer without reading data. */
    public static boolean holdsRowsMatching(SparkSession spark, TableRef table, String predicate) {
        return exists(spark, table) && read(spark, table).filter(predicate).limit(1).count() > 0;
    }

    /** A row count among the operation metrics of the table's latest commit, e.g. {@code numOutputRows}; 0 when it has none. */
    public static long lastCommitCount(SparkSession spark, TableRef table, String metric) {
        return Long.parseLong(lastCommitMetrics(spark, table).getOrDefault(metric, "0"));
    }

    /** The operation metrics of the table's latest commit, e.g. {@code numOutputRows}. */
    public static Map<String, String> lastCommitMetrics(SparkSession spark, TableRef table) {
        Optional<Map<String, String>> fromLog = DeltaLogReads.lastCommitMetrics(spark, table);
        if (fromLog.isPresent()) {
            return fromLog.get();
        }
        Row last = forTable(spark, table).history(1).select("operationMetrics").head();
        Map<String, String> metrics = last.getJavaMap(0);
        return metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    /** The Delta API of an existing table, for updates and merges. */
    public static DeltaTable forTable(SparkSession spark, TableRef table) {
        return table.catalogName().isPresent() ? DeltaTable.forName(spark, table.catalogName().get()) : DeltaTable.forPath(spark, table.path());
    }

    /**
     * Adds the columns the table lacks, as nullable, in one metadata-only commit (none when it has
     * them all): an update can then set them, and rows written before read them as null.
     */
    public static void addMissingColumns(SparkSession spark, TableRef table, StructType columns) {
        Set<String> present = Set.of(read(spark, table).columns());
        List<String> missing = Arrays.stream(columns.fields()).filter(f -> !present.contains(f.name()))
                .map(f -> quote(f.name()) + " " + f.dataType().sql()).toList();
        if (missing.isEmpty()) {
            return;
        }
        spark.sql("ALTER TABLE " + sqlName(table) + " ADD COLUMNS (" + String.join(", ", missing) + ")");
    }

    /** How SQL names the table: its catalog name, or {@code delta.`path`}. */
    public static String sqlName(TableRef table) {
        return table.catalogName().orElseGet(() -> "delta." + quote(table.path()));
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    private static DataFrameWriter<Row> writer(Dataset<Row> rows, List<String> partitionBy) {
        // A column added to a table's config (or to Medallion's own columns) is added to the table on its next write.
        DataFrameWriter<Row> writer = rows.write().format("delta").option("mergeSchema", "true");
        return partitionBy.isEmpty() ? writer : writer.partitionBy(partitionBy.toArray(String[]::new));
    }

    private static void save(DataFrameWriter<Row> writer, TableRef table) {
        if (table.catalogName().isPresent()) {
            writer.saveAsTable(table.catalogName().get());
        } else {
            writer.save(table.path());
        }
    }
}
