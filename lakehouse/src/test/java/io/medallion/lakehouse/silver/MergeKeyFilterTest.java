package io.medallion.lakehouse.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.quality.testing.SharedSpark;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MergeKeyFilterTest {
    private static final List<String> KEYS = List.of("region", "number");
    private final SparkSession spark = SharedSpark.session();

    @AfterEach
    void forgetTheSize() {
        spark.conf().unset(MergeKeyFilter.MIN_BYTES_KEY);
    }

    /** 20,000 rows keyed by (region, number); the region is null for every 1000th row, so some keys hold a null. */
    private Dataset<Row> target() {
        return spark.range(20_000).select(
                when(col("id").mod(1000).equalTo(0), lit(null)).otherwise(format_string("R%02d", col("id").mod(7))).as("region"),
                col("id").cast("int").as("number"),
                format_string("value %d", col("id")).as("value"));
    }

    @Test
    void everyKeyOfTheBatchPassesAndFewOthersDo() {
        spark.conf().set(MergeKeyFilter.MIN_BYTES_KEY, "0");
        Dataset<Row> target = target();
        // 200 keys, two of them with a null region, plus a key the target does not hold.
        Dataset<Row> batch = target.where(col("number").mod(100).equalTo(0)).select("region", "number")
                .unionByName(spark.sql("SELECT 'R99' AS region, 5 AS number"));

        try (MergeKeyFilter filter = MergeKeyFilter.of(spark, batch, KEYS, batch.count(), Long.MAX_VALUE).orElseThrow()) {
            Dataset<Row> passed = target.as("t").where(filter.mayHoldKeyOf("t"));

            assertThat(passed.join(batch, col("t.region").eqNullSafe(batch.col("region")).and(col("t.number").equalTo(batch.col("number"))), "left_semi")
                    .count()).as("target rows holding a key of the batch that pass").isEqualTo(200);
            assertThat(passed.count()).as("rows passed: the batch's 200 and false positives, about 1% of the other 19,800")
                    .isBetween(200L, 200L + 600L);
        }
    }

    @Test
    void aTableKeyNarrowerThanTheBatchsPassesByValue() {
        Dataset<Row> target = spark.range(1_000).select(col("id").cast("int").as("number"));
        Dataset<Row> batch = spark.range(0, 1_000, 10).select(col("id").as("number"));

        try (MergeKeyFilter filter = MergeKeyFilter.of(spark, batch, List.of("number"), batch.count(), Long.MAX_VALUE).orElseThrow()) {
            Dataset<Row> passed = target.as("t").where(filter.mayHoldKeyOf("t"));

            assertThat(passed.where(col("number").mod(10).equalTo(0)).count()).as("int keys whose long value the batch holds").isEqualTo(100);
        }
    }

    @Test
    void aTargetSmallerThanTheConfiguredSizeIsNotFiltered() {
        spark.conf().set(MergeKeyFilter.MIN_BYTES_KEY, "1000");
        Dataset<Row> batch = target().limit(10);

        assertThat(MergeKeyFilter.of(spark, batch, KEYS, 10, 999)).isEmpty();
        Optional<MergeKeyFilter> filter = MergeKeyFilter.of(spark, batch, KEYS, 10, 1000);
        assertThat(filter).isPresent();
        filter.get().close();
    }

    @Test
    void bySizeTheDefaultLeavesSmallTargetsUnfiltered() {
        Dataset<Row> batch = target().limit(10);

        assertThat(MergeKeyFilter.of(spark, batch, KEYS, 10, MergeKeyFilter.DEFAULT_MIN_BYTES - 1)).isEmpty();
    }

    @Test
    void aSizeThatIsNotANumberIsNamedWithWhatItTakes() {
        spark.conf().set(MergeKeyFilter.MIN_BYTES_KEY, "32MB");

        assertThatThrownBy(() -> MergeKeyFilter.of(spark, target(), KEYS, 10, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("spark.medallion.silver.mergeKeyFilterMinBytes takes a number of bytes (0 filters every merge's target); got '32MB'");
    }
}
