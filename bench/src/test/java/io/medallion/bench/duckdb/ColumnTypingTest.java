package io.medallion.bench.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.lakehouse.config.ColumnConfig;
import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfigLoader;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.error.MedallionException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColumnTypingTest {
    private static final String CONFIG = """
            pipeline: types
            lakehouse: {root: lake}
            sources:
              typed: {location: landing, format: csv}
            bronze:
              typed:
                source: typed
                columns:
                  - {name: i, type: int}
                  - {name: l, type: long}
                  - {name: d, type: double}
                  - {name: m, type: "decimal(10,2)"}
                  - {name: b, type: boolean}
                  - {name: ts, type: timestamp, format: "dd MMM yyyy"}
            """;
    private static final TableConfig TABLE = new PipelineConfigLoader(Map.of(), List.of()).parse(CONFIG, "types.yaml")
            .table(Layer.BRONZE, "typed").orElseThrow();

    private static Connection duckDb;

    @BeforeAll
    static void open() throws SQLException {
        duckDb = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws SQLException {
        duckDb.close();
    }

    /**
     * Expected values are what Spark 3.5's try_cast gives for the same text (int, bigint, double,
     * decimal(10,2), boolean), written as Java prints them; "null" where Spark gives null.
     */
    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "null", value = {
        "1           | 1    | 1          | 1.0           | 1.00    | true",
        "\" 1 \"     | 1    | 1          | 1.0           | 1.00    | true",
        "\"\t5\"     | 5    | 5          | 5.0           | 5.00    | null",
        "+1          | 1    | 1          | 1.0           | 1.00    | null",
        "1.5         | null | null       | 1.5           | 1.50    | null",
        "1e3         | null | null       | 1000.0        | 1000.00 | null",
        ".5          | null | null       | 0.5           | 0.50    | null",
        "0x10        | null | null       | null          | null    | null",
        "1_000       | null | null       | null          | null    | null",
        "1,000       | null | null       | null          | null    | null",
        "2147483648  | null | 2147483648 | 2.147483648E9 | null    | null",
        "12.345      | null | null       | 12.345        | 12.35   | null",
        "NaN         | null | null       | NaN           | null    | null",
        "-inf        | null | null       | -Infinity     | null    | null",
        "yes         | null | null       | null          | null    | true",
        "\" TRUE \"  | null | null       | null          | null    | true",
        "on          | null | null       | null          | null    | null",
        "0           | 0    | 0          | 0.0           | 0.00    | false",
    })
    void typesTextAsSparkTryCastDoes(String text, String asInt, String asLong, String asDouble, String asDecimal, String asBoolean)
            throws SQLException {
        assertThat(typedValues(text)).containsExactly(asInt, asLong, asDouble, asDecimal, asBoolean);
    }

    @Test
    void aDatetimeFormatItCannotTranslateFailsNamingTheColumn() {
        ColumnConfig ts = TABLE.columns().get(5);

        assertThatThrownBy(() -> ColumnTyping.typed(ts, "ts"))
                .isInstanceOf(MedallionException.class)
                .hasMessage("Column ts: datetime pattern 'dd MMM yyyy' uses 'MMM', which the DuckDB translation does not support;"
                        + " use yyyy, yy, MM, M, dd, d, HH, H, mm, m, ss, s and S to SSSSSS, or quote literal text like 'T'.");
    }

    private static List<String> typedValues(String text) throws SQLException {
        List<String> expressions = new ArrayList<>();
        for (ColumnConfig column : TABLE.columns().subList(0, 5)) {
            expressions.add(ColumnTyping.typed(column, SqlText.literal(text)));
        }
        List<String> values = new ArrayList<>();
        try (Statement statement = duckDb.createStatement(); ResultSet row = statement.executeQuery("SELECT " + String.join(", ", expressions))) {
            row.next();
            for (int i = 1; i <= expressions.size(); i++) {
                Object value = row.getObject(i);
                values.add(value == null ? null : value.toString());
            }
        }
        return values;
    }
}
