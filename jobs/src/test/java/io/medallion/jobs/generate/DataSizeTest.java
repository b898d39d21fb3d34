package io.medallion.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DataSizeTest {

    @ParameterizedTest(name = "{0} is {1} bytes")
    @CsvSource({
        "500KB, 512000",
        "20MB, 20971520",
        "1GB, 1073741824",
        "1.5GB, 1610612736",
        "2TB, 2199023255552",
        "123456, 123456",
        "123456B, 123456",
        "20mb, 20971520",
        "1Gb, 1073741824",
        "'  20 MB ', 20971520",
        "0.5KB, 512",
        "1.0001KB, 1024",
    })
    void parsesSizesWithBinaryUnits(String text, long bytes) {
        assertThat(DataSize.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "''{0}'' is rejected")
    @ValueSource(strings = {"", "MB", "twenty MB", "-5MB", "20 M B", "1.5", "1..5GB", ".5GB", "5.GB", "1e9", "20PB",
        "10,5MB", "99999999999TB"})
    void rejectsAnythingElseQuotingTheText(String text) {
        assertThatThrownBy(() -> DataSize.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--size must look like 20MB or 1GB, got '" + text + "'");
    }

    @org.junit.jupiter.api.Test
    void rejectsNull() {
        assertThatThrownBy(() -> DataSize.parse(null)).hasMessage("--size must look like 20MB or 1GB, got 'null'");
    }
}
