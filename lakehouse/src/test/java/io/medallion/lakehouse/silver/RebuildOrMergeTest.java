package io.medallion.lakehouse.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.quality.testing.SharedSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RebuildOrMergeTest {
    private final SparkSession spark = SharedSpark.session();

    @AfterEach
    void byDefault() {
        spark.conf().unset(RebuildOrMerge.RATIO_KEY);
    }

    @Test
    void aBatchIsRebuiltWhileBronzeHeldAtMostFourTimesWhatItAdds() {
        assertThat(RebuildOrMerge.rebuilds(spark, new RebuildOrMerge.Sizes(400, 100))).isTrue();
        assertThat(RebuildOrMerge.rebuilds(spark, new RebuildOrMerge.Sizes(401, 100))).isFalse();
        assertThat(RebuildOrMerge.rebuilds(spark, new RebuildOrMerge.Sizes(0, 0))).as("a batch that adds nothing").isFalse();
        assertThat(RebuildOrMerge.reason(spark, new RebuildOrMerge.Sizes(400, 100))).contains("400 bytes", "at most 4 times", "100 bytes", RebuildOrMerge.RATIO_KEY);
    }

    @Test
    void theRatioIsASettingAndZeroAlwaysMerges() {
        spark.conf().set(RebuildOrMerge.RATIO_KEY, "10");
        assertThat(RebuildOrMerge.rebuilds(spark, new RebuildOrMerge.Sizes(1000, 100))).isTrue();
        spark.conf().set(RebuildOrMerge.RATIO_KEY, "0");
        assertThat(RebuildOrMerge.rebuilds(spark, new RebuildOrMerge.Sizes(0, 100))).isFalse();
        spark.conf().set(RebuildOrMerge.RATIO_KEY, "four");
        assertThatThrownBy(() -> RebuildOrMerge.rebuilds(spark, new RebuildOrMerge.Sizes(0, 100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(RebuildOrMerge.RATIO_KEY + " takes a whole number (0 always merges); got 'four'");
    }
}
