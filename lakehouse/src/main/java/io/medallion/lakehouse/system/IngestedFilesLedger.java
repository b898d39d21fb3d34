package io.medallion.lakehouse.system;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.lakehouse.raw.Checksums;
import io.medallion.lakehouse.raw.LandedFile;
import io.medallion.lakehouse.raw.SourceFile;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The processed-files ledger, a Delta table at {@code _system/ingested_files}: one row per source file
 * a table has committed, written only after the table's batch commits, and a mark (empty paths) per
 * {@code state reset}. A rerun skips a file whose path, size and modification time are in it since
 * the table's last reset, without reading the file again.
 */
public final class IngestedFilesLedger {
    static final StructType SCHEMA = new StructType()
            .add("table_name", DataTypes.StringType, false)
            .add("source", DataTypes.StringType, false)
            .add("source_path", DataTypes.StringType, false)
            .add("size", DataTypes.LongType, false)
            .add("modification_time", DataTypes.LongType, false)
            .add("sha256", DataTypes.StringType, false)
            .add("raw_path", DataTypes.StringType, false)
            .add("records", DataTypes.LongType, false)
            .add("ingest_date", DataTypes.DateType, false)
            .add("batch_id", DataTypes.StringType, false)
            .add("run_id", DataTypes.StringType, false)
            .add("ingested_at", DataTypes.TimestampType, false);

    /** The source path, raw path and batch of the row `state reset` appends: no file has an empty path. */
    private static final String RESET_MARK = "";

    private final SparkSession spark;
    private final TableRef table;

    public IngestedFilesLedger(SparkSession spark, LakehouseLayout layout) {
        this.spark = spark;
        this.table = TableRef.atPath(layout.system("ingested_files"));
    }

    /**
     * What the ledger holds of some tables' candidate files, read in one query for all of them: a run's
     * tables would otherwise each replay the ledger's log at the same moment.
     *
     * @param candidatesByTable each table's files, by the table's qualified name
     */
    public Held held(Map<String, List<SourceFile>> candidatesByTable) {
        List<String> paths = candidatesByTable.values().stream().flatMap(List::stream).map(SourceFile::path).distinct().toList();
        if (paths.isEmpty() || !DeltaTables.exists(spark, table)) {
            return new Held(Map.of());
        }
        // Only the rows of these tables for the listed paths, and their reset marks, reach the driver: about one per candidate.
        List<Row> rows = DeltaTables.read(spark, table)
                .filter(col("table_name").isin(candidatesByTable.keySet().toArray())
                        .and(col("source_path").isin(paths.toArray()).or(col("source_path").equalTo(lit(RESET_MARK)))))
                .select("table_name", "source_path", "size", "modification_time", "sha256", "ingested_at")
                .collectAsList();
        Map<String, Timestamp> resets = new HashMap<>();
        rows.stream().filter(row -> row.getString(1).equals(RESET_MARK))
                .forEach(row -> resets.merge(row.getString(0), row.getTimestamp(5), (a, b) -> a.after(b) ? a : b));
        Map<String, List<HeldFile>> byTable = new HashMap<>();
        for (Row row : rows) {
            Timestamp reset = resets.get(row.getString(0));
            if (row.getString(1).equals(RESET_MARK) || (reset != null && !row.getTimestamp(5).after(reset))) {
                continue; // forgotten by `state reset`: ingested again
            }
            byTable.computeIfAbsent(row.getString(0), name -> new ArrayList<>())
                    .add(new HeldFile(new SourceFile(row.getString(1), row.getLong(2), row.getLong(3)), row.getString(4)));
        }
        return new Held(byTable);
    }

    /** A file a table committed, as the ledger recorded it, with its content's checksum. */
    private record HeldFile(SourceFile file, String sha256) {}

    /** The ledger's rows of some tables' candidate files, read by {@link #held}. */
    public final class Held {
        private final Map<String, List<HeldFile>> byTable;

        private Held(Map<String, List<HeldFile>> byTable) {
            this.byTable = byTable;
        }

        /**
         * The files of {@code candidates} (among those {@link #held} was given for the table) that
         * {@code tableName} has not committed yet. A file whose path, size and modification time are in
         * the ledger is skipped unread; one whose path and size match but whose time differs (copied
         * again, touched) is checksummed and skipped when its content is the same.
         */
        public List<SourceFile> notYetIngested(String tableName, List<SourceFile> candidates) {
            Set<SourceFile> ingested = new HashSet<>();
            Map<String, Set<String>> checksumsByPathAndSize = new HashMap<>();
            for (HeldFile held : byTable.getOrDefault(tableName, List.of())) {
                ingested.add(held.file());
                checksumsByPathAndSize.computeIfAbsent(held.file().path() + "|" + held.file().size(), k -> new HashSet<>()).add(held.sha256());
            }
            List<SourceFile> fresh = new ArrayList<>();
            for (SourceFile file : candidates) {
                if (ingested.contains(file)) {
                    continue;
                }
                Set<String> checksums = checksumsByPathAndSize.get(file.path() + "|" + file.size());
                if (checksums != null && checksums.contains(Checksums.sha256(spark.sparkContext().hadoopConfiguration(), file.path()))) {
                    continue;
                }
                fresh.add(file);
            }
            return fresh;
        }
    }

    /**
     * The raw copies {@code tableName} committed: what a backfill or a full refresh may load again.
     * One short path per committed file reaches the driver, as raw's manifests do for the same reload.
     */
    public Set<String> committedRawPaths(String tableName) {
        if (!DeltaTables.exists(spark, table)) {
            return Set.of();
        }
        Set<String> paths = new HashSet<>();
        DeltaTables.read(spark, table).filter(col("table_name").equalTo(lit(tableName)).and(col("raw_path").notEqual(lit(RESET_MARK))))
                .select("raw_path").distinct()
                .collectAsList().forEach(row -> paths.add(row.getString(0)));
        return paths;
    }

    /** How many files {@code tableName} has committed since its state was last reset. */
    public long count(String tableName) {
        if (!DeltaTables.exists(spark, table)) {
            return 0;
        }
        Dataset<Row> rows = DeltaTables.read(spark, table).filter(col("table_name").equalTo(lit(tableName)));
        Row reset = rows.filter(col("source_path").equalTo(lit(RESET_MARK))).agg(max(col("ingested_at"))).first();
        Dataset<Row> files = rows.filter(col("source_path").notEqual(lit(RESET_MARK)));
        return (reset.isNullAt(0) ? files : files.filter(col("ingested_at").gt(lit(reset.getTimestamp(0))))).count();
    }

    /**
     * Forgets every file {@code tableName} committed, so the next run ingests them again (their rows
     * replace the earlier ones in bronze), by appending a reset mark that {@link #held} reads past.
     * The rows stay: they are what tells a backfill or full refresh which of raw's copies the table
     * committed ({@link #committedRawPaths}), and a landing folder emptied after ingestion cannot
     * give those files again. Returns how many were forgotten.
     */
    public long forget(String tableName) {
        long files = count(tableName);
        if (files > 0) {
            Timestamp now = Timestamp.from(Instant.now());
            Row mark = RowFactory.create(tableName, RESET_MARK, RESET_MARK, 0L, 0L, "", RESET_MARK, 0L, new Date(now.getTime()), RESET_MARK,
                    RESET_MARK, now);
            DeltaTables.append(spark.createDataFrame(List.of(mark), SCHEMA), table, List.of());
        }
        return files;
    }

    public void record(String tableName, String source, List<LandedFile> files, BatchContext batch) {
        if (files.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Row> rows = files.stream().map(f -> RowFactory.create(
                tableName, source, f.source().path(), f.source().size(), f.source().modificationTime(), f.sha256(),
                f.rawPath(), f.records(), Date.valueOf(f.ingestDate()), batch.batchId(tableName), batch.runId(), now)).toList();
        Dataset<Row> frame = spark.createDataFrame(rows, SCHEMA);
        DeltaTables.append(frame, table, List.of());
    }
}
