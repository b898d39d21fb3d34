package io.medallion.jobs;

import io.medallion.jobs.cli.MedallionCli;
import io.medallion.lakehouse.spark.SparkSessions;
import org.apache.spark.SparkUserAppException;

/**
 * The entry point on a cluster: {@code spark-submit --class io.medallion.jobs.Medallion}, a Databricks
 * JAR task, or an EMR step. It takes the cluster's session, never calls {@code System.exit} and never
 * stops the session (Databricks forbids both), and reports failure by throwing Spark's
 * {@link SparkUserAppException}, which spark-submit turns into the process exit code (1 job failed,
 * 2 bad usage or config).
 */
public final class Medallion {
    private Medallion() {}

    public static void main(String[] args) throws SparkUserAppException {
        int exitCode = new MedallionCli(SparkSessions::cluster, System.out, System.err, System.getenv()).run(args);
        if (exitCode != 0) {
            throw new SparkUserAppException(exitCode);
        }
    }
}
