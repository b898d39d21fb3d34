package io.medallion.lakehouse.delta;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.layout.TableRef;
import io.medallion.quality.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    @Test
    void twoThreadsSwitchingTheFeedOnAtOnceBothGetTheVersionItWasSwitchedOnAt() throws Exception {
        TableRef table = TableRef.atPath(temp.resolve("customers").toString());
        spark.range(3).toDF("id").write().format("delta").save(table.path());
        CyclicBarrier together = new CyclicBarrier(2);
        Callable<Long> switchOn = () -> {
            together.await(30, TimeUnit.SECONDS);
            return DeltaVersions.recordChanges(spark, table);
        };
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Long> first = threads.submit(switchOn);
            Future<Long> second = threads.submit(switchOn);

            // Without taking turns, both find the feed off and the second ALTER fails on the first's metadata change.
            assertThat(List.of(first.get(), second.get())).containsExactly(1L, 1L);
            assertThat(DeltaVersions.current(spark, table)).as("one commit switched it on").isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    private String changeFeedProperty(TableRef table) {
        return DeltaTables.forTable(spark, table).detail().select("properties").head().<String, String>getJavaMap(0).get("delta.enableChangeDataFeed");
    }
}
