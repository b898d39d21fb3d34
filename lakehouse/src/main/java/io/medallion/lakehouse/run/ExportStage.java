package io.medallion.lakehouse.run;

import io.medallion.lakehouse.config.ExportTarget;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.export.ExportResult;
import io.medallion.lakehouse.export.TableExport;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.system.AuditEntry;
import io.medallion.lakehouse.system.BatchContext;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.apache.spark.sql.SparkSession;

/**
 * The run's exports: each table an enabled target names is copied to its database when it changed
 * since its last copy (see {@link TableExport}); a copy that fails leaves the target as it was.
 */
final class ExportStage {
    /** The audit log's layer of every copy. */
    static final String LAYER = "export";

    private final PipelineConfig config;
    private final TableExport export;

    ExportStage(SparkSession spark, PipelineConfig config, LakehouseLayout layout) {
        this.config = config;
        this.export = new TableExport(spark, config, layout);
    }

    /** One table copied to one export target. */
    private record Copy(ExportTarget target, ExportTarget.ExportTable table) {
        String name() {
            return target.name() + "." + table.to();
        }
    }

    /** Copies the tables of the targets the options select (by target or by table name), {@code parallel} at a time. */
    List<TableOutcome<ExportResult>> run(BatchContext batch, RunOptions options, RunRecords records, int parallel) {
        List<Copy> copies = config.exports().stream().filter(ExportTarget::enabled)
                .flatMap(target -> target.tables().stream().map(table -> new Copy(target, table)))
                .filter(copy -> options.includes(copy.target().name()) || options.includesTable(copy.table().from()))
                .toList();
        // Each copy reads a committed table and writes a table of its own: none waits for another.
        return TableLoads.run(copies, parallel, (later, earlier) -> false, copy -> copy(copy, batch, options, records));
    }

    private TableOutcome<ExportResult> copy(Copy copy, BatchContext batch, RunOptions options, RunRecords records) {
        Instant started = Instant.now();
        AuditedStep step = new AuditedStep(batch, records, LAYER, "export_" + copy.target().type().name().toLowerCase(Locale.ROOT));
        String qualifiedName = LAYER + "." + copy.name();
        try {
            ExportResult result = export.execute(copy.target(), copy.table(), options.fullRefresh());
            boolean copied = result.action() == ExportResult.Action.COPIED;
            step.audit(copy.name(), copied ? AuditEntry.Status.SUCCEEDED : AuditEntry.Status.SKIPPED, started, result.rows(), result.rows(), 0, 0, 0,
                    (copied ? "copied " : "up to date with ") + copy.table().from() + " version " + result.version(), OptionalDouble.empty());
            return step.succeeded(qualifiedName, started, result);
        } catch (Exception e) {  // Spark throws SparkException, a checked exception, without declaring it
            return step.threw(copy.name(), qualifiedName, started, e);
        }
    }
}
