package io.medallion.lakehouse.export;

import io.medallion.lakehouse.config.ExportTarget;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.Secret;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.delta.DeltaVersions;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.lakehouse.system.BuiltFrom;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a lakehouse table to an export target when it changed since its last copy: the table as of
 * its current Delta version (a snapshot, so a commit during the copy does not mix in), then that
 * version is recorded under {@code _system/exports/<target>/<table>}. A rerun with nothing new
 * copies nothing; a full refresh copies every table again.
 */
public final class TableExport {
    private static final Logger LOG = LoggerFactory.getLogger(TableExport.class);

    private final SparkSession spark;
    private final PipelineConfig config;
    private final LakehouseLayout layout;

    public TableExport(SparkSession spark, PipelineConfig config, LakehouseLayout layout) {
        this.spark = spark;
        this.config = config;
        this.layout = layout;
    }

    public ExportResult execute(ExportTarget target, ExportTarget.ExportTable table, boolean fullRefresh) {
        TableRef from = layout.table(config, table.from());
        if (!DeltaTables.exists(spark, from)) {
            throw Errors.jobFailed("export " + target.name() + ": " + table.from() + " has no table yet at " + from.catalogName().orElse(from.path())
                    + "; run the pipeline until it is built, then export", null);
        }
        long version = DeltaVersions.current(spark, from);
        BuiltFrom copied = new BuiltFrom(layout.system("exports/" + target.name()), spark.sparkContext().hadoopConfiguration());
        // The destination is part of the mark: a target pointed at another database copies there, not "up to date".
        String copiedVersion = table.from() + "@" + version;
        String mark = copiedVersion + " to " + target.destination();
        String output = table.to().toLowerCase(Locale.ROOT);
        if (!fullRefresh && copied.last(output).filter(mark::equals).isPresent()) {
            LOG.info("Export {}: {} is up to date with {}", target.name(), table.to(), mark);
            return new ExportResult(target.name(), table.from(), table.to(), ExportResult.Action.UP_TO_DATE, version, 0);
        }
        Dataset<Row> rows = DeltaVersions.asOf(spark, from, version);
        long written;
        try {
            written = target.type() == ExportTarget.Type.JDBC
                    ? new JdbcTableWriter(target, password(target)).replace(rows, table.to())
                    : new SnowflakeTableWriter(target, password(target)).replace(rows, table.to());
        } catch (Exception e) {  // SQLException, and Spark's undeclared checked exceptions
            throw Errors.jobFailed("export " + target.name() + " could not copy " + table.from() + " to " + table.to() + " at "
                    + target.destination() + ": " + Errors.rootMessage(e)
                    + ". The target table was left as it was; fix the cause, then rerun", e);
        }
        copied.record(output, mark);
        LOG.info("Export {}: copied {} ({} rows) to {} at {}", target.name(), copiedVersion, written, table.to(), target.destination());
        return new ExportResult(target.name(), table.from(), table.to(), ExportResult.Action.COPIED, version, written);
    }

    /** The password from the config (normally {@code ${VAR}}), else from the Spark conf (a cluster's secret). */
    private Optional<Secret> password(ExportTarget target) {
        String key = ExportTarget.passwordConfKey(target.name());
        return target.password().or(() -> spark.conf().contains(key) ? Optional.of(new Secret(spark.conf().get(key))) : Optional.empty());
    }
}
