package io.medallion.lakehouse.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;

import io.medallion.lakehouse.spark.WholeNumberSetting;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.sketch.BloomFilter;

/**
 * A filter on the target side of a silver {@code MERGE}: the target rows whose key the batch may
 * hold, by a Bloom filter of the batch's key hashes.
 *
 * <p>Why: a MERGE that can insert joins its source with every row of the files it touches, and
 * Spark cannot broadcast the source of that join (Delta keeps all source rows), so it shuffles and
 * sorts every one of those target rows. A 1% batch spread over a 10 M-row dimension touches every
 * file: 10 M rows shuffled to update 100 thousand. As a conjunct of the merge condition that names
 * only the target, the filter is applied where the target is read, so only the rows that may match
 * reach the join. A Bloom filter has no false negatives: every key of the batch passes, so the
 * filter changes how many rows reach the join, never the MERGE's result.
 *
 * <p>Used for targets of at least {@value #MIN_BYTES_KEY} (default 32 MB; 0 always): below it the
 * shuffle costs less than building the filter.
 */
final class MergeKeyFilter implements AutoCloseable {
    static final String MIN_BYTES_KEY = "spark.medallion.silver.mergeKeyFilterMinBytes";
    static final long DEFAULT_MIN_BYTES = 32L * 1024 * 1024;
    /** The function's name in the merge condition, as {@code DESCRIBE HISTORY} shows it. */
    static final String FUNCTION_NAME = "batch_may_hold_key";
    /** A batch of more keys gets a filter of this many (about 4.8 MB, more false positives): its size stops growing with the batch. */
    private static final long MAX_EXPECTED_KEYS = 4_000_000;
    private static final double FALSE_POSITIVE_RATE = 0.01;

    private final Broadcast<BloomFilter> filter;
    private final List<String> keys;
    private final List<DataType> keyTypes;

    private MergeKeyFilter(Broadcast<BloomFilter> filter, List<String> keys, List<DataType> keyTypes) {
        this.filter = filter;
        this.keys = keys;
        this.keyTypes = keyTypes;
    }

    /**
     * The filter of {@code batch}'s keys when {@code targetBytes} is at least the configured size, else empty.
     *
     * @param batch the merge's source (read once more, to build the filter)
     * @param batchRows how many rows {@code batch} has (an upper bound of its keys, which sizes the filter)
     */
    static Optional<MergeKeyFilter> of(SparkSession spark, Dataset<Row> batch, List<String> keys, long batchRows, long targetBytes) {
        long minBytes = WholeNumberSetting.read(spark, MIN_BYTES_KEY, DEFAULT_MIN_BYTES, "a number of bytes", "filters every merge's target");
        if (targetBytes < minBytes) {
            return Optional.empty();
        }
        long expected = Math.max(1, Math.min(batchRows, MAX_EXPECTED_KEYS));
        List<DataType> keyTypes = keys.stream().map(key -> batch.schema().apply(key).dataType()).toList();
        BloomFilter bloom = batch.select(xxhash64(keys.stream().map(Columns::named).toArray(Column[]::new)).as("key_hash")).stat()
                .bloomFilter("key_hash", expected, FALSE_POSITIVE_RATE);
        Broadcast<BloomFilter> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(bloom);
        return Optional.of(new MergeKeyFilter(shared, List.copyOf(keys), keyTypes));
    }

    /** True for each row of the target (columns qualified by {@code alias}) whose key the batch may hold. */
    Column mayHoldKeyOf(String alias) {
        Broadcast<BloomFilter> shared = filter; // the function captures the broadcast, not this (which is not serializable)
        UserDefinedFunction mayHold = functions.udf((UDF1<Long, Boolean>) hash -> shared.value().mightContainLong(hash), DataTypes.BooleanType)
                .withName(FUNCTION_NAME);
        // Hashed as the batch's types: a table whose key column is narrower than the batch's (an int
        // table key, a long batch key) still matches by value, and must hash alike to pass.
        Column[] targetKeys = new Column[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            targetKeys[i] = col(alias + "." + Columns.quote(keys.get(i))).cast(keyTypes.get(i));
        }
        // xxhash64 skips null columns, so a null key hashes alike on both sides.
        return mayHold.apply(xxhash64(targetKeys));
    }

    @Override
    public void close() {
        filter.destroy();
    }
}
