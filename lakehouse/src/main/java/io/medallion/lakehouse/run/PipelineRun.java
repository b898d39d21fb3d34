package io.medallion.lakehouse.run;

import io.medallion.lakehouse.bronze.BronzeIngest;
import io.medallion.lakehouse.bronze.BronzeResult;
import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.raw.LandedFile;
import io.medallion.lakehouse.raw.RawLanding;
import io.medallion.lakehouse.raw.SourceFile;
import io.medallion.lakehouse.system.AuditEntry;
import io.medallion.lakehouse.system.AuditLog;
import io.medallion.lakehouse.system.BatchContext;
import io.medallion.lakehouse.system.IngestedFilesLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a pipeline's layers for one batch: for each bronze table, finds the source files it has not
 * committed, lands them in raw, loads them into bronze and quarantine, then records them in the
 * processed-files ledger and the audit log. A table that fails is recorded as failed and the others
 * still run; the run as a whole then fails. A lakehouse root that does not answer (one metadata
 * request, before any table) fails the whole run at once with an error naming the root.
 */
public final class PipelineRun {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRun.class);
    private static final String TIME_PARSER_POLICY = "spark.sql.legacy.timeParserPolicy";

    private final SparkSession spark;
    private final PipelineConfig config;
    private final LakehouseLayout layout;

    public PipelineRun(SparkSession spark, PipelineConfig config) {
        this.spark = spark;
        this.config = config;
        this.layout = LakehouseLayout.at(config.root());
    }

    public RunResult execute(RunOptions options) {
        // Declared datetime formats are parsed by today's rules only: under Spark's default policy a
        // value the old parser would read differently fails the whole query instead of its row. The
        // session's own setting is put back afterwards, since the session may be the caller's.
        String timeParserPolicy = spark.conf().get(TIME_PARSER_POLICY, "EXCEPTION");
        spark.conf().set(TIME_PARSER_POLICY, "CORRECTED");
        try {
            return executeBatch(options);
        } finally {
            spark.conf().set(TIME_PARSER_POLICY, timeParserPolicy);
        }
    }

    private RunResult executeBatch(RunOptions options) {
        BatchContext batch = BatchContext.start(config.name(), options.ingestDate());
        LOG.info("Run {} of pipeline {} started: lakehouse {}, ingest date {}", batch.runId(), config.name(), layout.root(), batch.ingestDate());
        // Before any table: when the store does not answer, each table would fail alone after the
        // store's retries, and the audit log, which lives there too, could not say why.
        StoreProbe.checkAnswers(spark.sparkContext().hadoopConfiguration(), layout.root());
        spark.sparkContext().setJobGroup("medallion-" + batch.runId(), "Medallion pipeline " + config.name() + " run " + batch.runId(), false);
        RawLanding landing = new RawLanding(spark.sparkContext().hadoopConfiguration(), layout);
        IngestedFilesLedger ledger = new IngestedFilesLedger(spark, layout);
        AuditLog audit = new AuditLog(spark, layout);
        List<TableOutcome> outcomes = new ArrayList<>();
        for (TableConfig table : config.tables(Layer.BRONZE)) {
            if (options.includes(table.name())) {
                outcomes.add(loadBronze(table, batch, landing, ledger, audit));
            }
        }
        spark.sparkContext().clearJobGroup();
        Duration duration = Duration.between(batch.startedAt(), Instant.now());
        RunResult result = new RunResult(batch.runId(), outcomes, duration);
        LOG.info("Run {} of pipeline {} {} in {} s", batch.runId(), config.name(), result.succeeded() ? "succeeded" : "failed",
                duration.toMillis() / 1000.0);
        return result;
    }

    private static String auditMessage(boolean nothingNew, BronzeResult result) {
        if (nothingNew) {
            return "no new files";
        }
        return result.blankRecords() > 0 ? result.blankRecords() + " blank lines or empty-field rows skipped" : "";
    }

    private TableOutcome loadBronze(TableConfig table, BatchContext batch, RawLanding landing, IngestedFilesLedger ledger, AuditLog audit) {
        Instant started = Instant.now();
        SourceConfig source = config.source(table.source().orElseThrow());
        try {
            List<SourceFile> found = landing.discover(source);
            List<SourceFile> fresh = ledger.notYetIngested(table.qualifiedName(), found);
            LOG.info("Bronze {}: {} files in source {}, {} not ingested yet", table.qualifiedName(), found.size(), source.name(), fresh.size());
            List<LandedFile> landed = fresh.stream().map(file -> landing.land(source, file, batch.ingestDate())).toList();
            BronzeResult result = new BronzeIngest(spark, table, source, layout).execute(batch, landed);
            ledger.record(table.qualifiedName(), source.name(), landed, batch);
            AuditEntry.Status status = landed.isEmpty() ? AuditEntry.Status.SKIPPED : AuditEntry.Status.SUCCEEDED;
            audit.record(new AuditEntry(batch, table.layer().key(), table.name(), "raw_to_bronze", status, started, Instant.now(),
                    result.rowsRead(), result.rowsWritten(), result.rowsQuarantined(), result.filesRead(),
                    result.rejectedFiles().size(), auditMessage(landed.isEmpty(), result)));
            return new TableOutcome(table.qualifiedName(), Optional.of(result), Optional.empty(), Duration.between(started, Instant.now()));
        } catch (Exception e) {  // Spark throws SparkException, a checked exception, without declaring it
            String message = e instanceof io.medallion.lakehouse.error.MedallionException ? e.getMessage() : Errors.rootMessage(e);
            LOG.error("Bronze {} failed in run {}: {}", table.qualifiedName(), batch.runId(), message, e);
            try {
                audit.record(new AuditEntry(batch, table.layer().key(), table.name(), "raw_to_bronze", AuditEntry.Status.FAILED,
                        started, Instant.now(), 0, 0, 0, 0, 0, message));
            } catch (Exception auditFailure) {
                LOG.error("Could not write the audit row for the failure of {}: {}", table.qualifiedName(), Errors.rootMessage(auditFailure));
            }
            return new TableOutcome(table.qualifiedName(), Optional.empty(), Optional.of(message), Duration.between(started, Instant.now()));
        }
    }
}
