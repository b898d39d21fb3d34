package io.medallion.lakehouse.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.quality.testing.SharedSpark;
import org.apache.spark.sql.RuntimeConfig;
import org.junit.jupiter.api.Test;

class RunSessionSettingsTest {
    private static final String PARSER = "spark.sql.legacy.timeParserPolicy";
    private static final String CONSTRAINTS = "spark.sql.constraintPropagation.enabled";

    @Test
    void setsTheRunsSettingsAndPutsTheCallersBack() {
        RuntimeConfig conf = SharedSpark.session().conf();
        conf.set(PARSER, "LEGACY");
        conf.unset(CONSTRAINTS);
        try {
            try (RunSessionSettings settings = RunSessionSettings.apply(conf)) {
                assertThat(conf.get(PARSER)).isEqualTo("CORRECTED");
                assertThat(conf.get(CONSTRAINTS)).isEqualTo("false");
            }
            assertThat(conf.get(PARSER)).isEqualTo("LEGACY");
            assertThat(conf.contains(CONSTRAINTS)).as("a setting the caller never made is unset again").isFalse();
        } finally {
            conf.unset(PARSER);
        }
    }
}
