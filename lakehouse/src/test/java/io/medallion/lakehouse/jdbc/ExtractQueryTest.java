package io.medallion.lakehouse.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.config.JdbcSourceConfig;
import io.medallion.lakehouse.config.WatermarkConfig;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExtractQueryTest {
    private static final Watermark AT = new Watermark(LocalDateTime.of(2026, 1, 5, 10, 0, 0, 500_000_000), List.of("42", "O'Hara"));

    private static JdbcSourceConfig source(Duration lookback, Optional<Long> maxRows) {
        return new JdbcSourceConfig("jdbc:postgresql://db/shop", Optional.of("public.orders"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), 1000, Optional.of(new WatermarkConfig("updated_at", List.of("id", "name"), lookback)),
                Optional.empty(), Optional.empty(), maxRows);
    }

    @Test
    void firstExtractTakesEveryRowWithATimestampInWatermarkOrderWhenLimited() {
        assertThat(ExtractQuery.sql(source(Duration.ZERO, Optional.of(100L)), Optional.empty())).isEqualTo(
                "SELECT * FROM public.orders WHERE updated_at IS NOT NULL ORDER BY updated_at, id, name FETCH FIRST 100 ROWS ONLY");
    }

    @Test
    void rowsAfterTheWatermarkCompareTimestampThenEachKeyInTurn() {
        assertThat(ExtractQuery.sql(source(Duration.ZERO, Optional.empty()), Optional.of(AT))).isEqualTo(
                "SELECT * FROM public.orders WHERE (updated_at > TIMESTAMP '2026-01-05 10:00:00.500000' OR "
                        + "(updated_at = TIMESTAMP '2026-01-05 10:00:00.500000' AND (id > '42' OR (id = '42' AND name > 'O''Hara'))))");
    }

    @Test
    void lookBackWithoutALimitIsOneRangeFromTheWatermarkMinusTheLookBack() {
        assertThat(ExtractQuery.sql(source(Duration.ofMinutes(10), Optional.empty()), Optional.of(AT))).isEqualTo(
                "SELECT * FROM public.orders WHERE updated_at >= TIMESTAMP '2026-01-05 09:50:00.500000'");
    }

    @Test
    void lookBackWithALimitAddsTheWindowBeforeTheWatermarkToTheNextRows() {
        String after = "(updated_at > TIMESTAMP '2026-01-05 10:00:00.500000' OR (updated_at = TIMESTAMP '2026-01-05 10:00:00.500000' "
                + "AND (id > '42' OR (id = '42' AND name > 'O''Hara'))))";
        assertThat(ExtractQuery.sql(source(Duration.ofMinutes(10), Optional.of(5L)), Optional.of(AT))).isEqualTo(
                "SELECT * FROM (SELECT * FROM public.orders WHERE " + after + " ORDER BY updated_at, id, name FETCH FIRST 5 ROWS ONLY) medallion_next"
                        + " UNION ALL SELECT * FROM public.orders WHERE updated_at >= TIMESTAMP '2026-01-05 09:50:00.500000' AND NOT (" + after + ")");
    }

    @Test
    void aQueryIsWrappedAndASourceWithoutWatermarkIsReadWhole() {
        JdbcSourceConfig query = new JdbcSourceConfig("jdbc:postgresql://db/shop", Optional.empty(), Optional.of("SELECT * FROM orders WHERE shop = 1"),
                Optional.empty(), Optional.empty(), Optional.empty(), 1000, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(ExtractQuery.sql(query, Optional.of(AT))).isEqualTo("SELECT * FROM (SELECT * FROM orders WHERE shop = 1) medallion_query");
    }

    @Test
    void theBoundsOfAPartitionedReadTakeTheNewestWatermarkValueAndEveryPartitionIsCappedAtIt() {
        WatermarkConfig watermark = new WatermarkConfig("updated_at", List.of("id"), Duration.ZERO);
        String query = "SELECT * FROM public.orders WHERE updated_at IS NOT NULL";

        assertThat(ExtractQuery.bounds(query, "id", Optional.of(watermark))).isEqualTo("SELECT MIN(id) AS low, MAX(id) AS high, "
                + "MAX(updated_at) AS newest FROM (SELECT * FROM public.orders WHERE updated_at IS NOT NULL) medallion_bounds");
        assertThat(ExtractQuery.upTo(query, watermark, AT.timestamp())).isEqualTo("SELECT * FROM (SELECT * FROM public.orders WHERE "
                + "updated_at IS NOT NULL) medallion_up_to WHERE updated_at <= TIMESTAMP '2026-01-05 10:00:00.500000'");
    }

    @Test
    void theBoundsOfAPartitionedReadWithoutWatermarkAreThePartitionColumnsAlone() {
        assertThat(ExtractQuery.bounds("SELECT * FROM public.orders", "id", Optional.empty()))
                .isEqualTo("SELECT MIN(id) AS low, MAX(id) AS high FROM (SELECT * FROM public.orders) medallion_bounds");
    }
}
