package io.medallion.lakehouse.jdbc;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medallion.lakehouse.bronze.MetadataColumns;
import io.medallion.lakehouse.config.ColumnConfig;
import io.medallion.lakehouse.config.JdbcPartitioning;
import io.medallion.lakehouse.config.JdbcSourceConfig;
import io.medallion.lakehouse.config.JdbcUrls;
import io.medallion.lakehouse.config.Secret;
import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.config.WatermarkConfig;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.lakehouse.raw.LandedFile;
import io.medallion.lakehouse.raw.SourceFile;
import io.medallion.lakehouse.system.BatchContext;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts one batch of a JDBC source into raw, for bronze to load like any Parquet source. The
 * rows of {@link ExtractQuery} are read once and written as Parquet under
 * {@code raw/<source>/ingest_date=<date>/extract-<table>-<run id>/}, split in two folders:
 * {@code medallion_loaded_before=false} holds the rows bronze does not hold yet, which are returned
 * to load; {@code medallion_loaded_before=true} the row versions (key and watermark value) bronze
 * already holds, re-read by the look-back or after a run that failed past its bronze commit, which
 * are kept in raw but not loaded again. A manifest beside it records the query (no secrets), the
 * row counts and the watermark range. The next watermark is the greatest (timestamp, key) of the
 * rows read after the previous one; the caller saves it once bronze has committed.
 *
 * <p>Cost: one read of the query's rows from the database (with {@code partitioning}, that many
 * parallel range queries, each capped at the newest watermark value the bounds query saw, plus that
 * one min/max query); one join with bronze's keys of the look-back
 * window (a shuffle); one Parquet write; footer-only counts per file.
 */
public final class JdbcExtract {
    /** The column, and raw folder name, that tells re-read rows from new ones. */
    public static final String LOADED_BEFORE = "medallion_loaded_before";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcExtract.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEEN = "medallion_seen";
    private static final String QUARANTINED = "medallion_quarantined";
    /** Whether a held version's watermark value is exact (bronze) or cut to milliseconds (quarantine's JSON record). */
    private static final String EXACT = "medallion_exact";

    private final SparkSession spark;
    private final TableConfig table;
    private final SourceConfig source;
    private final JdbcSourceConfig jdbc;
    private final LakehouseLayout layout;
    private final TableRef bronze;

    public JdbcExtract(SparkSession spark, TableConfig table, SourceConfig source, LakehouseLayout layout) {
        this.spark = spark;
        this.table = table;
        this.source = source;
        this.jdbc = source.jdbc().orElseThrow(() -> new IllegalArgumentException("source " + source.name() + " is not a JDBC source"));
        this.layout = layout;
        this.bronze = layout.table(table);
    }

    /** What one extract read and landed, and where the watermark moves once bronze commits it. */
    public record Result(List<LandedFile> files, Optional<Watermark> from, Optional<Watermark> to, long rowsExtracted,
            long rowsLoadedBefore, String query) {
        public Result {
            files = List.copyOf(files);
        }
    }

    /**
     * Fails as bad config when a saved watermark has another number of key values than the source's
     * {@code watermark.key} (the key list was changed after it was saved): no extract can be placed after it.
     */
    public static void checkSavedWatermark(TableConfig table, SourceConfig source, Optional<Watermark> saved) {
        Optional<WatermarkConfig> configured = source.jdbc().flatMap(JdbcSourceConfig::watermark);
        saved.filter(w -> configured.isPresent() && w.keys().size() != configured.get().keys().size()).ifPresent(w -> {
            throw Errors.watermarkMismatch(table.qualifiedName(), source.name(), w.keys().size(), configured.get().keys().size());
        });
    }

    public Result execute(BatchContext batch, Optional<Watermark> from) {
        checkSavedWatermark(table, source, from);
        Optional<Watermark> after = jdbc.watermark().isPresent() ? from : Optional.empty();
        String query = ExtractQuery.sql(jdbc, after);
        String folder = layout.rawFolder(source.name()) + "/ingest_date=" + batch.ingestDate() + "/" + extractName(batch);
        LOG.info("Source {}: extracting for {} after watermark {}", source.name(), table.qualifiedName(),
                after.map(Watermark::describe).orElse("(none: all rows)"));
        LOG.debug("Source {}: query {}", source.name(), query);
        ZoneCheck.mismatch(ZoneId.systemDefault(), ZoneId.of(spark.conf().get("spark.sql.session.timeZone")))
                .ifPresent(problem -> LOG.warn("Source {}: {}", source.name(), problem));
        Instant extractedAt = Instant.now();
        JdbcRead read;
        try {
            read = plan(query);
            Dataset<Row> extracted = spark.read().format("jdbc").options(read.options()).load();
            withLoadedBefore(extracted, after).write().mode(SaveMode.Overwrite).partitionBy(LOADED_BEFORE).parquet(folder);
        } catch (Exception e) { // Spark throws SQLException and SparkException without declaring them
            throw Errors.jdbcExtractFailed(source.name(), jdbc.url(), e);
        }
        try {
            List<LandedFile> files = landedFiles(new Path(folder, LOADED_BEFORE + "=false"), batch);
            long rowsNew = files.stream().mapToLong(LandedFile::records).sum();
            long rowsLoadedBefore = rowsIn(new Path(folder, LOADED_BEFORE + "=true"));
            Optional<Watermark> to = rowsNew + rowsLoadedBefore == 0 ? after : nextWatermark(folder, after).or(() -> after);
            Result result = new Result(files, after, to, rowsNew + rowsLoadedBefore, rowsLoadedBefore, read.query());
            writeManifest(folder, batch, result, extractedAt);
            LOG.info("Source {}: extracted {} rows for {}, {} of them already in bronze; watermark {} -> {}", source.name(),
                    result.rowsExtracted(), table.qualifiedName(), rowsLoadedBefore, describe(after), describe(to));
            return result;
        } catch (IOException e) {
            throw Errors.storageFailed("list the extract of source " + source.name(), folder, e);
        }
    }

    /** The query a read runs and Spark's options for it: the extract query, capped when the read is partitioned. */
    private record JdbcRead(String query, Map<String, String> options) {}

    private JdbcRead plan(String query) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("url", jdbc.url());
        options.put("fetchsize", Integer.toString(jdbc.fetchSize()));
        jdbc.user().ifPresent(user -> options.put("user", user));
        password().ifPresent(password -> options.put("password", password.reveal()));
        jdbc.driver().ifPresent(driver -> options.put("driver", driver));
        String read = query;
        Optional<JdbcPartitioning> partitioning = jdbc.partitioning().filter(p -> p.partitions() > 1);
        if (partitioning.isPresent()) {
            String column = partitioning.get().column();
            Row bounds = spark.read().format("jdbc").options(options)
                    .option("dbtable", "(" + ExtractQuery.bounds(query, column, jdbc.watermark()) + ") medallion_bounds").load().head();
            if (!bounds.isNullAt(0)) {
                if (jdbc.watermark().isPresent() && !bounds.isNullAt(2)) {
                    read = ExtractQuery.upTo(query, jdbc.watermark().get(), bounds.getTimestamp(2).toLocalDateTime());
                    LOG.debug("Source {}: partitions read {}", source.name(), read);
                }
                options.put("partitionColumn", column);
                options.put("lowerBound", bounds.get(0).toString());
                options.put("upperBound", bounds.get(1).toString());
                options.put("numPartitions", Integer.toString(partitioning.get().partitions()));
            }
        }
        options.put("dbtable", "(" + read + ") medallion_extract");
        return new JdbcRead(read, options);
    }

    /** The password from the config (normally {@code ${VAR}}), else from the Spark conf. */
    private Optional<Secret> password() {
        String key = JdbcSourceConfig.passwordConfKey(source.name());
        return jdbc.password().or(() -> spark.conf().contains(key) ? Optional.of(new Secret(spark.conf().get(key))) : Optional.empty());
    }

    /**
     * The extracted rows with {@link #LOADED_BEFORE}: true where bronze already holds the row's key
     * and watermark value, or its quarantine does (a quarantined row re-read by the look-back would
     * otherwise be quarantined again at every run, and a replay would then load it twice; rules
     * changed since reach quarantined rows through {@code medallion quarantine replay}). Only rows of
     * the look-back window are joined, since every row the query returns has a timestamp at or after
     * the window's start.
     */
    private Dataset<Row> withLoadedBefore(Dataset<Row> extracted, Optional<Watermark> after) {
        Optional<Dataset<Row>> held = jdbc.watermark().isEmpty() ? Optional.empty() : heldVersions(jdbc.watermark().get());
        if (held.isEmpty()) {
            return extracted.withColumn(LOADED_BEFORE, lit(false));
        }
        WatermarkConfig watermark = jdbc.watermark().get();
        List<String> columns = ExtractQuery.orderColumns(watermark);
        Dataset<Row> versions = held.get();
        if (after.isPresent()) {
            versions = versions.filter(col(watermark.column()).geq(lit(Timestamp.valueOf(after.get().timestamp().minus(watermark.lookback())))));
        }
        List<Column> seen = new ArrayList<>(columns.stream().map(c -> col(c).as(SEEN + "_" + c)).toList());
        seen.add(col(EXACT));
        versions = versions.select(seen.toArray(Column[]::new)).distinct().withColumn(SEEN, lit(true));
        Column matches = lit(true);
        for (String column : columns) {
            Column value = extracted.col(column).cast(declaredType(column));
            Column heldValue = versions.col(SEEN + "_" + column);
            if (column.equals(watermark.column())) {
                // A quarantined row's time comes back from its JSON record in milliseconds: matched at that precision.
                matches = matches.and(date_trunc("MILLISECOND", value).equalTo(date_trunc("MILLISECOND", heldValue)))
                        .and(not(versions.col(EXACT)).or(value.equalTo(heldValue)));
            } else {
                matches = matches.and(value.equalTo(heldValue));
            }
        }
        Dataset<Row> joined = extracted.join(versions, matches, "left").withColumn(LOADED_BEFORE, coalesce(col(SEEN), lit(false)));
        for (String column : columns) {
            joined = joined.drop(SEEN + "_" + column);
        }
        return joined.drop(SEEN).drop(EXACT);
    }

    /**
     * The (watermark, key) versions bronze and its quarantine hold, typed as declared; empty when
     * neither table exists yet. Quarantined rows keep their values in their raw record (the row as
     * extracted, as JSON), read back here.
     */
    private Optional<Dataset<Row>> heldVersions(WatermarkConfig watermark) {
        List<String> columns = ExtractQuery.orderColumns(watermark);
        Dataset<Row> versions = null;
        if (DeltaTables.exists(spark, bronze)) {
            versions = DeltaTables.read(spark, bronze).select(columns.stream().map(c -> col(c)).toArray(Column[]::new)).withColumn(EXACT, lit(true));
        }
        TableRef quarantine = layout.quarantine(table);
        if (DeltaTables.exists(spark, quarantine)) {
            StructType asText = new StructType();
            for (String column : columns) {
                asText = asText.add(column, DataTypes.StringType, true);
            }
            Dataset<Row> quarantined = DeltaTables.read(spark, quarantine)
                    .select(from_json(col(MetadataColumns.RAW_RECORD), asText).as(QUARANTINED))
                    .select(columns.stream().map(c -> col(QUARANTINED + "." + c).cast(declaredType(c)).as(c)).toArray(Column[]::new))
                    .withColumn(EXACT, lit(false));
            versions = versions == null ? quarantined : versions.unionByName(quarantined);
        }
        return Optional.ofNullable(versions);
    }

    private DataType declaredType(String column) {
        return table.columns().stream().filter(c -> c.name().equals(column)).findFirst().map(ColumnConfig::type)
                .map(type -> DataType.fromDDL(type.sqlName())).orElseThrow();
    }

    /** The greatest (timestamp, key) among the landed rows after {@code after}, in one row brought to the driver. */
    private Optional<Watermark> nextWatermark(String folder, Optional<Watermark> after) {
        if (jdbc.watermark().isEmpty()) {
            return Optional.empty();
        }
        WatermarkConfig watermark = jdbc.watermark().get();
        Dataset<Row> rows = spark.read().parquet(folder);
        Column newer = after.isPresent() ? isAfter(watermark, after.get(), rows.schema()) : col(watermark.column()).isNotNull();
        List<String> columns = ExtractQuery.orderColumns(watermark);
        List<Row> last = rows.filter(newer).select(columns.stream().map(c -> col(c)).toArray(Column[]::new))
                .orderBy(columns.stream().map(c -> desc(c)).toArray(Column[]::new)).limit(1).collectAsList();
        if (last.isEmpty()) {
            return Optional.empty();
        }
        Row row = last.get(0);
        List<String> keys = new ArrayList<>();
        for (int i = 1; i < columns.size(); i++) {
            Object value = row.get(i);
            keys.add(value instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value));
        }
        return Optional.of(new Watermark(row.getTimestamp(0).toLocalDateTime(), keys));
    }

    /** Spark's form of {@link ExtractQuery#after}, for telling new rows from look-back rows in raw. */
    private static Column isAfter(WatermarkConfig watermark, Watermark position, StructType schema) {
        Column keysAfter = null;
        for (int i = watermark.keys().size() - 1; i >= 0; i--) {
            String key = watermark.keys().get(i);
            Column value = lit(position.keys().get(i)).cast(schema.apply(schema.fieldIndex(key)).dataType());
            keysAfter = keysAfter == null ? col(key).gt(value) : col(key).gt(value).or(col(key).equalTo(value).and(keysAfter));
        }
        Column timestamp = lit(Timestamp.valueOf(position.timestamp()));
        return col(watermark.column()).gt(timestamp).or(col(watermark.column()).equalTo(timestamp).and(keysAfter));
    }

    private List<LandedFile> landedFiles(Path folder, BatchContext batch) throws IOException {
        FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
        List<LandedFile> files = new ArrayList<>();
        if (!fs.exists(folder)) {
            return files;
        }
        for (FileStatus status : fs.listStatus(folder, path -> path.getName().endsWith(".parquet"))) {
            String path = fs.makeQualified(status.getPath()).toString();
            long records = spark.read().parquet(path).count();
            files.add(new LandedFile(new SourceFile(path, status.getLen(), status.getModificationTime()), path, "", records, -1,
                    batch.ingestDate()));
        }
        return files;
    }

    private long rowsIn(Path folder) throws IOException {
        FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
        return fs.exists(folder) ? spark.read().parquet(folder.toString()).count() : 0;
    }

    private void writeManifest(String folder, BatchContext batch, Result result, Instant extractedAt) throws IOException {
        Path manifest = new Path(layout.rawFolder(source.name()) + "/_manifests/ingest_date=" + batch.ingestDate(),
                extractName(batch) + ".json");
        ObjectNode node = JSON.createObjectNode();
        node.put("source", source.name());
        node.put("format", "jdbc");
        node.put("table", table.qualifiedName());
        node.put("url", JdbcUrls.withoutSecrets(jdbc.url()));
        node.put("query", result.query());
        node.put("raw_path", folder);
        node.put("rows_extracted", result.rowsExtracted());
        node.put("rows_loaded_before", result.rowsLoadedBefore());
        node.put("rows_to_load", result.rowsExtracted() - result.rowsLoadedBefore());
        node.put("files", result.files().size());
        node.put("watermark_from", describe(result.from()));
        node.put("watermark_to", describe(result.to()));
        node.put("ingest_date", batch.ingestDate().toString());
        node.put("run_id", batch.runId());
        node.put("extracted_at", extractedAt.toString());
        FileSystem fs = manifest.getFileSystem(spark.sparkContext().hadoopConfiguration());
        try (OutputStream out = fs.create(manifest, true)) {
            out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The extract's folder and manifest name. It names the table as well as the run because several
     * bronze tables may read one source in one run, and each extract's overwrite must not replace another's.
     */
    private String extractName(BatchContext batch) {
        return "extract-" + table.name() + "-" + batch.runId();
    }

    private static String describe(Optional<Watermark> watermark) {
        return watermark.map(Watermark::describe).orElse("(none)");
    }
}
