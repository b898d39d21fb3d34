package io.medallion.lakehouse.spark;

import org.apache.spark.sql.SparkSession;

/** A whole number that a session setting gives, with an error that names the setting and what it takes. */
public final class WholeNumberSetting {
    private WholeNumberSetting() {}

    /**
     * @param takes what the setting holds, for the error message (e.g. "a number of bytes")
     * @param zeroMeans what 0 does, for the error message (e.g. "turns broadcasting off")
     * @throws IllegalArgumentException when the value is not a whole number
     */
    public static long read(SparkSession spark, String key, long defaultValue, String takes, String zeroMeans) {
        String value = spark.conf().get(key, Long.toString(defaultValue));
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " takes " + takes + " (0 " + zeroMeans + "); got '" + value + "'");
        }
    }
}
