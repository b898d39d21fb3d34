package io.medallion.lakehouse.state;

import io.medallion.lakehouse.config.BronzeTableName;
import io.medallion.lakehouse.config.ColumnConfig;
import io.medallion.lakehouse.config.ColumnType;
import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.error.MedallionException;
import io.medallion.lakehouse.jdbc.Watermark;
import io.medallion.lakehouse.jdbc.WatermarkChange;
import io.medallion.lakehouse.jdbc.WatermarkStore;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.system.AuditEntry;
import io.medallion.lakehouse.system.AuditLog;
import io.medallion.lakehouse.system.BatchContext;
import io.medallion.lakehouse.system.IngestedFilesLedger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inspects and changes what a pipeline remembers between runs: the watermark of each JDBC table and
 * the processed files of each file table. Every change is one row in {@code _system/watermarks}
 * (with the old and new value) or a delete in {@code _system/ingested_files}, plus one row in the
 * audit log saying who changed what, from what, to what. Cost: small reads and one Delta commit
 * per change; no source is touched.
 */
public final class PipelineState {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineState.class);

    private final PipelineConfig config;
    private final String user;
    private final WatermarkStore watermarks;
    private final IngestedFilesLedger ledger;
    private final AuditLog audit;

    /** @param user who changes state, recorded with every change (see {@link WatermarkStore#currentUser}) */
    public PipelineState(SparkSession spark, PipelineConfig config, String user) {
        this.config = config;
        this.user = user;
        LakehouseLayout layout = LakehouseLayout.at(config.root());
        this.watermarks = new WatermarkStore(spark, layout);
        this.ledger = new IngestedFilesLedger(spark, layout);
        this.audit = new AuditLog(spark, layout);
    }

    /** The state of every bronze table, or of the one named. */
    public List<TableState> show(Optional<String> tableName) {
        List<TableConfig> tables = tableName.map(name -> List.of(table(name))).orElseGet(() -> config.tables(Layer.BRONZE));
        return tables.stream().map(this::state).toList();
    }

    /** Moves a JDBC table's watermark: the next run extracts the rows after it (and its look-back). */
    public WatermarkChange setWatermark(String tableName, Watermark watermark) {
        TableConfig table = table(tableName);
        List<String> keys = config.source(table.source().orElseThrow()).jdbc().orElseThrow(() -> notJdbc(table))
                .watermark().orElseThrow(() -> Errors.badUsage(table.qualifiedName() + "'s source has no watermark: every run extracts "
                        + "the whole table, so there is nothing to set. Add watermark: to the source to extract incrementally."))
                .keys();
        if (watermark.keys().size() != keys.size()) {
            throw Errors.badUsage("--key gives " + watermark.keys().size() + " values but the watermark of " + table.qualifiedName()
                    + " has " + keys.size() + " key columns; give one value per column, comma-separated, in the order of watermark.key.");
        }
        for (int i = 0; i < keys.size(); i++) {
            checkKeyValue(table, keys.get(i), watermark.keys().get(i));
        }
        return changeWatermark(table, Optional.of(watermark), "state set");
    }

    /** A key value the column's type cannot hold would be saved, then fail every run in the database: refused here instead. */
    private static void checkKeyValue(TableConfig table, String column, String value) {
        ColumnType type = table.columns().stream().filter(c -> c.name().equals(column)).findFirst().map(ColumnConfig::type).orElseThrow();
        if (!KeyValueTypes.converts(value, type)) {
            throw Errors.badUsage("--key value '" + value + "' is not a " + KeyValueTypes.configName(type) + ", the declared type of "
                    + table.qualifiedName() + "'s watermark key column " + column + "; give the key values of the row at the watermark, "
                    + "comma-separated, in the order of watermark.key.");
        }
    }

    /**
     * Makes the next run start over: a JDBC table forgets its watermark (the next extract reads
     * every row; those bronze holds are not loaded again), a file table forgets its processed files
     * (the next run ingests them again, replacing their earlier rows). Returns what was done.
     */
    public String reset(String tableName) {
        TableConfig table = table(tableName);
        if (config.source(table.source().orElseThrow()).jdbc().isPresent()) {
            WatermarkChange change = changeWatermark(table, Optional.empty(), "state reset");
            return "forgot the watermark " + describe(change.previous()) + " of " + table.qualifiedName();
        }
        long files = ledger.forget(table.qualifiedName());
        String message = "forgot " + files + " processed files of " + table.qualifiedName() + "; the next run ingests them again";
        recordAudit(table, "state_reset", message + " (by " + user + ")");
        LOG.info("State of {}: {} (by {})", table.qualifiedName(), message, user);
        return message;
    }

    private WatermarkChange changeWatermark(TableConfig table, Optional<Watermark> watermark, String reason) {
        Optional<Watermark> previous = watermarks.current(table.qualifiedName());
        BatchContext batch = BatchContext.start(config.name(), LocalDate.now(ZoneOffset.UTC));
        WatermarkChange change = new WatermarkChange(table.qualifiedName(), table.source().orElseThrow(), watermark, previous,
                batch.runId(), Optional.empty(), Instant.now(), user, reason);
        watermarks.record(change);
        String message = "watermark " + describe(previous) + " -> " + describe(watermark) + " by " + user;
        recordAudit(table, reason.replace(' ', '_'), message);
        LOG.info("State of {}: {}", table.qualifiedName(), message);
        return change;
    }

    private void recordAudit(TableConfig table, String step, String message) {
        BatchContext batch = BatchContext.start(config.name(), LocalDate.now(ZoneOffset.UTC));
        Instant now = Instant.now();
        audit.record(new AuditEntry(batch, table.layer().key(), table.name(), step, AuditEntry.Status.SUCCEEDED, now, now, 0, 0, 0, 0, 0, message,
                OptionalDouble.empty()));
    }

    private TableState state(TableConfig table) {
        String source = table.source().orElseThrow();
        if (config.source(source).jdbc().isPresent()) {
            return new TableState(table.qualifiedName(), source, true, watermarks.latest(table.qualifiedName()), 0);
        }
        return new TableState(table.qualifiedName(), source, false, Optional.empty(), ledger.count(table.qualifiedName()));
    }

    /** A bronze table by its name, with or without the {@code bronze.} prefix. */
    private TableConfig table(String name) {
        return BronzeTableName.resolve(config, name);
    }

    private static MedallionException notJdbc(TableConfig table) {
        return Errors.badUsage(table.qualifiedName() + " loads files, which have no watermark. "
                + "Use `medallion state reset --table " + table.name() + "` to ingest its files again.");
    }

    private static String describe(Optional<Watermark> watermark) {
        return watermark.map(Watermark::describe).orElse("(none)");
    }
}
