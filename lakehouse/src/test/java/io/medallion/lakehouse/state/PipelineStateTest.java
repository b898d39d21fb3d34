package io.medallion.lakehouse.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.PipelineConfigLoader;
import io.medallion.lakehouse.error.MedallionException;
import io.medallion.lakehouse.jdbc.Watermark;
import io.medallion.lakehouse.jdbc.WatermarkStore;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.quality.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code state set}: a watermark is saved only when every key value converts to its key column's declared type. */
class PipelineStateTest {
    private static final LocalDateTime T = LocalDateTime.of(2026, 1, 5, 10, 0);

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path temp;

    private PipelineConfig config() {
        return new PipelineConfigLoader(Map.of(), List.of()).parse("""
                pipeline: shop
                lakehouse: {root: "%s"}
                sources:
                  orders:
                    format: jdbc
                    url: jdbc:postgresql://localhost:1/nowhere
                    table: orders
                    watermark: {column: updated_at, key: [id, shop, amount]}
                bronze:
                  orders:
                    source: orders
                    columns:
                      - {name: id, type: long, required: true}
                      - {name: shop, type: string, required: true}
                      - {name: amount, type: "decimal(6,2)", required: true}
                      - {name: updated_at, type: timestamp, required: true}
                """.formatted(temp.resolve("lake")), "shop.yaml");
    }

    @Test
    void aKeyValueItsColumnTypeCannotHoldIsBadUsageNamingTheColumnTypeAndValueAndSavesNothing() {
        PipelineConfig config = config();
        PipelineState state = new PipelineState(spark, config, "alice");

        assertThatThrownBy(() -> state.setWatermark("orders", new Watermark(T, List.of("abc", "north", "1.50"))))
                .isInstanceOfSatisfying(MedallionException.class, e -> assertThat(e.kind()).isEqualTo(MedallionException.Kind.BAD_CONFIG))
                .hasMessageStartingWith("--key value 'abc' is not a long, the declared type of bronze.orders's watermark key column id;");
        assertThatThrownBy(() -> state.setWatermark("orders", new Watermark(T, List.of("42", "north", "1.505"))))
                .isInstanceOf(MedallionException.class)
                .hasMessageStartingWith("--key value '1.505' is not a decimal(6,2), the declared type of bronze.orders's watermark key column amount;");
        assertThatThrownBy(() -> state.setWatermark("orders", new Watermark(T, List.of("42", "north", "12345"))))
                .isInstanceOf(MedallionException.class)
                .hasMessageStartingWith("--key value '12345' is not a decimal(6,2)");

        assertThat(new WatermarkStore(spark, LakehouseLayout.at(config.root())).current("bronze.orders")).isEmpty();
    }

    @Test
    void keyValuesOfTheirColumnsTypesAreSaved() {
        PipelineConfig config = config();
        Watermark watermark = new Watermark(T, List.of("42", "north", "9999.5"));

        new PipelineState(spark, config, "alice").setWatermark("orders", watermark);

        assertThat(new WatermarkStore(spark, LakehouseLayout.at(config.root())).current("bronze.orders")).isEqualTo(Optional.of(watermark));
    }
}
