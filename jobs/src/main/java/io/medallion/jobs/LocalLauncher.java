package io.medallion.jobs;

import io.medallion.jobs.cli.MedallionCli;
import io.medallion.lakehouse.spark.SparkSessions;

/**
 * The entry point of {@code bin/medallion}: runs a command on a local Spark session and exits the
 * JVM with its exit code (0 success, 1 job failed, 2 bad usage or config). Only this launcher turns
 * outcomes into process exits.
 */
public final class LocalLauncher {
    private LocalLauncher() {}

    public static void main(String[] args) {
        int exitCode = new MedallionCli(SparkSessions::local, System.out, System.err, System.getenv()).run(args);
        System.exit(exitCode);
    }
}
