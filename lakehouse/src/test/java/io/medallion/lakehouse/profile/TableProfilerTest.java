package io.medallion.lakehouse.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.lakehouse.config.ColumnConfig;
import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.error.MedallionException;
import io.medallion.lakehouse.testing.TestLakehouse;
import io.medallion.quality.testing.SharedSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@link TableProfiler} and {@link StarterConfig} on a new source's landing files and on a loaded
 * bronze table: the written block's {@code columns:} load with the config loader, and each of its
 * checks has a known type, an existing column and a threshold in [0, 1].
 */
class TableProfilerTest {
    private static final String PIPELINE = """
            pipeline: shop
            lakehouse: {root: "${ROOT}"}
            sources:
              orders: {location: "${LANDING}/orders", format: csv, files: "*.csv"}
            """;
    /** A pipeline that has source orders but no table of it yet. */
    private static final String NEW_SOURCE = PIPELINE + """
              shipments: {location: "${LANDING}/shipments", format: csv}
            bronze:
              shipments: {source: shipments, columns: [{name: shipment_id, type: string}]}
            """;
    private static final Set<String> CHECK_TYPES = Set.of("uniqueness", "completeness", "allowed_values", "pattern", "range", "size", "sql",
            "freshness", "reconciliation", "references", "anomaly");

    @TempDir
    Path temp;

    private TestLakehouse lake;

    @BeforeEach
    void writeOrders() throws IOException {
        lake = new TestLakehouse(temp);
        StringBuilder csv = new StringBuilder("order_id,ordered_at,quantity,price,channel,note\n");
        for (int i = 1; i <= 40; i++) {
            csv.append(String.format(Locale.ROOT, "O%03d,2026-01-05 10:%02d:00,%d,%s,%s,%s%n", i, i, i % 7 + 1,
                    i % 10 == 0 ? "" : (i * 1.25) + "", i % 3 == 0 ? "web" : "store", i % 2 == 0 ? "\"gift, wrapped\"" : ""));
        }
        Files.writeString(lake.landing("orders").resolve("orders_2026-01-05.csv"), csv.toString());
    }

    private TableProfile profileSource(PipelineConfig config) {
        ProfileInput input = new ProfileInput(SharedSpark.session(), config);
        return TableProfiler.profile(input.source(ProfileInput.profilableSource(config, "orders")), "the landing files of source orders");
    }

    @Test
    void aNewSourcesFilesGiveColumnsThatTheLoaderAcceptsAndChecksInTheGateFormat() {
        PipelineConfig config = lake.config(NEW_SOURCE);

        TableProfile profile = profileSource(config);
        String yaml = StarterConfig.yaml(profile, "orders", "orders");

        assertThat(profile.rows()).isEqualTo(40);
        assertThat(profile.columns()).extracting(c -> c.name() + " " + c.type() + (c.required() ? " required" : "")
                + c.format().map(f -> " format " + f).orElse("") + c.min().map(m -> " min " + m).orElse("")
                + (c.allowed().isEmpty() ? "" : " allowed " + c.allowed().stream().sorted().toList())).containsExactly(
                "order_id string required",
                "ordered_at timestamp required format yyyy-MM-dd HH:mm:ss",
                "quantity int required min 0",
                "price double min 0",
                "channel string required allowed [store, web]",
                "note string allowed [gift, wrapped]");
        TableConfig loaded = lake.config(PIPELINE + yaml).table(Layer.BRONZE, "orders").orElseThrow();
        assertThat(loaded.columns()).extracting(ColumnConfig::name, c -> c.type().sqlName(), ColumnConfig::required).containsExactly(
                org.assertj.core.groups.Tuple.tuple("order_id", "STRING", true),
                org.assertj.core.groups.Tuple.tuple("ordered_at", "TIMESTAMP", true),
                org.assertj.core.groups.Tuple.tuple("quantity", "INT", true),
                org.assertj.core.groups.Tuple.tuple("price", "DOUBLE", false),
                org.assertj.core.groups.Tuple.tuple("channel", "STRING", true),
                org.assertj.core.groups.Tuple.tuple("note", "STRING", false));
        assertThat(loaded.columns().get(4).allowedValues()).containsExactlyInAnyOrder("store", "web");
        assertThat(loaded.columns().get(5).allowedValues()).containsExactly("gift, wrapped");
        assertThat(loaded.columns().get(2).min()).contains(BigDecimal.ZERO);

        List<Map<String, Object>> checks = checks(yaml, "orders");
        assertThat(checks).allSatisfy(check -> {
            assertThat(CHECK_TYPES).contains((String) check.get("type"));
            if (check.containsKey("column")) {
                assertThat(loaded.columnNames()).contains((String) check.get("column"));
            }
            if (check.containsKey("threshold")) {
                assertThat(((Number) check.get("threshold")).doubleValue()).isBetween(0.0, 1.0);
            }
        });
        assertThat(checks).extracting(c -> c.get("type") + " " + c.getOrDefault("column", "-")).contains(
                "size -", "uniqueness order_id", "completeness price", "range quantity", "range price")
                .as("no uniqueness of distinct timestamps, no allowed_values beside allowed:")
                .doesNotContain("uniqueness ordered_at", "allowed_values channel", "allowed_values note");
        assertThat(checks).filteredOn(c -> "range".equals(c.get("type")) && "quantity".equals(c.get("column")))
                .singleElement().satisfies(c -> assertThat(c).containsEntry("min", 1).containsEntry("max", 7).containsEntry("level", "warning"));
        assertThat(checks.stream().map(c -> c.get("type") + "_" + c.getOrDefault("column", "")).collect(Collectors.toSet()))
                .as("check ids are unique").hasSize(checks.size());
        assertThat(loaded.checks()).as("the loader accepts every written check").extracting(c -> c.type().key())
                .containsExactlyElementsOf(checks.stream().map(c -> (String) c.get("type")).toList());
    }

    @Test
    void aLoadedTableIsProfiledWithTheTypesItHas() {
        lake.load(PIPELINE + """
                bronze:
                  orders:
                    source: orders
                    columns:
                      - {name: order_id, type: string, required: true}
                      - {name: quantity, type: int}
                      - {name: price, type: "decimal(8,2)"}
                """);
        PipelineConfig config = lake.config(PIPELINE + "bronze:\n  orders: {source: orders, columns: [{name: order_id, type: string}, "
                + "{name: quantity, type: int}, {name: price, type: \"decimal(8,2)\"}]}\n");
        TableConfig table = config.table(Layer.BRONZE, "orders").orElseThrow();

        TableProfile profile = TableProfiler.profile(new ProfileInput(SharedSpark.session(), config).table(table), "table bronze.orders");

        assertThat(profile.columns()).extracting(c -> c.name() + " " + c.type() + (c.required() ? " required" : ""))
                .containsExactly("order_id string required", "quantity int required", "price decimal(8,2)");
        assertThat(lake.config(PIPELINE + StarterConfig.yaml(profile, "orders", "orders")).table(Layer.BRONZE, "orders")
                .orElseThrow().columns()).extracting(c -> c.type().sqlName()).containsExactly("STRING", "INT", "DECIMAL(8,2)");
    }

    @Test
    void anUnknownSourceOrATableNotLoadedYetIsABadUsageErrorSayingWhatToDo() {
        PipelineConfig config = lake.config(PIPELINE + "bronze:\n  orders: {source: orders, columns: [{name: order_id, type: string}]}\n");
        ProfileInput input = new ProfileInput(SharedSpark.session(), config);

        assertThatThrownBy(() -> ProfileInput.profilableSource(config, "sales")).isInstanceOf(MedallionException.class)
                .hasMessage("--source names sales, which test.yaml does not declare. Declared sources: orders");
        assertThatThrownBy(() -> input.table(config.table(Layer.BRONZE, "orders").orElseThrow())).isInstanceOf(MedallionException.class)
                .hasMessageStartingWith("bronze.orders has no data yet at ")
                .hasMessageEndingWith(": run the pipeline first, or profile its source's files with --source orders");
    }

    @Test
    void scalarsThatYamlWouldReadAsSomethingElseAreQuoted() {
        assertThat(StarterConfig.scalar("store")).isEqualTo("store");
        assertThat(StarterConfig.scalar("yes")).isEqualTo("\"yes\"");
        assertThat(StarterConfig.scalar("gift, wrapped")).isEqualTo("\"gift, wrapped\"");
        assertThat(StarterConfig.scalar("say \"hi\"\\")).isEqualTo("\"say \\\"hi\\\"\\\\\"");
        assertThat(StarterConfig.scalar("007")).isEqualTo("\"007\"");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> checks(String yaml, String table) {
        Map<String, Object> root = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
        Map<String, Object> block = (Map<String, Object>) ((Map<String, Object>) root.get("bronze")).get(table);
        return (List<Map<String, Object>>) block.get("checks");
    }
}
