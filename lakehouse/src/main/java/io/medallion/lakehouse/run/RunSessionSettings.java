package io.medallion.lakehouse.run;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.RuntimeConfig;

/**
 * The Spark SQL settings a pipeline run needs, set on the session for the run and put back
 * afterwards, since the session may be the caller's (a notebook's, a Databricks job's).
 */
final class RunSessionSettings implements AutoCloseable {
    /**
     * <ul>
     *   <li>Declared datetime formats are parsed by today's rules only: under Spark's default policy a
     *       value the old parser would read differently fails the whole query instead of its row.
     *   <li>No constraint propagation: bronze's typing and row checks put hundreds of expressions over
     *       one projection, and inferring constraints from them took Catalyst's optimizer most of the
     *       time before an incremental batch's write started (seen in driver stack samples); Medallion's
     *       plans gain nothing from the inferred filters.
     * </ul>
     */
    static final Map<String, String> SETTINGS = Map.of(
            "spark.sql.legacy.timeParserPolicy", "CORRECTED",
            "spark.sql.constraintPropagation.enabled", "false");

    private final RuntimeConfig conf;
    private final Map<String, String> previous = new LinkedHashMap<>();

    private RunSessionSettings(RuntimeConfig conf) {
        this.conf = conf;
    }

    static RunSessionSettings apply(RuntimeConfig conf) {
        RunSessionSettings settings = new RunSessionSettings(conf);
        SETTINGS.forEach((key, value) -> {
            settings.previous.put(key, conf.contains(key) ? conf.get(key) : null);
            conf.set(key, value);
        });
        return settings;
    }

    @Override
    public void close() {
        previous.forEach((key, value) -> {
            if (value == null) {
                conf.unset(key);
            } else {
                conf.set(key, value);
            }
        });
    }
}
