package io.medallion.lakehouse.run;

import io.medallion.lakehouse.bronze.BronzeResult;
import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.export.ExportResult;
import io.medallion.lakehouse.gold.GoldResult;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.quality.QualityGates;
import io.medallion.lakehouse.silver.SilverResult;
import io.medallion.lakehouse.spark.SessionSettings;
import io.medallion.lakehouse.system.AuditLog;
import io.medallion.lakehouse.system.BatchContext;
import io.medallion.lakehouse.system.QualityResults;
import io.medallion.quality.gate.BatchGate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a pipeline's layers for one batch, one after the other: bronze ({@link BronzeStage}), silver
 * ({@link SilverStage}), gold ({@link GoldStage}), then the exports ({@link ExportStage}). A layer's
 * tables load several at a time, each after the tables it reads ({@link TableLoads}). A table that
 * fails is recorded as failed and the others still run; the run as a whole then fails. So is a table
 * whose quality gate blocks its batch, which commits nothing. A gold model that reads a table which
 * failed is not built. Every check's outcome goes to the quality results table and the run's quality
 * report, and each layer's audit and quality rows are written once the layer is done. A lakehouse
 * root that does not answer (one metadata request, before any table) fails the whole run at once
 * with an error naming the root.
 */
public final class PipelineRun {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRun.class);

    private final SparkSession spark;
    private final PipelineConfig config;
    private final LakehouseLayout layout;
    private final Map<String, String> environment;
    private final Function<TableConfig, BatchGate> gates;

    public PipelineRun(SparkSession spark, PipelineConfig config) {
        this(spark, config, System.getenv());
    }

    /**
     * A run whose tables are gated by the checks their config declares.
     *
     * @param environment where {@code MEDALLION_USER}, the name watermark changes are recorded under, is read
     */
    public PipelineRun(SparkSession spark, PipelineConfig config, Map<String, String> environment) {
        this(spark, config, environment, table -> QualityGates.forTable(spark, config, table, LakehouseLayout.at(config.root())));
    }

    /** @param gates the quality gate of each table, which decides whether a batch of it is committed */
    public PipelineRun(SparkSession spark, PipelineConfig config, Map<String, String> environment, Function<TableConfig, BatchGate> gates) {
        this.spark = spark;
        this.config = config;
        this.layout = LakehouseLayout.at(config.root());
        this.environment = Map.copyOf(environment);
        this.gates = gates;
    }

    public RunResult execute(RunOptions options) {
        return SessionSettings.during(spark, () -> executeBatch(options));
    }

    private RunResult executeBatch(RunOptions options) {
        int parallel = TableLoads.parallelism(spark); // a bad setting fails the run before it starts
        BatchContext batch = BatchContext.start(config.name(), options.ingestDate());
        LOG.info("Run {} of pipeline {} started: lakehouse {}, ingest date {}", batch.runId(), config.name(), layout.root(), batch.ingestDate());
        // Before any table: when the store does not answer, each table would fail alone after the
        // store's retries, and the audit log, which lives there too, could not say why.
        StoreProbe.checkAnswers(spark.sparkContext().hadoopConfiguration(), layout.root());
        BronzeStage bronze = new BronzeStage(spark, config, layout, environment, gates);
        bronze.checkSavedWatermarks(options);
        spark.sparkContext().setJobGroup("medallion-" + batch.runId(), "Medallion pipeline " + config.name() + " run " + batch.runId(), false);
        RunRecords records = new RunRecords(new AuditLog(spark, layout), new QualityResults(spark, layout), layout.root());
        List<TableOutcome<BronzeResult>> bronzeOutcomes = bronze.run(batch, options, records, parallel);
        records.flush();
        List<TableOutcome<SilverResult>> silverOutcomes = new SilverStage(spark, config, layout).run(batch, options, records, parallel);
        records.flush();
        // A model reading a bronze or silver table that failed in this run would build on its old rows: it waits for a good run.
        Set<String> failedTables = ConcurrentHashMap.newKeySet();
        Stream.concat(bronzeOutcomes.stream(), silverOutcomes.stream()).filter(outcome -> !outcome.succeeded()).forEach(outcome -> failedTables.add(outcome.table()));
        List<TableOutcome<GoldResult>> goldOutcomes = new GoldStage(spark, config, layout, gates).run(batch, options, records, parallel, failedTables);
        records.flush();
        List<TableOutcome<ExportResult>> exportOutcomes = new ExportStage(spark, config, layout).run(batch, options, records, parallel);
        records.flush();
        spark.sparkContext().clearJobGroup();
        List<QualityReport.Reported> reported = new ArrayList<>();
        bronzeOutcomes.forEach(outcome -> reported.add(QualityReport.Reported.of(outcome, BronzeResult::quality, result -> Optional.of(result.batchId()))));
        silverOutcomes.forEach(outcome -> reported.add(QualityReport.Reported.of(outcome, SilverResult::quality, result -> Optional.empty())));
        goldOutcomes.forEach(outcome -> reported.add(QualityReport.Reported.of(outcome, GoldResult::quality, result -> Optional.empty())));
        Optional<String> report = writeQualityReport(batch, reported.stream()
                .filter(table -> table.table().startsWith(Layer.BRONZE.key() + ".") || !table.committed() || !table.quality().outcomes().isEmpty())
                .toList());
        Duration duration = Duration.between(batch.startedAt(), Instant.now());
        RunResult result = new RunResult(batch.runId(), bronzeOutcomes, silverOutcomes, goldOutcomes, exportOutcomes, duration, report);
        LOG.info("Run {} of pipeline {} {} in {} s", batch.runId(), config.name(), result.succeeded() ? "succeeded" : "failed",
                duration.toMillis() / 1000.0);
        return result;
    }

    /**
     * Writes the run's quality report. A report that cannot be written does not undo what the run
     * committed: the failure is logged and the run's result says there is no report.
     */
    private Optional<String> writeQualityReport(BatchContext batch, List<QualityReport.Reported> tables) {
        try {
            String path = new QualityReport(batch, tables).writeTo(layout.reports(batch.runId()), spark.sparkContext().hadoopConfiguration());
            LOG.info("Run {}: quality report at {}", batch.runId(), path);
            return Optional.of(path);
        } catch (RuntimeException e) {
            LOG.error("Run {}: could not write the quality report: {}", batch.runId(), Errors.rootMessage(e));
            return Optional.empty();
        }
    }
}
