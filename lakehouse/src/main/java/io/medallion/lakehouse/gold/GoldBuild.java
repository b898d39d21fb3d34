package io.medallion.lakehouse.gold;

import io.medallion.lakehouse.config.DbtTemplate;
import io.medallion.lakehouse.config.GoldModelConfig;
import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.Materialization;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.delta.DeltaVersions;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.lakehouse.system.BatchContext;
import io.medallion.lakehouse.system.BuiltFrom;
import io.medallion.quality.gate.BatchFacts;
import io.medallion.quality.gate.BatchGate;
import io.medallion.quality.gate.GateResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one dbt model of the gold layer on Spark: renders its SQL against the lakehouse's tables,
 * measures the result with the model's tests (an error-level failure writes nothing), and keeps it as
 * its materialization says: a table is replaced in one commit, an incremental model merges its
 * {@code is_incremental()} rows by {@code unique_key}, a view or ephemeral model becomes a temporary
 * view the models after it read. A model whose SQL and inputs have not changed since its last build
 * is left as it is, so a rerun commits nothing. The SQL's uncorrelated scalar subqueries are computed
 * before Spark plans it ({@link ScalarSubqueryValues}), so an incremental model's filter on
 * {@code (select max(...) from {{ this }})} lets Delta skip the files it rules out.
 */
public final class GoldBuild {
    private static final Logger LOG = LoggerFactory.getLogger(GoldBuild.class);

    private final SparkSession spark;
    private final PipelineConfig config;
    private final LakehouseLayout layout;
    private final BuiltFrom builtFrom;
    private final Map<String, GoldModelConfig> models = new LinkedHashMap<>();

    public GoldBuild(SparkSession spark, PipelineConfig config, LakehouseLayout layout) {
        this.spark = spark;
        this.config = config;
        this.layout = layout;
        this.builtFrom = new BuiltFrom(layout.system("gold_inputs"), spark.sparkContext().hadoopConfiguration());
        config.goldModels().forEach(model -> models.put(model.name(), model));
    }

    /**
     * Builds {@code model}, after the models it reads.
     *
     * @param fullRefresh rebuild an incremental model in full, and every model whatever its inputs
     */
    public GoldResult execute(GoldModelConfig model, BatchGate gate, BatchContext batch, boolean fullRefresh) {
        TableRef target = layout.table(Layer.GOLD, model.name());
        boolean exists = model.materialization().isWritten() && DeltaTables.exists(spark, target);
        DbtTemplate.Resolver resolver = resolver(model, target);
        String fullSql = model.template().render(resolver, false);
        String incrementalSql = model.template().render(resolver, true);
        String inputs = inputs(model, fullSql + "\n" + incrementalSql);
        if (exists && !fullRefresh && builtFrom.last(model.name()).filter(inputs::equals).isPresent()) {
            LOG.info("Gold {}: up to date ({})", model.qualifiedName(), inputs);
            return new GoldResult(model.name(), model.materialization(), GoldResult.Action.UP_TO_DATE, 0, inputs, GateResult.NO_CHECKS);
        }
        boolean incremental = model.materialization() == Materialization.INCREMENTAL && exists && !fullRefresh;
        String sql = incremental ? incrementalSql : fullSql;
        Dataset<Row> parsed;
        try {
            parsed = spark.sql(sql);
        } catch (Exception e) {  // AnalysisException (checked, undeclared), ParseException: the model's SQL
            throw Errors.jobFailed("gold model " + model.name() + " (" + model.file() + ") cannot run: " + Errors.rootMessage(e)
                    + ". Fix the model's SQL; it ran as:\n" + sql, e);
        }
        // Outside the try: computing the subqueries runs Spark jobs, whose failures (storage, executors)
        // are not the SQL's fault and fail the model as any of its jobs would.
        ScalarSubqueryValues.Inlined query = ScalarSubqueryValues.inline(spark, parsed);
        if (query.subqueries() > 0) {
            LOG.info("Gold {}: {} scalar subqueries computed before planning, so Delta can skip files with their values",
                    model.qualifiedName(), query.subqueries());
        }
        Dataset<Row> rows = query.query();
        boolean checked = gate != BatchGate.NONE;
        if (checked && model.materialization().isWritten()) {
            rows = rows.persist(StorageLevel.MEMORY_AND_DISK());  // measured, then written: computed once
        }
        try {
            // A dbt test selects the rows that fail it, so on a model without rows each one passes; Deequ's ratios
            // (uniqueness, completeness...) cannot be computed on no rows, and would block an incremental run with nothing new.
            boolean empty = checked && rows.isEmpty();
            if (empty) {
                LOG.info("Gold {}: no rows{}, so its tests have none to fail", model.qualifiedName(), incremental ? " to merge" : "");
            }
            GateResult quality = empty ? GateResult.NO_CHECKS : gate.evaluate(rows, new BatchFacts(model.qualifiedName(), Layer.GOLD.key(),
                    batch.runId(), batch.batchId(model.name()), batch.ingestDate(), batch.startedAt(), OptionalLong.empty()));
            if (quality.blocksCommit()) {
                return new GoldResult(model.name(), model.materialization(), GoldResult.Action.BLOCKED, 0, inputs, quality);
            }
            GoldResult result = empty && incremental ? new GoldResult(model.name(), model.materialization(), GoldResult.Action.MERGED, 0, inputs, quality)
                    : keep(model, rows, target, incremental, inputs, quality);
            if (model.materialization().isWritten()) {
                builtFrom.record(model.name(), inputs);
            }
            return result;
        } finally {
            if (checked) {
                rows.unpersist();
            }
        }
    }

    private GoldResult keep(GoldModelConfig model, Dataset<Row> rows, TableRef target, boolean incremental, String inputs, GateResult quality) {
        if (!model.materialization().isWritten()) {
            rows.createOrReplaceTempView(viewName(model.name()));
            return new GoldResult(model.name(), model.materialization(), GoldResult.Action.QUERY, 0, inputs, quality);
        }
        if (!incremental) {
            // The model's columns are whatever its SQL selects now: a changed model replaces the table's schema.
            writer(rows, model).mode(SaveMode.Overwrite).option("overwriteSchema", "true").save(target.path());
            long written = DeltaTables.lastCommitCount(spark, target, "numOutputRows");
            LOG.info("Gold {}: rebuilt, {} rows", model.qualifiedName(), written);
            return new GoldResult(model.name(), model.materialization(), GoldResult.Action.REBUILT, written, inputs, quality);
        }
        if (model.uniqueKey().isEmpty()) {
            writer(rows, model).mode(SaveMode.Append).option("mergeSchema", "true").save(target.path());
            long written = DeltaTables.lastCommitCount(spark, target, "numOutputRows");
            return new GoldResult(model.name(), model.materialization(), GoldResult.Action.MERGED, written, inputs, quality);
        }
        String on = model.uniqueKey().stream().map(key -> "t." + quote(key) + " <=> s." + quote(key)).collect(Collectors.joining(" AND "));
        DeltaTables.forTable(spark, target).as("t").merge(rows.as("s"), on).whenMatched().updateAll().whenNotMatched().insertAll().execute();
        Map<String, String> metrics = DeltaTables.lastCommitMetrics(spark, target);
        long written = Long.parseLong(metrics.getOrDefault("numTargetRowsInserted", "0")) + Long.parseLong(metrics.getOrDefault("numTargetRowsUpdated", "0"));
        LOG.info("Gold {}: merged {} rows by {}", model.qualifiedName(), written, model.uniqueKey());
        return new GoldResult(model.name(), model.materialization(), GoldResult.Action.MERGED, written, inputs, quality);
    }

    private static DataFrameWriter<Row> writer(Dataset<Row> rows, GoldModelConfig model) {
        DataFrameWriter<Row> writer = rows.write().format("delta");
        return model.partitionBy().isEmpty() ? writer : writer.partitionBy(model.partitionBy().toArray(String[]::new));
    }

    /** How the model's SQL names what it reads: Delta tables by path or catalog name, view models by their temporary view. */
    private DbtTemplate.Resolver resolver(GoldModelConfig model, TableRef target) {
        return new DbtTemplate.Resolver() {
            @Override
            public String ref(String name) {
                return models.get(name).materialization().isWritten() ? DeltaTables.sqlName(layout.table(Layer.GOLD, name)) : viewName(name);
            }

            @Override
            public String source(String source, String table) {
                return DeltaTables.sqlName(layout.table(config, model.sourceTables().get(source + "." + table)));
            }

            @Override
            public String self() {
                return DeltaTables.sqlName(target);
            }
        };
    }

    /**
     * The model's SQL (by digest), materialization and key, and the current version of every table it
     * reads, through the view models it reads, with their SQL: what its table was built from. A view
     * or ephemeral model's SQL is part of every model reading it, which it is rendered into.
     *
     * @param rendered the model's SQL as both its full and its incremental build render it
     */
    private String inputs(GoldModelConfig model, String rendered) {
        TreeSet<String> versions = new TreeSet<>();
        tablesRead(model, versions);
        // Its tests too: a test added or changed, or a table a relationships test checks against, is measured again.
        Optional<TableConfig> tested = config.table(Layer.GOLD, model.name());
        tested.map(TableConfig::referencedTables).orElse(List.of()).forEach(referenced -> versions.add(versionOf(referenced)));
        return "sql " + digest(rendered + model.materialization() + model.uniqueKey() + model.partitionBy() + tested.map(TableConfig::checks).orElse(List.of()))
                + "; " + String.join(", ", versions);
    }

    private void tablesRead(GoldModelConfig model, TreeSet<String> versions) {
        for (String read : model.reads()) {
            String name = read.substring(read.indexOf('.') + 1);
            GoldModelConfig readModel = read.startsWith(Layer.GOLD.key() + ".") ? models.get(name) : null;
            if (readModel != null && !readModel.materialization().isWritten()) {
                versions.add(read + " sql " + digest(readModel.template().render(resolver(readModel, layout.table(Layer.GOLD, name)), false)));
                tablesRead(readModel, versions);
            } else {
                versions.add(versionOf(read));
            }
        }
    }

    /** {@code gold.daily_sales@12}: a table read, by its qualified name, at its current version ({@code none} before its first build). */
    private String versionOf(String qualified) {
        TableRef table = qualified.startsWith(Layer.GOLD.key() + ".") ? layout.table(Layer.GOLD, qualified.substring(qualified.indexOf('.') + 1))
                : layout.table(config, qualified);
        return qualified + "@" + (DeltaTables.exists(spark, table) ? DeltaVersions.current(spark, table) : "none");
    }

    /** The temporary view a view or ephemeral model is read through, named so it cannot meet a user's own views. */
    static String viewName(String model) {
        return "medallion_gold_" + model;
    }

    private static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
