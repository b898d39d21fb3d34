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

    @Test
    void splitsInputFilesFinerUnlessTheSessionSetsItsOwnMinimum() {
        SparkSession spark = SharedSpark.session();
        RuntimeConfig conf = spark.conf();
        String cores = Integer.toString(spark.sparkContext().defaultParallelism());
        conf.unset(SessionSettings.MIN_FILE_SPLITS);

        String seen = SessionSettings.during(spark, () -> conf.get(SessionSettings.MIN_FILE_SPLITS));

        assertThat(Integer.parseInt(seen)).isEqualTo(SessionSettings.FILE_SPLITS_PER_CORE * Integer.parseInt(cores));
        assertThat(conf.contains(SessionSettings.MIN_FILE_SPLITS)).as("unset again afterwards").isFalse();
        conf.set(SessionSettings.MIN_FILE_SPLITS, "1");
        try {
            assertThat(SessionSettings.during(spark, () -> conf.get(SessionSettings.MIN_FILE_SPLITS))).as("the session's own value wins").isEqualTo("1");
            assertThat(conf.get(SessionSettings.MIN_FILE_SPLITS)).isEqualTo("1");
        } finally {
            conf.unset(SessionSettings.MIN_FILE_SPLITS);
        }
    }
}
