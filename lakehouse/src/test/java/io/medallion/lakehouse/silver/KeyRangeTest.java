package io.medallion.lakehouse.silver;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.quality.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRangeTest {
    private static final List<String> KEYS = List.of("region", "number");
    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path temp;

    private static KeyRange rangeOf(Dataset<Row> batch) {
        return rangeOf(batch, KEYS);
    }

    /** As SilverMerge takes it: the range's aggregates after a first one (here a constant). */
    private static KeyRange rangeOf(Dataset<Row> batch, List<String> keys) {
        Row totals = batch.agg(lit(1), KeyRange.aggregates(keys, batch.schema()).toArray(Column[]::new)).head();
        return KeyRange.from(totals, 1, keys, batch.schema());
    }

    /** Rows keyed (region, number) for numbers [from, to); the region is null for every 10th number. */
    private Dataset<Row> rows(long from, long to) {
        return spark.range(from, to).select(
                when(col("id").mod(10).equalTo(0), lit(null)).otherwise(format_string("R%d", col("id").mod(3))).as("region"),
                col("id").as("number"),
                format_string("value %d", col("id")).as("value"));
    }

    @Test
    void aDeltaReadWithinTheRangeSkipsTheFilesOutsideIt() {
        String path = temp.resolve("table").toString();
        rows(0, 100).coalesce(1).write().format("delta").save(path);
        rows(1_000, 1_100).coalesce(1).write().format("delta").mode("append").save(path);
        rows(2_000, 2_100).coalesce(1).write().format("delta").mode("append").save(path);
        Dataset<Row> table = spark.read().format("delta").load(path);

        Dataset<Row> within = rangeOf(rows(1_020, 1_030)).within(table);

        assertThat(table.inputFiles()).hasSize(3);
        assertThat(within.inputFiles()).as("files whose statistics overlap numbers 1020-1029").hasSize(1);
        assertThat(within.count()).as("numbers 1020-1029 of a region in R0-R2 or null").isEqualTo(10);
    }

    @Test
    void everyRowOfTheBatchsKeysPassesNullsIncluded() {
        Dataset<Row> table = rows(0, 1_000);
        Dataset<Row> batch = rows(200, 300).select("region", "number");

        Dataset<Row> passed = table.as("t").filter(rangeOf(batch).holdsKeyOf("t").orElseThrow());

        assertThat(passed.join(batch, col("t.region").eqNullSafe(batch.col("region")).and(col("t.number").equalTo(batch.col("number"))),
                "left_semi").count()).as("rows of the batch's keys, ten of them with a null region").isEqualTo(100);
        assertThat(passed.filter(col("number").lt(200).or(col("number").geq(300))).count()).as("rows outside the numbers' range")
                .isZero();
    }

    @Test
    void aKeyColumnTheBatchHoldsOnlyAsNullAdmitsOnlyNull() {
        Dataset<Row> table = rows(0, 100);
        Dataset<Row> batch = rows(0, 100).filter(col("region").isNull()).select("region", "number");

        Dataset<Row> passed = rangeOf(batch).within(table);

        assertThat(passed.count()).isEqualTo(10);
        assertThat(passed.filter(col("region").isNotNull()).count()).isZero();
    }

    @Test
    void keyColumnsOfOtherThanAtomicTypesAreNotBounded() {
        Dataset<Row> batch = rows(0, 10).select(array(col("region")).as("region"), col("number"));

        KeyRange range = rangeOf(batch);

        assertThat(range.within(rows(0, 100)).count()).as("bounded by number alone").isEqualTo(10);
        assertThat(rangeOf(batch.select("region"), List.of("region")).holdsKeyOf("t")).isEmpty();
    }
}
