package io.medallion.lakehouse.silver;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.quality.testing.SharedSpark;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TableDifferencesTest {
    private static final StructType TABLE = StructType.fromDDL("id string, amount double, note string, seq long");
    private static final MergeSpec SCD1 = new MergeSpec(LoadType.SCD1, List.of("id"), "seq", List.of("amount", "note"), List.of(), Optional.empty(),
            NullUpdates.OVERWRITE);

    private final SparkSession spark = SharedSpark.session();

    @Test
    void rowsAreMatchedByKeyNullKeysIncludedAndCountedAsTheFoldCountsThem() {
        Dataset<Row> before = rows(
                RowFactory.create("a", 1.0, "x", 1L),
                RowFactory.create("b", 0.0, null, 1L),
                RowFactory.create(null, 2.0, "n", 1L),
                RowFactory.create("gone", 3.0, "y", 1L),
                RowFactory.create("nan", Double.NaN, "z", 1L));
        Dataset<Row> after = rows(
                RowFactory.create("a", 1.0, "x", 1L),
                RowFactory.create("b", -0.0, null, 1L),
                RowFactory.create(null, 2.0, "n", 1L),
                RowFactory.create("new", 4.0, null, 2L),
                RowFactory.create("nan", Double.NaN, "z", 1L));

        TableDifferences.Counts counts = TableDifferences.between(before, after, SCD1, TABLE);

        // b: -0.0 is not 0.0 for the fold (Double.equals), so an update; the null key matches the null key; NaN equals NaN.
        assertThat(counts).isEqualTo(new TableDifferences.Counts(1, 1, 1));
        assertThat(EventValues.same(0.0, -0.0)).isFalse();
        assertThat(EventValues.same(Double.NaN, Double.NaN)).isTrue();
    }

    private Dataset<Row> rows(Row... rows) {
        return spark.createDataFrame(List.of(rows), TABLE);
    }
}
