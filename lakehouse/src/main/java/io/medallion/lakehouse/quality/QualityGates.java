package io.medallion.lakehouse.quality;

import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.quality.gate.BatchGate;
import io.medallion.quality.suite.DeequGate;
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
        if (table.checks().isEmpty()) {
            return BatchGate.NONE;
        }
        return new DeequGate(table.checks(), metricsRepository(layout, table),
                qualifiedName -> referencedRows(spark, config, layout, qualifiedName));
    }

    /** The Deequ metrics repository file of {@code table}. */
    public static String metricsRepository(LakehouseLayout layout, TableConfig table) {
        return layout.system("quality/metrics/" + table.layer().key() + "/" + table.name() + ".json");
    }

    private static Optional<Dataset<Row>> referencedRows(SparkSession spark, PipelineConfig config, LakehouseLayout layout, String qualifiedName) {
        int dot = qualifiedName.indexOf('.');
        Layer layer = Layer.valueOf(qualifiedName.substring(0, dot).toUpperCase(java.util.Locale.ROOT));
        // The loader only lets a references check name a declared table.
        TableConfig referenced = config.table(layer, qualifiedName.substring(dot + 1)).orElseThrow();
        TableRef ref = layout.table(referenced);
        return DeltaTables.exists(spark, ref) ? Optional.of(DeltaTables.read(spark, ref)) : Optional.empty();
    }
}
