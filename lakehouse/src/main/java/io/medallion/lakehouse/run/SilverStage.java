package io.medallion.lakehouse.run;

import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.SilverTableConfig;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.silver.MergeResult;
import io.medallion.lakehouse.silver.SilverLoad;
import io.medallion.lakehouse.silver.SilverMessages;
import io.medallion.lakehouse.silver.SilverResult;
import io.medallion.lakehouse.system.AuditEntry;
import io.medallion.lakehouse.system.BatchContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's silver tables: each takes what its bronze tables committed since it last read them, this
 * run's batches included (see {@link SilverLoad}). A table that fails is recorded and the others
 * still load.
 */
final class SilverStage {
    private static final Logger LOG = LoggerFactory.getLogger(SilverStage.class);

    private final PipelineConfig config;
    private final SilverLoad silver;

    SilverStage(SparkSession spark, PipelineConfig config, LakehouseLayout layout) {
        this.config = config;
        this.silver = new SilverLoad(spark, config, layout);
    }

    /** Loads the silver tables the options select, {@code parallel} at a time, each after the tables it looks up. */
    List<TableOutcome<SilverResult>> run(BatchContext batch, RunOptions options, RunRecords records, int parallel) {
        AuditedStep step = new AuditedStep(batch, records, Layer.SILVER.key(), "bronze_to_silver");
        List<SilverTableConfig> tables = LoadOrder.ofSilver(config.silverTables()).stream().filter(table -> options.includesTable(table.qualifiedName())).toList();
        return TableLoads.run(tables, parallel, LoadOrder::mustFollow, table -> load(table, step, options));
    }

    private TableOutcome<SilverResult> load(SilverTableConfig table, AuditedStep step, RunOptions options) {
        Instant started = Instant.now();
        BatchContext batch = step.batch();
        try {
            SilverResult result = silver.execute(table, batch, options.fullRefresh());
            step.records().quality(batch, Layer.SILVER.key(), table.name(), result.quality());
            if (result.blocked()) {
                String message = "quality checks failed, so the batch was not merged: " + result.quality().blockingChecks() + ". Fix the data in bronze (or the table's checks: in the config), then rerun: the same bronze rows are read again";
                LOG.error("Silver {} failed in run {}: {}", table.qualifiedName(), batch.runId(), message);
                step.audit(table.name(), AuditEntry.Status.FAILED, started, 0, 0, result.rowsQuarantined(), 0, 0, message, result.quality().score());
                return step.outcome(table.qualifiedName(), started, Optional.of(result), Optional.of(message));
            }
            MergeResult merge = result.merge();
            AuditEntry.Status status = result.nothingNew() ? AuditEntry.Status.SKIPPED : AuditEntry.Status.SUCCEEDED;
            step.audit(table.name(), status, started, merge.eventsRead(), merge.rowsInserted() + merge.rowsUpdated() + merge.rowsDeleted(),
                    result.rowsQuarantined(), 0, 0, SilverMessages.audit(result), result.quality().score());
            return step.succeeded(table.qualifiedName(), started, result);
        } catch (Exception e) {  // Spark throws SparkException, a checked exception, without declaring it
            return step.threw(table.name(), table.qualifiedName(), started, e);
        }
    }
}
