package io.medallion.bench.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrptimeFormatTest {
    private static Connection duckDb;

    @BeforeAll
    static void open() throws SQLException {
        duckDb = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws SQLException {
        duckDb.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "yyyy-MM-dd HH:mm:ss     | %Y-%m-%d %H:%M:%S     | [0-9]{4}\\-[0-9]{2}\\-[0-9]{2} [0-9]{2}\\:[0-9]{2}\\:[0-9]{2}",
        "M/d/yyyy H:mm           | %m/%d/%Y %H:%M        | [0-9]{1,2}\\/[0-9]{1,2}\\/[0-9]{4} [0-9]{1,2}\\:[0-9]{2}",
        "yy-MM-dd                | %y-%m-%d              | [0-9]{2}\\-[0-9]{2}\\-[0-9]{2}",
        "yyyy-MM-dd'T'HH:mm:ss.SSS | %Y-%m-%dT%H:%M:%S.%g | [0-9]{4}\\-[0-9]{2}\\-[0-9]{2}T[0-9]{2}\\:[0-9]{2}\\:[0-9]{2}\\.[0-9]{1,3}",
        "HH:mm:ss.SSSSSS         | %H:%M:%S.%f           | [0-9]{2}\\:[0-9]{2}\\:[0-9]{2}\\.[0-9]{1,6}",
        "yyyyMMdd                | %Y%m%d                | [0-9]{4}[0-9]{2}[0-9]{2}",
        "dd.MM.yyyy 'at' H'h'    | %d.%m.%Y at %Hh       | [0-9]{2}\\.[0-9]{2}\\.[0-9]{4} at [0-9]{1,2}h",
        "yyyy-MM-dd''HH          | %Y-%m-%d'%H           | [0-9]{4}\\-[0-9]{2}\\-[0-9]{2}\\'[0-9]{2}",
        "'100%' yyyy             | 100%% %Y              | 100\\% [0-9]{4}",
    })
    void translatesLettersToDirectivesAndDigitCounts(String sparkPattern, String format, String shape) {
        StrptimeFormat translated = StrptimeFormat.fromSparkPattern(sparkPattern);

        assertThat(translated.format()).isEqualTo(format);
        assertThat(translated.shape()).isEqualTo(shape);
    }

    /**
     * Expected values are what Spark 3.5's try_to_timestamp returns for the same text and pattern
     * (with spark.sql.legacy.timeParserPolicy=CORRECTED, as Medallion runs); "null" where it gives null.
     */
    @ParameterizedTest(name = "{0} parses ''{1}'' as {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "yyyy-MM-dd HH:mm:ss     | 2026-01-05 10:00:00      | 2026-01-05T10:00",
        "yyyy-MM-dd HH:mm:ss     | 2024-02-29 23:59:59      | 2024-02-29T23:59:59",
        "yyyy-MM-dd HH:mm:ss     | 2026-1-5 10:00:00        | null",
        "yyyy-MM-dd HH:mm:ss     | 2026-01-05 1:00:00       | null",
        "yyyy-MM-dd HH:mm:ss     | 2026-01-05 10:00         | null",
        "yyyy-MM-dd HH:mm:ss     | \"2026-01-05 10:00:00 \"   | null",
        "yyyy-MM-dd HH:mm:ss     | \" 2026-01-05 10:00:00\"   | null",
        "yyyy-MM-dd HH:mm:ss     | 2026-01-05  10:00:00     | null",
        "yyyy-MM-dd HH:mm:ss     | 2026-02-30 10:00:00      | null",
        "yyyy-MM-dd HH:mm:ss     | 2026-13-45 25:61:00      | null",
        "yyyy-MM-dd HH:mm:ss     | 05/01/2026 10:00         | null",
        "yyyy-MM-dd HH:mm:ss     | yesterday                | null",
        "yyyy-MM-dd HH:mm:ss.SSS | 2026-01-05 10:00:00.5    | 2026-01-05T10:00:00.500",
        "yyyy-MM-dd HH:mm:ss.SSS | 2026-01-05 10:00:00.123  | 2026-01-05T10:00:00.123",
        "yyyy-MM-dd HH:mm:ss.SSS | 2026-01-05 10:00:00.1234 | null",
        "yy-M-d H:mm             | 26-1-5 9:05              | 2026-01-05T09:05",
        "yy-M-d H:mm             | 99-12-31 23:59           | 2099-12-31T23:59",
        "yy-M-d H:mm             | 69-01-01 0:00            | 2069-01-01T00:00",
        "yy-M-d H:mm             | 26-1-5 9:5               | null",
        "d/M/yyyy                | 5/1/2026                 | 2026-01-05T00:00",
        "d/M/yyyy                | 05/01/2026               | 2026-01-05T00:00",
        "d/M/yyyy                | 5/1/26                   | null",
        "yyyyMMdd                | 20260105                 | 2026-01-05T00:00",
    })
    void parsesWhatSparkParsesToTheSameValue(String sparkPattern, String text, String expected) throws SQLException {
        String sql = "SELECT " + StrptimeFormat.fromSparkPattern(sparkPattern).parse(SqlText.literal(text));
        try (Statement statement = duckDb.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            LocalDateTime parsed = row.getObject(1, LocalDateTime.class);
            assertThat(parsed).as(sql).isEqualTo(expected.equals("null") ? null : LocalDateTime.parse(expected));
        }
    }

    @Test
    void rejectsLettersItCannotTranslateNamingThem() {
        assertThatThrownBy(() -> StrptimeFormat.fromSparkPattern("dd MMM yyyy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("datetime pattern 'dd MMM yyyy' uses 'MMM', which the DuckDB translation does not support; use yyyy, yy,"
                        + " MM, M, dd, d, HH, H, mm, m, ss, s and S to SSSSSS, or quote literal text like 'T'");
        assertThatThrownBy(() -> StrptimeFormat.fromSparkPattern("yyyy-MM-dd[ HH:mm]"))
                .hasMessage("datetime pattern 'yyyy-MM-dd[ HH:mm]' uses '[', which marks optional sections in Spark and is not"
                        + " supported by the DuckDB translation; quote it ('[') if it is literal text");
        assertThatThrownBy(() -> StrptimeFormat.fromSparkPattern("yyyy 'at"))
                .hasMessage("datetime pattern 'yyyy 'at' opens a quote at position 5 that it never closes; end the literal text with '");
    }
}
