package io.medallion.bench.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.PipelineConfigLoader;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.error.MedallionException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbBronzeTest {
    private static final String HEADER = "id,ts,quantity,price,channel\n";
    static final String CONFIG = """
            pipeline: shop
            lakehouse: {root: "${ROOT}"}
            sources:
              sales: {location: "${LANDING}", format: csv, files: "*.csv", options: {header: "true", delimiter: ","}}
            bronze:
              sales:
                source: sales
                columns:
                  - {name: id, type: string, required: true, pattern: "T[0-9]{3}"}
                  - {name: ts, type: timestamp, required: true, format: "yyyy-MM-dd HH:mm:ss"}
                  - {name: quantity, type: int, min: 1, max: 100}
                  - {name: price, type: "decimal(8,2)", min: 0}
                  - {name: channel, type: string, allowed: [web, store]}
            """;
    /** One row per way to fail, and the rule ids Medallion's BronzeIngest gives each (PipelineRunTest has the first seven). */
    static final String DAY_ONE = HEADER
            + "T001,2026-01-05 10:00:00,2,9.99,web\n"
            + "T002,2026-01-05 10:05:00,1,0.50,store\n"
            + "T003,2026-01-05 11:00:00,,12.00,\n"
            + "T004,2026-01-05 11:30:00,two,1.00,web\n"
            + "T005,2026/01/05,0,-1,fax\n"
            + "T006,2026-01-05 12:00:00,3,1.00,web,surplus\n"
            + ",2026-01-05 12:00:00,3,1.00,web\n"
            + "T008,2026-01-05 12:00:00,101,1.005,web\n"
            + "X009,2026-01-05 1:00:00,1.5,\"1,50\",web\n"
            + "\n"
            + "T010,2026-01-05\n"
            + "  ,2026-01-05 12:00:00,1e2,0x10,Web\n";

    @TempDir
    Path temp;

    private Path landing;
    private TableConfig table;
    private DuckDbBronze bronze;

    @BeforeEach
    void setUp() throws IOException {
        landing = Files.createDirectories(temp.resolve("landing"));
        PipelineConfig config = new PipelineConfigLoader(Map.of("ROOT", temp.resolve("lake").toString(), "LANDING", landing.toString()), List.of())
                .parse(CONFIG, "shop.yaml");
        table = config.table(Layer.BRONZE, "sales").orElseThrow();
        bronze = new DuckDbBronze(table, config.source("sales"), temp.resolve("shop.duckdb"));
    }

    @Test
    void everyRowEndsInBronzeOrQuarantineWithExactlyTheRulesItFails() throws IOException, SQLException {
        Path day1 = write("day1.csv", DAY_ONE);

        DuckDbResult result = bronze.execute(List.of(day1));

        assertThat(result.rowsRead()).isEqualTo(11);
        assertThat(result.rowsValid()).isEqualTo(3);
        assertThat(result.rowsQuarantined()).isEqualTo(8);
        assertThat(result.rowsRead()).isEqualTo(result.rowsValid() + result.rowsQuarantined());
        assertThat(result.quarantinedByRule()).containsExactlyEntriesOf(sorted(Map.ofEntries(
                Map.entry("sales._record.malformed_record", 2L),
                Map.entry("sales.id.required", 2L),
                Map.entry("sales.id.pattern", 2L),
                Map.entry("sales.ts.type", 3L),
                Map.entry("sales.quantity.type", 3L),
                Map.entry("sales.quantity.range", 2L),
                Map.entry("sales.price.type", 3L),
                Map.entry("sales.price.range", 1L),
                Map.entry("sales.channel.allowed_values", 2L))));

        List<List<Object>> valid = query("SELECT id, ts, quantity, price, channel FROM bronze_sales ORDER BY id");
        assertThat(valid).containsExactly(
                List.of("T001", LocalDateTime.of(2026, 1, 5, 10, 0), 2, new BigDecimal("9.99"), "web"),
                List.of("T002", LocalDateTime.of(2026, 1, 5, 10, 5), 1, new BigDecimal("0.50"), "store"),
                Arrays.asList("T003", LocalDateTime.of(2026, 1, 5, 11, 0), null, new BigDecimal("12.00"), null));

        assertThat(failedRulesById()).containsExactlyEntriesOf(sorted(Map.of(
                "T004", List.of("sales.quantity.type"),
                "T005", List.of("sales.ts.type", "sales.quantity.range", "sales.price.range", "sales.channel.allowed_values"),
                "T006", List.of("sales._record.malformed_record"),
                "<null>", List.of("sales.id.required"),
                "T008", List.of("sales.quantity.range", "sales.price.type"),
                "X009", List.of("sales.id.pattern", "sales.ts.type", "sales.quantity.type", "sales.price.type"),
                "T010", List.of("sales._record.malformed_record", "sales.ts.type"),
                "  ", List.of("sales.id.required", "sales.id.pattern", "sales.quantity.type", "sales.price.type",
                        "sales.channel.allowed_values"))));
    }

    @Test
    void quarantineKeepsTheTextAsItArrivedAndMalformedRecordsWhole() throws IOException, SQLException {
        Path day1 = write("day1.csv", DAY_ONE);

        bronze.execute(List.of(day1));

        assertThat(query("SELECT id, ts, quantity, price, channel, _raw_record, _source_file FROM quarantine_sales WHERE id IN ('T005', 'T006', 'T010') ORDER BY id"))
                .containsExactly(
                        Arrays.asList("T005", "2026/01/05", "0", "-1", "fax", null, day1.toString()),
                        Arrays.asList("T006", "2026-01-05 12:00:00", "3", "1.00", "web", "T006,2026-01-05 12:00:00,3,1.00,web,surplus", day1.toString()),
                        Arrays.asList("T010", "2026-01-05", null, null, null, "T010,2026-01-05", day1.toString()));
        assertThat(query("SELECT price FROM quarantine_sales WHERE id = 'X009'")).containsExactly(List.of("1,50"));
    }

    @Test
    void loadsSeveralFilesAndReplacesBothTablesWhenRunAgain() throws IOException, SQLException {
        Path day1 = write("day1.csv", DAY_ONE);
        Path day2 = write("day2.csv", HEADER + "T101,2026-01-06 09:00:00,4,2.50,store\nT102,2026-01-06 09:30:00,0,2.50,store\n");

        bronze.execute(List.of(day1, day2));
        DuckDbResult again = bronze.execute(List.of(day1, day2));

        assertThat(again.rowsRead()).isEqualTo(13);
        assertThat(again.rowsValid()).isEqualTo(4);
        assertThat(again.rowsQuarantined()).isEqualTo(9);
        assertThat(query("SELECT count(*) FROM bronze_sales")).containsExactly(List.of(4L));
        assertThat(query("SELECT _source_file FROM bronze_sales WHERE id = 'T101'")).containsExactly(List.of(day2.toString()));
    }

    /** Not Medallion's behaviour: Spark quarantines these rows as malformed; DuckDB's reader drops empty trailing fields. */
    @Test
    void duckDbReadsRecordsWithExtraEmptyTrailingFieldsAsWellFormed() throws IOException, SQLException {
        Path file = write("trailing.csv", HEADER + "T001,2026-01-05 10:00:00,2,9.99,web,\nT002,2026-01-05 10:00:00,2,9.99,web,,\n"
                + "T003,2026-01-05 10:00:00,2,9.99,web, \n");

        DuckDbResult result = bronze.execute(List.of(file));

        assertThat(result.rowsValid()).isEqualTo(2);
        assertThat(result.quarantinedByRule()).containsExactlyEntriesOf(Map.of("sales._record.malformed_record", 1L));
        assertThat(query("SELECT id FROM quarantine_sales")).containsExactly(List.of("T003"));
    }

    @Test
    void aSourceWithAnOptionDuckDbWouldReadDifferentlyIsRefusedBeforeAnythingRuns() {
        PipelineConfig config = new PipelineConfigLoader(Map.of("ROOT", "lake", "LANDING", "landing"), List.of())
                .parse(CONFIG.replace("delimiter: \",\"", "delimiter: \",\", multiLine: \"true\""), "shop.yaml");

        assertThatThrownBy(() -> new DuckDbBronze(table, config.source("sales"), temp.resolve("x.duckdb")))
                .isInstanceOf(MedallionException.class)
                .hasMessage("Source sales sets the CSV option 'multiLine', which the DuckDB alternative does not translate, so DuckDB"
                        + " would read the files differently from Medallion; remove the option or teach CsvReading to translate it."
                        + " Translated: [charset, delimiter, encoding, escape, header, quote, sep]");
        assertThat(temp.resolve("x.duckdb")).doesNotExist();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(landing.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** The failed rule ids of each quarantined row, by id ({@code <null>} for a missing one). */
    private Map<String, List<String>> failedRulesById() throws SQLException {
        Map<String, List<String>> rules = new LinkedHashMap<>();
        for (List<Object> row : query("SELECT coalesce(id, '<null>'), _failed_rules FROM quarantine_sales ORDER BY 1")) {
            rules.put((String) row.get(0), Arrays.stream((Object[]) row.get(1)).map(String.class::cast).toList());
        }
        return rules;
    }

    private List<List<Object>> query(String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + temp.resolve("shop.duckdb"));
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(value(result, i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static Object value(ResultSet result, int column) throws SQLException {
        Object value = result.getObject(column);
        if (value instanceof java.sql.Timestamp) {
            return result.getObject(column, LocalDateTime.class);
        }
        if (value instanceof java.sql.Array array) {
            return array.getArray();
        }
        return value;
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return new java.util.TreeMap<>(map);
    }
}
