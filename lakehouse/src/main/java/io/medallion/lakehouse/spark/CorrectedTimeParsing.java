package io.medallion.lakehouse.spark;

import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Runs work that types declared datetime columns under Spark's current parser rules only. Under
 * Spark's default policy a value the old parser would read differently fails the whole query
 * instead of its row. The session's own setting is put back afterwards, since the session may be
 * the caller's.
 */
public final class CorrectedTimeParsing {
    private static final String TIME_PARSER_POLICY = "spark.sql.legacy.timeParserPolicy";

    private CorrectedTimeParsing() {}

    public static <T> T during(SparkSession spark, Supplier<T> work) {
        String previous = spark.conf().get(TIME_PARSER_POLICY, "EXCEPTION");
        spark.conf().set(TIME_PARSER_POLICY, "CORRECTED");
        try {
            return work.get();
        } finally {
            spark.conf().set(TIME_PARSER_POLICY, previous);
        }
    }
}
