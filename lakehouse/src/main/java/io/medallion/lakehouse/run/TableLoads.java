package io.medallion.lakehouse.run;

import io.medallion.lakehouse.concurrent.Tasks;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.spark.WholeNumberSetting;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * Loads a layer's tables several at a time. A small table's load is mostly the driver's work
 * (planning queries, reading Delta logs, committing) between short Spark jobs, so while one table
 * is on the driver another can use the executors, and a run of many small tables no longer costs
 * the sum of their fixed costs. A table starts only once every table it must follow that comes
 * before it in {@link LoadOrder} has finished (see {@link LoadOrder#mustFollow}), so it sees what
 * they committed in this run, as it did when tables loaded one by one; a table whose predecessor
 * failed still loads, as it did then.
 *
 * <p>{@value #PARALLEL_KEY} sets how many tables load at once (default {@value #DEFAULT_PARALLEL};
 * 0 or 1 loads them one by one on the caller's thread).
 */
final class TableLoads {
    static final String PARALLEL_KEY = "spark.medallion.run.parallelTables";
    static final long DEFAULT_PARALLEL = 4;
    /** More threads than this would only queue Spark jobs behind each other, each holding its plans on the driver. */
    static final int MAX_PARALLEL = 64;

    private TableLoads() {}

    /**
     * How many tables the session's setting lets load at once: at least 1.
     *
     * @throws io.medallion.lakehouse.error.MedallionException (bad config, exit 2) when the setting is not a whole number of at least 0
     */
    static int parallelism(SparkSession spark) {
        long parallel;
        try {
            parallel = WholeNumberSetting.read(spark, PARALLEL_KEY, DEFAULT_PARALLEL, "a number of tables", "or 1 loads them one by one");
        } catch (IllegalArgumentException e) {
            throw Errors.badUsage(e.getMessage() + "; nothing was run");
        }
        if (parallel < 0) {
            throw Errors.badUsage(PARALLEL_KEY + " takes a number of tables (0 or 1 loads them one by one); got " + parallel + "; nothing was run");
        }
        return (int) Math.min(Math.max(1, parallel), MAX_PARALLEL);
    }

    /**
     * Loads {@code ordered}, at most {@code parallel} at once, each after the earlier tables it must follow.
     *
     * @param ordered the tables in {@link LoadOrder}'s order
     * @param mustFollow whether its first table waits for its second
     * @param load loads one table; a failure it does not handle itself is rethrown once every table has finished
     * @return each table's result, in {@code ordered}'s order
     */
    static <T, R> List<R> run(List<T> ordered, int parallel, BiPredicate<T, T> mustFollow, Function<T, R> load) {
        if (parallel <= 1 || ordered.size() <= 1) {
            return ordered.stream().map(load).toList();
        }
        int threads = Math.min(parallel, ordered.size());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Tasks.daemonThreads("medallion-table"));
        // Created here, on the caller's thread, the threads inherit its Spark local properties (the run's
        // job group) and class loader; a thread started later by a finishing table would inherit that one's.
        pool.prestartAllCoreThreads();
        try {
            List<CompletableFuture<R>> loads = new ArrayList<>();
            for (T table : ordered) {
                List<CompletableFuture<R>> before = new ArrayList<>();
                for (int earlier = 0; earlier < loads.size(); earlier++) {
                    if (mustFollow.test(table, ordered.get(earlier))) {
                        before.add(loads.get(earlier));
                    }
                }
                loads.add(CompletableFuture.allOf(before.toArray(CompletableFuture<?>[]::new)).handle((done, failure) -> table)
                        .thenApplyAsync(load, pool));
            }
            CompletableFuture.allOf(loads.toArray(CompletableFuture<?>[]::new)).handle((done, failure) -> done).join();
            return loads.stream().map(finished -> Tasks.await(finished, "loading tables")).toList();
        } finally {
            pool.shutdownNow();
        }
    }
}
