package io.medallion.lakehouse.run;

import io.medallion.lakehouse.bronze.BronzeIngest;
import io.medallion.lakehouse.bronze.BronzeResult;
import io.medallion.lakehouse.config.ExportTarget;
import io.medallion.lakehouse.config.GoldModelConfig;
import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.config.SilverTableConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.export.ExportResult;
import io.medallion.lakehouse.export.TableExport;
import io.medallion.lakehouse.gold.GoldBuild;
import io.medallion.lakehouse.gold.GoldResult;
import io.medallion.lakehouse.jdbc.JdbcExtract;
import io.medallion.lakehouse.jdbc.WatermarkChange;
import io.medallion.lakehouse.jdbc.WatermarkStore;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.quality.QualityGates;
import io.medallion.lakehouse.raw.LandedFile;
import io.medallion.lakehouse.raw.RawLanding;
import io.medallion.lakehouse.raw.SourceFile;
import io.medallion.lakehouse.silver.MergeResult;
import io.medallion.lakehouse.silver.SilverLoad;
import io.medallion.lakehouse.silver.SilverMessages;
import io.medallion.lakehouse.silver.SilverResult;
import io.medallion.lakehouse.spark.SessionSettings;
import io.medallion.lakehouse.system.AuditEntry;
import io.medallion.lakehouse.system.AuditLog;
import io.medallion.lakehouse.system.BatchContext;
import io.medallion.lakehouse.system.IngestedFilesLedger;
import io.medallion.lakehouse.system.QualityResults;
import io.medallion.quality.gate.BatchGate;
import io.medallion.quality.gate.CheckLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a pipeline's layers for one batch: for each bronze table, finds the source files it has not
 * committed, lands them in raw, loads them into bronze and quarantine, then records them in the
 * processed-files ledger and the audit log. A table whose source is a JDBC database is extracted
 * into raw instead, from its saved watermark, which moves only after the bronze commit. A table that
 * fails is recorded as failed and the others still run; the run as a whole then fails. So is a table
 * whose quality gate blocks its batch: nothing of the batch is committed, not even the ledger or
 * the watermark, so the next run loads the same files again. Every check's outcome goes to the
 * quality results table and the run's quality report. Then each silver table takes what its bronze
 * tables committed since it last read them (see {@link SilverLoad}), and each gold model is built
 * from silver (see {@link GoldBuild}); last, the tables the config exports are copied to their
 * databases when they changed (see {@link TableExport}). A layer's tables load several
 * at a time, each after the tables it reads ({@link TableLoads}). A lakehouse
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
        spark.sparkContext().setJobGroup("medallion-" + batch.runId(), "Medallion pipeline " + config.name() + " run " + batch.runId(), false);
        RawLanding landing = new RawLanding(spark.sparkContext().hadoopConfiguration(), layout);
        IngestedFilesLedger ledger = new IngestedFilesLedger(spark, layout);
        RunRecords records = new RunRecords(new AuditLog(spark, layout), new QualityResults(spark, layout), layout.root());
        List<TableConfig> bronzeTables = LoadOrder.of(config.tables(Layer.BRONZE)).stream().filter(table -> options.includes(table.name())).toList();
        List<TableOutcome<BronzeResult>> outcomes = TableLoads.run(bronzeTables, parallel, LoadOrder::mustFollow,
                table -> loadBronze(table, batch, options, landing, ledger, records));
        records.flush();
        SilverLoad silver = new SilverLoad(spark, config, layout);
        List<SilverTableConfig> silverTables = LoadOrder.ofSilver(config.silverTables()).stream().filter(table -> options.includes(table.name())).toList();
        List<TableOutcome<SilverResult>> silverOutcomes = TableLoads.run(silverTables, parallel, LoadOrder::mustFollow,
                table -> loadSilver(table, batch, options, silver, records));
        records.flush();
        GoldBuild gold = new GoldBuild(spark, config, layout);
        List<GoldModelConfig> goldModels = selectedModels(options);
        // A model reading a bronze or silver table that failed in this run would build on its old rows: it waits for a good run.
        Set<String> failedTables = ConcurrentHashMap.newKeySet();
        java.util.stream.Stream.concat(outcomes.stream(), silverOutcomes.stream()).filter(outcome -> !outcome.succeeded())
                .forEach(outcome -> failedTables.add(outcome.table()));
        List<TableOutcome<GoldResult>> goldOutcomes = TableLoads.run(goldModels, parallel, LoadOrder::mustFollow,
                model -> buildGold(model, batch, options, gold, records, failedTables));
        records.flush();
        TableExport export = new TableExport(spark, config, layout);
        List<ExportJob> exportJobs = config.exports().stream().filter(ExportTarget::enabled)
                .flatMap(target -> target.tables().stream().map(table -> new ExportJob(target, table)))
                .filter(job -> options.includes(job.target().name()) || options.includes(job.table().from().substring(job.table().from().indexOf('.') + 1)))
                .toList();
        // Each copy reads a committed table and writes a table of its own: none waits for another.
        List<TableOutcome<ExportResult>> exportOutcomes = TableLoads.run(exportJobs, parallel, (later, earlier) -> false,
                job -> exportTable(job, batch, options, export, records));
        records.flush();
        spark.sparkContext().clearJobGroup();
        List<QualityReport.Reported> reported = new ArrayList<>();
        outcomes.forEach(outcome -> reported.add(QualityReport.Reported.of(outcome, BronzeResult::quality, result -> Optional.of(result.batchId()))));
        silverOutcomes.forEach(outcome -> reported.add(QualityReport.Reported.of(outcome, SilverResult::quality, result -> Optional.empty())));
        goldOutcomes.forEach(outcome -> reported.add(QualityReport.Reported.of(outcome, GoldResult::quality, result -> Optional.empty())));
        Optional<String> report = writeQualityReport(batch, reported.stream()
                .filter(table -> table.table().startsWith(Layer.BRONZE.key() + ".") || !table.committed() || !table.quality().outcomes().isEmpty())
                .toList());
        Duration duration = Duration.between(batch.startedAt(), Instant.now());
        RunResult result = new RunResult(batch.runId(), outcomes, silverOutcomes, goldOutcomes, exportOutcomes, duration, report);
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

    /**
     * Lands the source's files the ledger does not hold yet, each under the date its name carries
     * (when the source declares {@code file_date}) or else the run's ingest date.
     */
    private List<LandedFile> landNewFiles(TableConfig table, SourceConfig source, BatchContext batch, RawLanding landing,
            IngestedFilesLedger ledger) {
        List<SourceFile> found = landing.discover(source);
        List<SourceFile> fresh = ledger.notYetIngested(table.qualifiedName(), found);
        LOG.info("Bronze {}: {} files in source {}, {} not ingested yet", table.qualifiedName(), found.size(), source.name(), fresh.size());
        long started = System.nanoTime();
        List<LandedFile> landed = landing.landAll(source, fresh, file -> source.dateOf(file.name()).orElse(batch.ingestDate()));
        if (!landed.isEmpty()) {
            LOG.info("Bronze {}: landed {} files ({} bytes) in raw in {} s", table.qualifiedName(), landed.size(),
                    landed.stream().mapToLong(file -> file.source().size()).sum(), (System.nanoTime() - started) / 1_000_000 / 1000.0);
        }
        return landed;
    }

    private static String auditMessage(RunOptions options, int files, BronzeResult result, Optional<JdbcExtract.Result> extract) {
        List<String> parts = new ArrayList<>();
        extract.ifPresent(e -> parts.add(e.rowsExtracted() + " rows extracted, " + e.rowsLoadedBefore()
                + " of them already in bronze and not loaded again; watermark " + e.from().map(w -> w.describe()).orElse("(none)") + " -> "
                + e.to().map(w -> w.describe()).orElse("(none)")));
        options.backfill().ifPresent(range -> parts.add("backfill of " + range + " from " + files + " raw files"));
        if (options.fullRefresh()) {
            parts.add("full refresh from " + files + " raw files");
        }
        if (files == 0 && extract.isEmpty()) {
            parts.add(options.backfill().isPresent() ? "raw holds no files for these dates" : "no new files");
        }
        if (result.blankRecords() > 0) {
            parts.add(result.blankRecords() + " blank lines or empty-field rows skipped");
        }
        result.changedFiles().forEach(changed -> parts.add("changed file loaded again as a new version: " + changed));
        result.schemaChanges().forEach(change -> parts.add("source columns changed: " + change));
        result.quality().failures().stream().filter(check -> check.level() == CheckLevel.WARNING)
                .forEach(check -> parts.add("quality warning: " + check.describe()));
        return String.join("; ", parts);
    }

    private TableOutcome<BronzeResult> loadBronze(TableConfig table, BatchContext batch, RunOptions options, RawLanding landing, IngestedFilesLedger ledger,
            RunRecords records) {
        Instant started = Instant.now();
        SourceConfig source = config.source(table.source().orElseThrow());
        try {
            BronzeIngest ingest = new BronzeIngest(spark, table, source, layout, gates.apply(table));
            if (source.jdbc().isPresent() && (options.backfill().isPresent() || options.fullRefresh())) {
                return skippedJdbcReload(table, batch, started, records);
            }
            WatermarkStore watermarks = new WatermarkStore(spark, layout);
            Optional<JdbcExtract.Result> extract = source.jdbc().isPresent()
                    ? Optional.of(new JdbcExtract(spark, table, source, layout).execute(batch, watermarks.current(table.qualifiedName())))
                    : Optional.empty();
            List<LandedFile> landed = extract.map(JdbcExtract.Result::files)
                    .orElseGet(() -> options.backfill().isPresent() ? List.of() : landNewFiles(table, source, batch, landing, ledger));
            // A backfill loads raw's files of its dates again; a full refresh, all of raw's files.
            List<LandedFile> loaded = options.backfill().map(range -> landing.landed(source, range::contains))
                    .orElseGet(() -> options.fullRefresh() ? landing.landed(source, date -> true) : landed);
            if (options.backfill().isPresent() || options.fullRefresh()) {
                LOG.info("Bronze {}: {} loads {} raw files again", table.qualifiedName(),
                        options.fullRefresh() ? "full refresh" : "backfill of " + options.backfill().get(), loaded.size());
            }
            BronzeResult result = options.fullRefresh() ? ingest.rebuild(batch, loaded) : ingest.execute(batch, loaded);
            records.quality(batch, table.layer().key(), table.name(), result.quality());
            if (result.blocked()) {
                return blocked(table, batch, started, records, result);
            }
            if (extract.isPresent()) {
                saveWatermark(watermarks, table, source, batch, extract.get());
            } else {
                ledger.record(table.qualifiedName(), source.name(), landed, batch);
            }
            AuditEntry.Status status = loaded.isEmpty() ? AuditEntry.Status.SKIPPED : AuditEntry.Status.SUCCEEDED;
            records.audit(new AuditEntry(batch, table.layer().key(), table.name(), "raw_to_bronze", status, started, Instant.now(),
                    result.rowsRead(), result.rowsWritten(), result.rowsQuarantined(), result.filesRead(),
                    result.rejectedFiles().size(), auditMessage(options, loaded.size(), result, extract), result.quality().score()));
            return new TableOutcome<>(table.qualifiedName(), Optional.of(result), Optional.empty(), Duration.between(started, Instant.now()));
        } catch (Exception e) {  // Spark throws SparkException, a checked exception, without declaring it
            String message = e instanceof io.medallion.lakehouse.error.MedallionException ? e.getMessage() : Errors.rootMessage(e);
            LOG.error("Bronze {} failed in run {}: {}", table.qualifiedName(), batch.runId(), message, e);
            records.audit(new AuditEntry(batch, table.layer().key(), table.name(), "raw_to_bronze", AuditEntry.Status.FAILED,
                    started, Instant.now(), 0, 0, 0, 0, 0, message, OptionalDouble.empty()));
            return new TableOutcome<>(table.qualifiedName(), Optional.empty(), Optional.of(message), Duration.between(started, Instant.now()));
        }
    }

    /**
     * Loads a silver table from what its bronze tables committed, this run's batches included; a
     * table that fails is recorded and the others still load.
     */
    private TableOutcome<SilverResult> loadSilver(SilverTableConfig table, BatchContext batch, RunOptions options, SilverLoad silver,
            RunRecords records) {
        Instant started = Instant.now();
        try {
            SilverResult result = silver.execute(table, batch, options.fullRefresh());
            records.quality(batch, Layer.SILVER.key(), table.name(), result.quality());
            if (result.blocked()) {
                String message = "quality checks failed, so the batch was not merged: " + result.quality().failures().stream()
                        .filter(check -> check.level() == CheckLevel.ERROR).map(check -> check.describe()).toList()
                        + ". Fix the data in bronze (or the table's checks: in the config), then rerun: the same bronze rows are read again";
                LOG.error("Silver {} failed in run {}: {}", table.qualifiedName(), batch.runId(), message);
                records.audit(new AuditEntry(batch, Layer.SILVER.key(), table.name(), "bronze_to_silver", AuditEntry.Status.FAILED, started,
                        Instant.now(), 0, 0, result.rowsQuarantined(), 0, 0, message, result.quality().score()));
                return new TableOutcome<>(table.qualifiedName(), Optional.of(result), Optional.of(message), Duration.between(started, Instant.now()));
            }
            MergeResult merge = result.merge();
            AuditEntry.Status status = result.nothingNew() ? AuditEntry.Status.SKIPPED : AuditEntry.Status.SUCCEEDED;
            records.audit(new AuditEntry(batch, Layer.SILVER.key(), table.name(), "bronze_to_silver", status, started, Instant.now(),
                    merge.eventsRead(), merge.rowsInserted() + merge.rowsUpdated() + merge.rowsDeleted(), result.rowsQuarantined(), 0, 0,
                    SilverMessages.audit(result), result.quality().score()));
            return new TableOutcome<>(table.qualifiedName(), Optional.of(result), Optional.empty(), Duration.between(started, Instant.now()));
        } catch (Exception e) {  // Spark throws SparkException, a checked exception, without declaring it
            String message = e instanceof io.medallion.lakehouse.error.MedallionException ? e.getMessage() : Errors.rootMessage(e);
            LOG.error("Silver {} failed in run {}: {}", table.qualifiedName(), batch.runId(), message, e);
            records.audit(new AuditEntry(batch, Layer.SILVER.key(), table.name(), "bronze_to_silver", AuditEntry.Status.FAILED,
                    started, Instant.now(), 0, 0, 0, 0, 0, message, OptionalDouble.empty()));
            return new TableOutcome<>(table.qualifiedName(), Optional.empty(), Optional.of(message), Duration.between(started, Instant.now()));
        }
    }

    /**
     * The gold models the options select, in build order, with the view and ephemeral models they read:
     * those are queries of the run, so a selected model's are built with it.
     */
    private List<GoldModelConfig> selectedModels(RunOptions options) {
        Map<String, GoldModelConfig> byName = new java.util.HashMap<>();
        config.goldModels().forEach(model -> byName.put(model.qualifiedName(), model));
        Set<String> selected = new java.util.HashSet<>();
        java.util.Deque<GoldModelConfig> toVisit = new java.util.ArrayDeque<>(config.goldModels().stream().filter(m -> options.includes(m.name())).toList());
        while (!toVisit.isEmpty()) {
            GoldModelConfig model = toVisit.pop();
            if (selected.add(model.qualifiedName())) {
                model.reads().stream().map(byName::get).filter(read -> read != null && !read.materialization().isWritten()).forEach(toVisit::push);
            }
        }
        return LoadOrder.ofGold(config.goldModels()).stream().filter(model -> selected.contains(model.qualifiedName())).toList();
    }

    /** One table copied to one export target. */
    private record ExportJob(ExportTarget target, ExportTarget.ExportTable table) {}

    /** Copies a table to an export target when it changed since its last copy; a copy that fails leaves the target as it was. */
    private TableOutcome<ExportResult> exportTable(ExportJob job, BatchContext batch, RunOptions options, TableExport export, RunRecords records) {
        Instant started = Instant.now();
        String name = job.target().name() + "." + job.table().to();
        try {
            ExportResult result = export.execute(job.target(), job.table(), options.fullRefresh());
            boolean copied = result.action() == ExportResult.Action.COPIED;
            records.audit(new AuditEntry(batch, "export", name, "export_" + job.target().type().name().toLowerCase(java.util.Locale.ROOT),
                    copied ? AuditEntry.Status.SUCCEEDED : AuditEntry.Status.SKIPPED, started, Instant.now(), result.rows(), result.rows(), 0, 0, 0,
                    (copied ? "copied " : "up to date with ") + job.table().from() + " version " + result.version(), OptionalDouble.empty()));
            return new TableOutcome<>("export." + name, Optional.of(result), Optional.empty(), Duration.between(started, Instant.now()));
        } catch (Exception e) {  // Spark throws SparkException, a checked exception, without declaring it
            String message = e instanceof io.medallion.lakehouse.error.MedallionException ? e.getMessage() : Errors.rootMessage(e);
            LOG.error("Export {} failed in run {}: {}", name, batch.runId(), message, e);
            records.audit(new AuditEntry(batch, "export", name, "export_" + job.target().type().name().toLowerCase(java.util.Locale.ROOT),
                    AuditEntry.Status.FAILED, started, Instant.now(), 0, 0, 0, 0, 0, message, OptionalDouble.empty()));
            return new TableOutcome<>("export." + name, Optional.empty(), Optional.of(message), Duration.between(started, Instant.now()));
        }
    }

    /**
     * Builds a gold model from what silver (and the models before it) hold now. A model that reads a
     * table or model which failed in this run is not built: it would read that table's old rows.
     */
    private TableOutcome<GoldResult> buildGold(GoldModelConfig model, BatchContext batch, RunOptions options, GoldBuild gold, RunRecords records,
            Set<String> failedTables) {
        Instant started = Instant.now();
        Optional<String> failedInput = model.reads().stream().filter(failedTables::contains).findFirst();
        if (failedInput.isPresent()) {
            LOG.error("Gold {} not built in run {}: {} failed", model.qualifiedName(), batch.runId(), failedInput.get());
            return failedGold(model, batch, started, records, failedTables,
                    "not built because " + failedInput.get() + ", which it reads, failed in this run; fix that, then rerun", OptionalDouble.empty());
        }
        try {
            GoldResult result = gold.execute(model, gates.apply(config.table(Layer.GOLD, model.name()).orElseThrow()), batch, options.fullRefresh());
            records.quality(batch, Layer.GOLD.key(), model.name(), result.quality());
            if (result.blocked()) {
                String message = "quality checks failed, so the model was not written: " + result.quality().failures().stream()
                        .filter(check -> check.level() == CheckLevel.ERROR).map(check -> check.describe()).toList()
                        + ". Fix the model's SQL or the data it reads (or the tests in its schema file), then rerun";
                LOG.error("Gold {} failed in run {}: {}", model.qualifiedName(), batch.runId(), message);
                TableOutcome<GoldResult> outcome = failedGold(model, batch, started, records, failedTables, message, result.quality().score());
                return new TableOutcome<>(outcome.table(), Optional.of(result), outcome.error(), outcome.duration());
            }
            AuditEntry.Status status = result.action() == GoldResult.Action.UP_TO_DATE ? AuditEntry.Status.SKIPPED : AuditEntry.Status.SUCCEEDED;
            String message = result.action().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " (" + model.materialization().key()
                    + ") from " + result.inputs() + result.quality().failures().stream().map(check -> "; quality warning: " + check.describe())
                    .collect(java.util.stream.Collectors.joining());
            records.audit(new AuditEntry(batch, Layer.GOLD.key(), model.name(), "silver_to_gold", status, started, Instant.now(),
                    0, result.rowsWritten(), 0, 0, 0, message, result.quality().score()));
            return new TableOutcome<>(model.qualifiedName(), Optional.of(result), Optional.empty(), Duration.between(started, Instant.now()));
        } catch (Exception e) {  // Spark throws SparkException, a checked exception, without declaring it
            String message = e instanceof io.medallion.lakehouse.error.MedallionException ? e.getMessage() : Errors.rootMessage(e);
            LOG.error("Gold {} failed in run {}: {}", model.qualifiedName(), batch.runId(), message, e);
            return failedGold(model, batch, started, records, failedTables, message, OptionalDouble.empty());
        }
    }

    private TableOutcome<GoldResult> failedGold(GoldModelConfig model, BatchContext batch, Instant started, RunRecords records,
            Set<String> failedTables, String message, OptionalDouble score) {
        failedTables.add(model.qualifiedName());
        records.audit(new AuditEntry(batch, Layer.GOLD.key(), model.name(), "silver_to_gold", AuditEntry.Status.FAILED, started, Instant.now(),
                0, 0, 0, 0, 0, message, score));
        return new TableOutcome<>(model.qualifiedName(), Optional.empty(), Optional.of(message), Duration.between(started, Instant.now()));
    }

    /**
     * A batch the quality gate kept out: nothing was committed, so neither the ledger nor the
     * watermark moves and the next run loads the same files (or rows) again.
     */
    private TableOutcome<BronzeResult> blocked(TableConfig table, BatchContext batch, Instant started, RunRecords records, BronzeResult result) {
        String message = "quality checks failed, so batch " + result.batchId() + " was not committed: " + result.blockingChecks()
                + ". Fix the source data (or the table's checks: in the config), then rerun: the same files are loaded again";
        LOG.error("Bronze {} failed in run {}: {}", table.qualifiedName(), batch.runId(), message);
        records.audit(new AuditEntry(batch, table.layer().key(), table.name(), "raw_to_bronze", AuditEntry.Status.FAILED, started, Instant.now(),
                0, 0, 0, result.filesRead(), 0, message, result.quality().score()));
        return new TableOutcome<>(table.qualifiedName(), Optional.of(result), Optional.of(message), Duration.between(started, Instant.now()));
    }

    /**
     * JDBC tables are not rebuilt from raw's extracts: their raw copies hold re-read rows that must not
     * load twice. A reload of one re-extracts instead, after {@code medallion state reset}.
     */
    private TableOutcome<BronzeResult> skippedJdbcReload(TableConfig table, BatchContext batch, Instant started, RunRecords records) {
        String message = "a JDBC table is reloaded by extracting it again: run `medallion state reset --table " + table.name()
                + "`, then `medallion run`";
        LOG.warn("Bronze {}: skipped by the backfill or full refresh; {}", table.qualifiedName(), message);
        records.audit(new AuditEntry(batch, table.layer().key(), table.name(), "raw_to_bronze", AuditEntry.Status.SKIPPED, started,
                Instant.now(), 0, 0, 0, 0, 0, message, OptionalDouble.empty()));
        return new TableOutcome<>(table.qualifiedName(), Optional.of(BronzeResult.nothingNew(table.qualifiedName(), batch.batchId(table.name()))),
                Optional.empty(), Duration.between(started, Instant.now()));
    }

    /** Called only after the bronze commit: a run that failed before it leaves the old watermark. */
    private void saveWatermark(WatermarkStore watermarks, TableConfig table, SourceConfig source, BatchContext batch, JdbcExtract.Result extract) {
        if (extract.to().equals(extract.from())) {
            return;
        }
        watermarks.record(new WatermarkChange(table.qualifiedName(), source.name(), extract.to(), extract.from(), batch.runId(),
                Optional.of(batch.batchId(table.name())), Instant.now(), WatermarkStore.currentUser(environment), "extract"));
    }
}
