package io.medallion.lakehouse.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.testing.TestLakehouse;
import io.medallion.quality.gate.BatchFacts;
import io.medallion.quality.gate.BatchGate;
import io.medallion.quality.gate.CheckOutcome;
import io.medallion.quality.gate.GateResult;
import io.medallion.quality.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityGatesTest {
    private static final String PIPELINE = """
            pipeline: shop
            lakehouse:
              root: ${ROOT}
            sources:
              sales: {location: "${LANDING}/sales", format: csv}
              products: {location: "${LANDING}/products", format: csv}
            bronze:
              sales:
                source: sales
                columns:
                  - {name: transaction_id, type: string}
                  - {name: product_id, type: string}
                checks:
                  - {type: uniqueness, column: transaction_id}
                  - {type: references, column: product_id, table: bronze.products, threshold: 0.9}
              products:
                source: products
                keys: [product_id]
                columns:
                  - {name: product_id, type: string}
            """;

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path temp;

    private Dataset<Row> rows(StructType schema, Object[]... values) {
        return spark.createDataFrame(java.util.Arrays.stream(values).map(RowFactory::create).toList(), schema);
    }

    private static BatchFacts facts() {
        return new BatchFacts("bronze.sales", "bronze", "r1", "b1", TestLakehouse.DAY, Instant.parse("2026-01-05T06:00:00Z"), OptionalLong.of(3));
    }

    @Test
    void aTableWithoutChecksGetsTheGateThatReadsNothing() {
        PipelineConfig config = new TestLakehouse(temp).config(PIPELINE);
        TableConfig products = config.table(Layer.BRONZE, "products").orElseThrow();

        assertThat(QualityGates.forTable(spark, config, products, LakehouseLayout.at(config.root()))).isSameAs(BatchGate.NONE);
    }

    @Test
    void referencesReadTheReferencedDeltaTableAndMetricsLandUnderSystem() throws Exception {
        PipelineConfig config = new TestLakehouse(temp).config(PIPELINE);
        LakehouseLayout layout = LakehouseLayout.at(config.root());
        TableConfig sales = config.table(Layer.BRONZE, "sales").orElseThrow();
        StructType salesSchema = new StructType().add("transaction_id", DataTypes.StringType).add("product_id", DataTypes.StringType);
        Dataset<Row> batch = rows(salesSchema, new Object[] {"T1", "P1"}, new Object[] {"T2", "P2"}, new Object[] {"T3", "P7"});
        BatchGate gate = QualityGates.forTable(spark, config, sales, layout);

        GateResult beforeProducts = gate.evaluate(batch, facts());
        DeltaTables.append(rows(new StructType().add("product_id", DataTypes.StringType), new Object[] {"P1"}, new Object[] {"P2"}),
                layout.table(config.table(Layer.BRONZE, "products").orElseThrow()), List.of());
        GateResult afterProducts = gate.evaluate(batch, facts());

        assertThat(beforeProducts.failures()).extracting(CheckOutcome::message)
                .containsExactly("the referenced table bronze.products does not exist yet; load it first");
        CheckOutcome references = afterProducts.outcomes().get(1);
        assertThat(references.checkId()).isEqualTo("references_product_id");
        assertThat(references.measured()).isEqualTo("0.6667");
        assertThat(references.failed()).isTrue();
        assertThat(afterProducts.outcomes().get(0).failed()).isFalse();
        assertThat(afterProducts.blocksCommit()).isTrue();
        // Both evaluations blocked the batch: their metrics are kept apart from the history anomaly checks compare with.
        Path metrics = temp.resolve("lake/_system/quality/metrics/bronze/sales.blocked.json");
        assertThat(Files.readString(metrics).replaceAll("\\s", "")).contains("\"batch_id\":\"b1\"", "\"name\":\"Uniqueness\"");
        assertThat(temp.resolve("lake/_system/quality/metrics/bronze/sales.json")).doesNotExist();
    }
}
