package io.medallion.lakehouse.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.quality.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmallSideTest {
    private static final String AUTO_BROADCAST = "spark.sql.autoBroadcastJoinThreshold";
    private final SparkSession spark = SharedSpark.session();
    private final Dataset<Row> keys = spark.range(1_000).toDF("key").persist(StorageLevel.MEMORY_AND_DISK());

    @AfterEach
    void forgetTheLimit() {
        spark.conf().unset(SmallSide.MAX_BYTES_KEY);
        spark.conf().unset(AUTO_BROADCAST);
        keys.unpersist();
    }

    @Test
    void aComputedSideWithinTheLimitIsBroadcastAndTheJoinScansTheOtherSideInPlace() {
        keys.count();
        spark.conf().set(AUTO_BROADCAST, "-1"); // so that only the hint can make the join a broadcast
        Dataset<Row> big = spark.range(100_000).toDF("key");

        Dataset<Row> joined = big.join(SmallSide.broadcastIfSmall(spark, keys), "key");

        assertThat(joined.queryExecution().executedPlan().toString()).contains("BroadcastHashJoin").doesNotContain("SortMergeJoin");
        assertThat(joined.count()).isEqualTo(1_000);
    }

    @Test
    void aSideOverTheLimitIsLeftToSpark() {
        keys.count();
        spark.conf().set(SmallSide.MAX_BYTES_KEY, "16");

        assertThat(SmallSide.broadcastIfSmall(spark, keys)).isSameAs(keys);
    }

    @Test
    void zeroTurnsBroadcastingOff() {
        keys.count();
        spark.conf().set(SmallSide.MAX_BYTES_KEY, "0");

        assertThat(SmallSide.broadcastIfSmall(spark, keys)).isSameAs(keys);
    }

    @Test
    void aLimitThatIsNotANumberIsNamedWithWhatItTakes() {
        spark.conf().set(SmallSide.MAX_BYTES_KEY, "64MB");

        assertThatThrownBy(() -> SmallSide.broadcastIfSmall(spark, keys)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("spark.medallion.silver.broadcastMaxBytes takes a number of bytes (0 turns broadcasting off); got '64MB'");
    }
}
