package io.medallion.lakehouse.run;

import io.medallion.lakehouse.bronze.BronzeIngest;
import io.medallion.lakehouse.bronze.BronzeResult;
import io.medallion.lakehouse.config.JdbcSourceConfig;
import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.jdbc.JdbcExtract;
import io.medallion.lakehouse.jdbc.WatermarkChange;
import io.medallion.lakehouse.jdbc.WatermarkStore;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.raw.LandedFile;
import io.medallion.lakehouse.raw.RawLanding;
import io.medallion.lakehouse.raw.SourceFile;
import io.medallion.lakehouse.system.AuditEntry;
import io.medallion.lakehouse.system.BatchContext;
import io.medallion.lakehouse.system.IngestedFilesLedger;
import io.medallion.quality.gate.BatchGate;
import io.medallion.quality.gate.CheckLevel;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's bronze tables: for each, finds the source files it has not committed, lands them in raw,
 * loads them into bronze and quarantine, then records them in the processed-files ledger. A table
 * whose source is a JDBC database is extracted into raw instead, from its saved watermark, which
 * moves only after the bronze commit. A batch its quality gate blocks commits nothing, not even the
 * ledger or the watermark, so the next run loads the same files again.
 */
final class BronzeStage {
    private static final Logger LOG = LoggerFactory.getLogger(BronzeStage.class);
    private static final String STEP = "raw_to_bronze";

    private final SparkSession spark;
    private final PipelineConfig config;
    private final LakehouseLayout layout;
    private final Map<String, String> environment;
    private final Function<TableConfig, BatchGate> gates;

    BronzeStage(SparkSession spark, PipelineConfig config, LakehouseLayout layout, Map<String, String> environment,
            Function<TableConfig, BatchGate> gates) {
        this.spark = spark;
        this.config = config;
        this.layout = layout;
        this.environment = environment;
        this.gates = gates;
    }

    /** Loads the bronze tables the options select, {@code parallel} at a time, each after the tables it checks against. */
    List<TableOutcome<BronzeResult>> run(BatchContext batch, RunOptions options, RunRecords records, int parallel) {
        RawLanding landing = new RawLanding(spark.sparkContext().hadoopConfiguration(), layout);
        IngestedFilesLedger ledger = new IngestedFilesLedger(spark, layout);
        AuditedStep step = new AuditedStep(batch, records, Layer.BRONZE.key(), STEP);
        List<TableConfig> tables = selected(options);
        // A backfill lands nothing new; every other run lands each file table's new files first.
        NewSourceFiles newFiles = NewSourceFiles.of(options.backfill().isPresent() ? List.of() : tables, config, landing, ledger);
        return TableLoads.run(tables, parallel, LoadOrder::mustFollow, table -> load(table, step, options, landing, ledger, newFiles));
    }

    private List<TableConfig> selected(RunOptions options) {
        return LoadOrder.of(config.tables(Layer.BRONZE)).stream().filter(table -> options.includesTable(table.qualifiedName())).toList();
    }

    /**
     * Called before the run starts: a saved watermark that no longer fits its source's config is a
     * config error (exit 2) for the whole run, as every other config error is, not one table's
     * failure (exit 1). A backfill or full refresh skips JDBC tables, so it checks none.
     */
    void checkSavedWatermarks(RunOptions options) {
        if (options.backfill().isPresent() || options.fullRefresh()) {
            return;
        }
        WatermarkStore watermarks = new WatermarkStore(spark, layout);
        for (TableConfig table : selected(options)) {
            SourceConfig source = config.source(table.source().orElseThrow());
            if (source.jdbc().flatMap(JdbcSourceConfig::watermark).isPresent()) {
                JdbcExtract.checkSavedWatermark(table, source, watermarks.current(table.qualifiedName()));
            }
        }
    }

    private TableOutcome<BronzeResult> load(TableConfig table, AuditedStep step, RunOptions options, RawLanding landing, IngestedFilesLedger ledger,
            NewSourceFiles newFiles) {
        Instant started = Instant.now();
        BatchContext batch = step.batch();
        SourceConfig source = config.source(table.source().orElseThrow());
        try {
            BronzeIngest ingest = new BronzeIngest(spark, table, source, layout, gates.apply(table));
            if (source.jdbc().isPresent() && (options.backfill().isPresent() || options.fullRefresh())) {
                return skippedJdbcReload(table, step, started);
            }
            WatermarkStore watermarks = new WatermarkStore(spark, layout);
            Optional<JdbcExtract.Result> extract = source.jdbc().isPresent()
                    ? Optional.of(new JdbcExtract(spark, table, source, layout).execute(batch, watermarks.current(table.qualifiedName())))
                    : Optional.empty();
            List<LandedFile> landed = extract.isPresent() ? extract.get().files()
                    : options.backfill().isPresent() ? List.of() : landNewFiles(table, source, batch, landing, newFiles);
            // A backfill loads raw's committed files of its dates again; a full refresh, all of them and the files it just landed.
            List<LandedFile> loaded = options.backfill().map(range -> reloaded(table, source, landing, ledger, range::contains, List.of()))
                    .orElseGet(() -> options.fullRefresh() ? reloaded(table, source, landing, ledger, date -> true, landed) : landed);
            if (options.backfill().isPresent() || options.fullRefresh()) {
                LOG.info("Bronze {}: {} loads {} raw files again", table.qualifiedName(),
                        options.fullRefresh() ? "full refresh" : "backfill of " + options.backfill().get(), loaded.size());
            }
            BronzeResult result = options.fullRefresh() ? ingest.rebuild(batch, loaded) : ingest.execute(batch, loaded);
            step.records().quality(batch, table.layer().key(), table.name(), result.quality());
            if (result.blocked()) {
                return blocked(table, step, started, result);
            }
            if (extract.isPresent()) {
                saveWatermark(watermarks, table, source, batch, extract.get());
            } else {
                ledger.record(table.qualifiedName(), source.name(), landed, batch);
            }
            AuditEntry.Status status = loaded.isEmpty() ? AuditEntry.Status.SKIPPED : AuditEntry.Status.SUCCEEDED;
            step.audit(table.name(), status, started, result.rowsRead(), result.rowsWritten(), result.rowsQuarantined(), result.filesRead(),
                    result.rejectedFiles().size(), auditMessage(options, loaded.size(), result, extract), result.quality().score());
            return step.succeeded(table.qualifiedName(), started, result);
        } catch (Exception e) {  // Spark throws SparkException, a checked exception, without declaring it
            return step.threw(table.name(), table.qualifiedName(), started, e);
        }
    }

    /**
     * Lands the source's files the ledger does not hold yet, each under the date its name carries
     * (when the source declares {@code file_date}), or else the date it was landed under before, or
     * else the run's ingest date: a file always lands under one date, so loading it again replaces
     * its rows ({@link BronzeIngest#execute}) on whichever day that happens.
     */
    private List<LandedFile> landNewFiles(TableConfig table, SourceConfig source, BatchContext batch, RawLanding landing,
            NewSourceFiles newFiles) throws Exception {
        List<SourceFile> found = newFiles.found(table);
        List<SourceFile> fresh = newFiles.fresh(table);
        LOG.info("Bronze {}: {} files in source {}, {} not ingested yet", table.qualifiedName(), found.size(), source.name(), fresh.size());
        long started = System.nanoTime();
        Map<SourceFile, LocalDate> landedBefore = landing.earlierLandings(source,
                fresh.stream().filter(file -> source.dateOf(file.name()).isEmpty()).toList());
        if (!landedBefore.isEmpty()) {
            LOG.warn("Bronze {}: {} files were landed in raw before but are not recorded as committed (a state reset, a blocked batch, or a run"
                    + " that failed before recording them); they land under their first date again, so their rows replace any earlier ones: {}",
                    table.qualifiedName(), landedBefore.size(), landedBefore.entrySet().stream().map(e -> e.getKey().path() + " -> " + e.getValue()).toList());
        }
        List<LandedFile> landed = landing.landAll(source, fresh,
                file -> source.dateOf(file.name()).orElseGet(() -> landedBefore.getOrDefault(file, batch.ingestDate())));
        if (!landed.isEmpty()) {
            LOG.info("Bronze {}: landed {} files ({} bytes) in raw in {} s", table.qualifiedName(), landed.size(),
                    landed.stream().mapToLong(file -> file.source().size()).sum(), (System.nanoTime() - started) / 1_000_000 / 1000.0);
        }
        return landed;
    }

    /**
     * Raw's copies of the source's files on the dates given that the table committed, then the files
     * this run landed. A copy no batch committed (a blocked batch's, a failed run's, one the source
     * replaced before it loaded) was never part of the table, and a rebuild from raw must not make it so.
     */
    private static List<LandedFile> reloaded(TableConfig table, SourceConfig source, RawLanding landing, IngestedFilesLedger ledger,
            Predicate<LocalDate> dates, List<LandedFile> landedNow) {
        Set<String> loaded = new HashSet<>(ledger.committedRawPaths(table.qualifiedName()));
        landedNow.forEach(file -> loaded.add(file.rawPath()));
        List<LandedFile> inRaw = landing.landed(source, dates);
        List<String> leftOut = inRaw.stream().map(LandedFile::rawPath).filter(path -> !loaded.contains(path)).toList();
        if (!leftOut.isEmpty()) {
            LOG.warn("Bronze {}: {} of raw's {} files for these dates were never committed to the table and are not loaded: {}",
                    table.qualifiedName(), leftOut.size(), inRaw.size(), leftOut);
        }
        // Raw's listing holds this run's landed files too, once each.
        return inRaw.stream().filter(file -> loaded.contains(file.rawPath())).toList();
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

    /**
     * A batch the quality gate kept out: nothing was committed, so neither the ledger nor the
     * watermark moves and the next run loads the same files (or rows) again.
     */
    private TableOutcome<BronzeResult> blocked(TableConfig table, AuditedStep step, Instant started, BronzeResult result) {
        String message = "quality checks failed, so batch " + result.batchId() + " was not committed: " + result.blockingChecks()
                + ". Fix the source data (or the table's checks: in the config), then rerun: the same files are loaded again";
        LOG.error("Bronze {} failed in run {}: {}", table.qualifiedName(), step.batch().runId(), message);
        step.audit(table.name(), AuditEntry.Status.FAILED, started, 0, 0, 0, result.filesRead(), 0, message, result.quality().score());
        return step.outcome(table.qualifiedName(), started, Optional.of(result), Optional.of(message));
    }

    /**
     * JDBC tables are not rebuilt from raw's extracts: their raw copies hold re-read rows that must not
     * load twice, and an extract of a blocked or failed run is no different there from a committed one.
     * A re-extract after {@code state reset} loads only versions neither bronze nor its quarantine
     * holds, so the message names the two ways that do reach held rows.
     */
    private TableOutcome<BronzeResult> skippedJdbcReload(TableConfig table, AuditedStep step, Instant started) {
        String message = "a JDBC table is not reloaded from raw: run `medallion quarantine replay --table " + table.name()
                + "` to load its quarantined rows under today's rules; to reload it whole, delete its bronze and quarantine tables, run"
                + " `medallion state reset --table " + table.name() + "`, then `medallion run`";
        LOG.warn("Bronze {}: skipped by the backfill or full refresh; {}", table.qualifiedName(), message);
        step.audit(table.name(), AuditEntry.Status.SKIPPED, started, 0, 0, 0, 0, 0, message, OptionalDouble.empty());
        return step.succeeded(table.qualifiedName(), started, BronzeResult.nothingNew(table.qualifiedName(), step.batch().batchId(table.name())));
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
