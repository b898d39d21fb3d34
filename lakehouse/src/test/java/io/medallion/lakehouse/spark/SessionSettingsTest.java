package io.medallion.lakehouse.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.quality.testing.SharedSpark;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SessionSettingsTest {
    private static final String PARSER = "spark.sql.legacy.timeParserPolicy";
    private static final String CONSTRAINTS = "spark.sql.constraintPropagation.enabled";

    @Test
    void setsMedallionsSettingsWhileTheWorkRunsAndPutsTheCallersBack() {
        SparkSession spark = SharedSpark.session();
        RuntimeConfig conf = spark.conf();
        conf.set(PARSER, "LEGACY");
        conf.unset(CONSTRAINTS);
        try {
            String seen = SessionSettings.during(spark, () -> conf.get(PARSER) + "," + conf.get(CONSTRAINTS));

            assertThat(seen).isEqualTo("CORRECTED,false");
            assertThat(conf.get(PARSER)).isEqualTo("LEGACY");
            assertThat(conf.contains(CONSTRAINTS)).as("a setting the caller never made is unset again").isFalse();
        } finally {
            conf.unset(PARSER);
        }
    }
}
