package io.medallion.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetailGeneratorSizeTest {

    @ParameterizedTest(name = "{0} over {1} days, sales at least {2} of it")
    @CsvSource({"2MB, 1, 0.85", "2MB, 3, 0.8", "2MB, 7, 0.7"})
    void totalSizeIsWithinFifteenPercentOfTheTarget(String size, int days, double minimumSalesShare, @TempDir Path output) {
        long target = DataSize.parse(size);

        GenerationResult result = RetailGenerator.generate(
                new GenerateOptions(output.toString(), 42, target, days, LocalDate.of(2026, 1, 1), 0.02));

        assertThat(result.bytesWritten()).isBetween((long) (target * 0.85), (long) (target * 1.15));
        long salesBytes = result.files().stream().filter(file -> file.source().equals("sales"))
                .mapToLong(GeneratedFile::bytes).sum();
        assertThat((double) salesBytes / result.bytesWritten()).as("share of sales").isGreaterThan(minimumSalesShare);
    }
}
