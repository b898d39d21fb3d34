package io.medallion.lakehouse.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class FileDatesTest {
    @Test
    void theFirstRealDateInTheNameWins() {
        assertThat(FileDates.of("yyyy-MM-dd").dateOf("sales_2026-01-04.csv")).contains(LocalDate.of(2026, 1, 4));
        assertThat(FileDates.of("yyyyMMdd").dateOf("export_20261399_20260131_v2.csv")).contains(LocalDate.of(2026, 1, 31));
        assertThat(FileDates.of("dd.MM.yyyy").dateOf("bestand 31.12.2025.csv")).contains(LocalDate.of(2025, 12, 31));
    }

    @Test
    void digitsThatAreOnlyPartOfALongerNumberAreNoDate() {
        assertThat(FileDates.of("yyyyMMdd").dateOf("batch-120260104.csv")).isEmpty();
        assertThat(FileDates.of("yyyy-MM-dd").dateOf("sales_2026-02-30.csv")).isEmpty();
        assertThat(FileDates.of("yyyy-MM-dd").dateOf("sales.csv")).isEmpty();
    }

    @Test
    void aFormatNeedsYearMonthAndDayAndNothingElse() {
        assertThatThrownBy(() -> FileDates.of("yyyy-MM")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileDates.of("yyyy-MM-dd HH")).isInstanceOf(IllegalArgumentException.class);
    }
}
