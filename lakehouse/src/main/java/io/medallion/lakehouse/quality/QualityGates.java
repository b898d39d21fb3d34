package io.medallion.lakehouse.quality;

import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.quality.gate.BatchGate;
import io.medallion.quality.suite.CheckConfig;
import io.medallion.quality.suite.DeequGate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Builds a table's quality gate from its {@code checks:}: a {@link DeequGate} whose metrics go to
 * {@code <root>/_system/quality/metrics/<layer>/<table>.json} and whose references checks read the
 * referenced tables where the layout (or their catalog name) puts them, at the version current when
 * the batch is checked.
 */
public final class QualityGates {
    private QualityGates() {}

    /** The gate of {@code table}; {@link BatchGate#NONE} when it declares no checks, which reads nothing. */
    public static BatchGate forTable(SparkSession spark, PipelineConfig config, TableConfig table, LakehouseLayout layout) {
        return forChecks(spark, config, layout, table.layer(), table.name(), table.checks());
    }

    /** The gate of a table of any layer that declares {@code checks}; {@link BatchGate#NONE} when there are none. */
    public static BatchGate forChecks(SparkSession spark, PipelineConfig config, LakehouseLayout layout, Layer layer, String table,
            List<CheckConfig> checks) {
        if (checks.isEmpty()) {
            return BatchGate.NONE;
        }
        return new DeequGate(checks, layout.system("quality/metrics/" + layer.key() + "/" + table + ".json"),
                qualifiedName -> referencedRows(spark, config, layout, qualifiedName));
    }

    private static Optional<Dataset<Row>> referencedRows(SparkSession spark, PipelineConfig config, LakehouseLayout layout, String qualifiedName) {
        // The loader only lets a references check name a declared table.
        TableRef ref = layout.table(config, qualifiedName);
        return DeltaTables.exists(spark, ref) ? Optional.of(DeltaTables.read(spark, ref)) : Optional.empty();
    }
}
