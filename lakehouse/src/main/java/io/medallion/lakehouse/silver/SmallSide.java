package io.medallion.lakehouse.silver;

import io.medallion.lakehouse.spark.WholeNumberSetting;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Marks the small side of a join for broadcast when its measured size allows, so that the big side
 * (a silver table of millions of rows, joined with a batch's few keys or changes) is scanned in
 * place instead of shuffled. Spark's own threshold ({@code spark.sql.autoBroadcastJoinThreshold},
 * 10 MB) judges the small side by estimates and leaves a 1% batch of a 10 M-row dimension out; here
 * the side is a cached dataset already computed, so its size is measured, and the limit is
 * {@value #MAX_BYTES_KEY} (default 64 MB, 0 turns this off).
 */
final class SmallSide {
    static final String MAX_BYTES_KEY = "spark.medallion.silver.broadcastMaxBytes";
    static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

    private SmallSide() {}

    /**
     * {@code side} with a broadcast hint when it is at most the limit, else {@code side} unchanged.
     *
     * @param side a persisted dataset that an action has computed (its size is then measured, not estimated)
     */
    static <T> Dataset<T> broadcastIfSmall(SparkSession spark, Dataset<T> side) {
        long limit = WholeNumberSetting.read(spark, MAX_BYTES_KEY, DEFAULT_MAX_BYTES, "a number of bytes", "turns broadcasting off");
        long bytes = side.queryExecution().optimizedPlan().stats().sizeInBytes().longValue();
        return limit > 0 && bytes <= limit ? functions.broadcast(side) : side;
    }
}
