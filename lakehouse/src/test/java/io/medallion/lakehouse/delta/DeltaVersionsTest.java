package io.medallion.lakehouse.delta;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.layout.TableRef;
import io.medallion.quality.testing.SharedSpark;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaVersionsTest {
    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path temp;

    @Test
    void recordChangesSwitchesTheFeedOnOnceAndReturnsTheVersionFromWhichItIsComplete() {
        TableRef table = TableRef.atPath(temp.resolve("orders").toString());
        spark.range(3).toDF("id").write().format("delta").save(table.path());

        assertThat(DeltaVersions.recordChanges(spark, table)).as("the version of the commit that switched the feed on").isEqualTo(1);
        assertThat(changeFeedProperty(table)).isEqualTo("true");

        spark.range(3, 5).toDF("id").write().format("delta").mode("append").save(table.path());

        assertThat(DeltaVersions.recordChanges(spark, table)).as("already on: the current version, and no commit").isEqualTo(2);
        assertThat(DeltaVersions.current(spark, table)).isEqualTo(2);
        assertThat(DeltaVersions.insertedBetween(spark, table, 1, 2).count()).isEqualTo(2);
    }

    private String changeFeedProperty(TableRef table) {
        return DeltaTables.forTable(spark, table).detail().select("properties").head().<String, String>getJavaMap(0).get("delta.enableChangeDataFeed");
    }
}
