package io.medallion.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class GenerateOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        GenerateOptions options = GenerateOptions.defaults("/data/raw");

        assertThat(options).isEqualTo(new GenerateOptions("/data/raw", 42, 20_971_520, 3, LocalDate.of(2026, 1, 1), 0.02));
    }

    @Test
    void daysOutsideOneTo366AreRejectedNamingTheOption() {
        assertThatThrownBy(() -> withDays(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--days must be between 1 and 366, got 0");
        assertThatThrownBy(() -> withDays(367)).hasMessage("--days must be between 1 and 366, got 367");
        assertThat(withDays(366).days()).isEqualTo(366);
        assertThat(withDays(1).days()).isEqualTo(1);
    }

    @Test
    void defectRateOutsideZeroToHalfIsRejectedNamingTheOption() {
        assertThatThrownBy(() -> withDefectRate(-0.01))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--defect-rate must be between 0 and 0.5, got -0.01");
        assertThatThrownBy(() -> withDefectRate(0.51)).hasMessage("--defect-rate must be between 0 and 0.5, got 0.51");
        assertThatThrownBy(() -> withDefectRate(Double.NaN)).hasMessage("--defect-rate must be between 0 and 0.5, got NaN");
        assertThat(withDefectRate(0).defectRate()).isZero();
        assertThat(withDefectRate(0.5).defectRate()).isEqualTo(0.5);
    }

    @Test
    void sizeBelow100000BytesIsRejectedNamingTheOption() {
        assertThatThrownBy(() -> withSize(99_999))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--size must be at least 100000 bytes (about 100KB), got 99999");
        assertThat(withSize(100_000).sizeBytes()).isEqualTo(100_000);
    }

    @Test
    void outputDirectoryMustBeLocal() {
        assertThatThrownBy(() -> GenerateOptions.defaults("s3://bucket/raw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--out must be a local directory, got 's3://bucket/raw'; "
                        + "generate locally, then copy the files to object storage");
        assertThatThrownBy(() -> GenerateOptions.defaults(" ")).hasMessage("--out must not be blank");
        assertThat(GenerateOptions.defaults("file:///tmp/raw").outputPath()).isEqualTo(Path.of("/tmp/raw"));
        assertThat(GenerateOptions.defaults("data/raw").outputPath()).isEqualTo(Path.of("data/raw"));
    }

    @Test
    void missingValuesAreRejected() {
        assertThatThrownBy(() -> new GenerateOptions(null, 42, 100_000, 3, LocalDate.of(2026, 1, 1), 0.02))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("outputDirectory is null");
        assertThatThrownBy(() -> new GenerateOptions("/data", 42, 100_000, 3, null, 0.02))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("startDate is null");
    }

    private static GenerateOptions withDays(int days) {
        return new GenerateOptions("/data", 42, 100_000, days, LocalDate.of(2026, 1, 1), 0.02);
    }

    private static GenerateOptions withDefectRate(double defectRate) {
        return new GenerateOptions("/data", 42, 100_000, 3, LocalDate.of(2026, 1, 1), defectRate);
    }

    private static GenerateOptions withSize(long sizeBytes) {
        return new GenerateOptions("/data", 42, sizeBytes, 3, LocalDate.of(2026, 1, 1), 0.02);
    }
}
