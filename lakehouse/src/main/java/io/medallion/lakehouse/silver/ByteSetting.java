package io.medallion.lakehouse.silver;

import org.apache.spark.sql.SparkSession;

/** A size in bytes that a session setting gives, with an error that names the setting and what it takes. */
final class ByteSetting {
    private ByteSetting() {}

    /**
     * @param zeroMeans what 0 does, for the error message (e.g. "turns broadcasting off")
     * @throws IllegalArgumentException when the value is not a whole number of bytes
     */
    static long read(SparkSession spark, String key, long defaultBytes, String zeroMeans) {
        String value = spark.conf().get(key, Long.toString(defaultBytes));
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " takes a number of bytes (0 " + zeroMeans + "); got '" + value + "'");
        }
    }
}
