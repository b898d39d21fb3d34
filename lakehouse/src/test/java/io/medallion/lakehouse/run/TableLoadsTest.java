package io.medallion.lakehouse.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.lakehouse.error.MedallionException;
import io.medallion.quality.testing.SharedSpark;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TableLoadsTest {
    private static final BiPredicate<String, String> INDEPENDENT = (later, earlier) -> false;

    private final SparkSession spark = SharedSpark.session();

    @AfterEach
    void byDefault() {
        spark.conf().unset(TableLoads.PARALLEL_KEY);
    }

    @Test
    void independentTablesLoadAtTheSameTime() {
        // Each load waits for the other at the barrier: one by one, the first would wait alone and time out.
        CyclicBarrier bothStarted = new CyclicBarrier(2);

        List<String> loaded = TableLoads.run(List.of("a", "b"), 2, INDEPENDENT, table -> {
            try {
                bothStarted.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(table + " loaded alone", e);
            }
            return table + " loaded";
        });

        assertThat(loaded).containsExactly("a loaded", "b loaded");
    }

    @Test
    void aTableStartsOnlyAfterTheEarlierTablesItMustFollowHaveFinished() {
        List<String> events = new CopyOnWriteArrayList<>();
        BiPredicate<String, String> cFollowsA = (later, earlier) -> later.equals("c") && earlier.equals("a");

        List<String> loaded = TableLoads.run(List.of("a", "b", "c"), 3, cFollowsA, table -> {
            events.add(table + " started");
            sleep(table.equals("a") ? 300 : 0);
            events.add(table + " finished");
            return table;
        });

        assertThat(loaded).as("in the given order, whatever finished first").containsExactly("a", "b", "c");
        assertThat(events.indexOf("c started")).isGreaterThan(events.indexOf("a finished"));
        assertThat(events.indexOf("b finished")).as("b did not wait for a").isLessThan(events.indexOf("a finished"));
    }

    @Test
    void aFailureIsRethrownOnceEveryTableHasFinishedAndDoesNotStopTheTablesAfterIt() {
        Map<String, Boolean> finished = new ConcurrentHashMap<>();
        BiPredicate<String, String> bFollowsA = (later, earlier) -> later.equals("b") && earlier.equals("a");

        assertThatThrownBy(() -> TableLoads.run(List.of("a", "b", "c"), 2, bFollowsA, table -> {
            if (table.equals("a")) {
                throw new IllegalStateException("a broke");
            }
            sleep(200);
            finished.put(table, true);
            return table;
        })).isInstanceOf(IllegalStateException.class).hasMessage("a broke");

        assertThat(finished).containsOnlyKeys("b", "c");
    }

    @Test
    void oneAtATimeLoadsOnTheCallersThread() {
        Thread caller = Thread.currentThread();

        List<Boolean> onCaller = TableLoads.run(List.of("a", "b"), 1, INDEPENDENT, table -> Thread.currentThread() == caller);

        assertThat(onCaller).containsExactly(true, true);
    }

    @Test
    void theTablesThreadsRunInTheCallersSparkJobGroup() {
        spark.sparkContext().setJobGroup("medallion-test-run", "a run", false);
        try {
            List<String> groups = TableLoads.run(List.of("a", "b"), 2, INDEPENDENT,
                    table -> spark.sparkContext().getLocalProperty("spark.jobGroup.id"));

            assertThat(groups).containsExactly("medallion-test-run", "medallion-test-run");
        } finally {
            spark.sparkContext().clearJobGroup();
        }
    }

    @Test
    void theParallelismIsASettingAndABadValueIsBadConfigNamingIt() {
        assertThat(TableLoads.parallelism(spark)).isEqualTo(TableLoads.DEFAULT_PARALLEL);
        spark.conf().set(TableLoads.PARALLEL_KEY, "0");
        assertThat(TableLoads.parallelism(spark)).isEqualTo(1);
        spark.conf().set(TableLoads.PARALLEL_KEY, "-2");
        assertThatThrownBy(() -> TableLoads.parallelism(spark)).isInstanceOfSatisfying(MedallionException.class,
                e -> assertThat(e.kind()).isEqualTo(MedallionException.Kind.BAD_CONFIG))
                .hasMessage(TableLoads.PARALLEL_KEY + " takes a number of tables (0 or 1 loads them one by one); got -2; nothing was run");
        spark.conf().set(TableLoads.PARALLEL_KEY, "many");
        assertThatThrownBy(() -> TableLoads.parallelism(spark)).isInstanceOfSatisfying(MedallionException.class,
                e -> assertThat(e.kind()).isEqualTo(MedallionException.Kind.BAD_CONFIG))
                .hasMessage(TableLoads.PARALLEL_KEY + " takes a number of tables (0 or 1 loads them one by one); got 'many'; nothing was run");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
