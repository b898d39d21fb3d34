package io.medallion.lakehouse.jdbc;

import java.time.ZoneId;
import java.util.Optional;

/**
 * Spark's JDBC reader turns a database's {@code TIMESTAMP WITHOUT TIME ZONE} into an instant in the
 * JVM's default time zone, while the lakehouse shows instants in the session's: when the two differ,
 * every such value lands shifted by the difference (10:00 in the database, 09:00 in bronze with a
 * JVM in Berlin and a UTC session). Watermarks are unaffected (they go there and back in the same
 * zone); the values are not, so the extract says so before it runs.
 */
final class ZoneCheck {
    private ZoneCheck() {}

    /** Why timestamps would shift, or empty when the JVM's zone and the session's agree. */
    static Optional<String> mismatch(ZoneId jvm, ZoneId session) {
        if (jvm.normalized().equals(session.normalized())) {
            return Optional.empty();
        }
        return Optional.of("the JVM's time zone is " + jvm + " but spark.sql.session.timeZone is " + session
                + ": database timestamps without a time zone are read in the JVM's zone and shown in the session's, so they shift by the"
                + " difference. Start the driver and executors with -Duser.timezone=" + session
                + " (spark.driver.extraJavaOptions, spark.executor.extraJavaOptions; bin/medallion does it)");
    }
}
