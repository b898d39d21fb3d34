package io.medallion.jobs.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.PipelineConfigLoader;
import io.medallion.lakehouse.error.MedallionException;
import io.medallion.lakehouse.run.PipelineRun;
import io.medallion.lakehouse.run.RunOptions;
import io.medallion.quality.testing.CapturedLogs;
import io.medallion.quality.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gs://} roots up to the network: no GCS emulator runs here and this machine has no network,
 * so these tests prove that a {@code gs://} location resolves to the bundled, pre-shaded GCS
 * connector, that the connector takes the service account key file named in Spark/Hadoop conf, and
 * that the failure at the network boundary becomes a Medallion error naming the root instead of a
 * hang. They do not prove that reads, writes or Delta commits work against real GCS.
 */
class GcsLakehouseTest {
    private static final String ROOT = "gs://medallion-gcs-test/lake";
    // The connector's default retries: Medallion's probe of the root cuts its request retries, and
    // the token request's own ten retries with backoff (hard-coded, about a minute) are the floor.
    // No cache: each test's key file setting must reach a new connector instance.
    private static final Map<String, String> CONNECTOR_SETTINGS = Map.of(
            "fs.gs.project.id", "medallion-test",
            "fs.gs.impl.disable.cache", "true");

    @TempDir
    Path temp;

    private final SparkSession spark = SharedSpark.session();
    private ServiceAccountKeyFile keyFile;

    @BeforeEach
    void configureConnector() throws IOException {
        keyFile = ServiceAccountKeyFile.write(temp.resolve("service-account.json"));
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        CONNECTOR_SETTINGS.forEach(hadoop::set);
        hadoop.set(ServiceAccountKeyFile.SETTING, keyFile.path().toString());
    }

    @AfterEach
    void removeConnectorSettings() {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        CONNECTOR_SETTINGS.keySet().forEach(hadoop::unset);
        hadoop.unset(ServiceAccountKeyFile.SETTING);
    }

    @Test
    void aGsRootResolvesToTheBundledGcsConnector() throws IOException {
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(ROOT);

        FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());

        assertThat(fs.getClass().getName()).isEqualTo("com.google.cloud.hadoop.fs.gcs.GoogleHadoopFileSystem");
        assertThat(fs.getUri().toString()).isEqualTo("gs://medallion-gcs-test/");
    }

    @Test
    void theConnectorReadsTheKeyFileNamedInSparkConf() throws IOException {
        Path missing = temp.resolve("no-such-key.json");
        spark.sparkContext().hadoopConfiguration().set(ServiceAccountKeyFile.SETTING, missing.toString());
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(ROOT);

        IOException error = catchThrowableOfType(IOException.class,
                () -> root.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(root));

        assertThat(error).as("the connector opened the configured key file").hasStackTraceContaining(missing.toString());
    }

    @Test
    void noNetworkFailsTheRunNamingTheRootWithoutTheKey() throws IOException {
        Path landing = Files.createDirectories(temp.resolve("landing"));
        PipelineConfig config = new PipelineConfigLoader(Map.of(), List.of()).parse("""
                pipeline: shop
                lakehouse: {root: "%s"}
                sources:
                  sales: {location: "%s", format: csv}
                bronze:
                  sales:
                    source: sales
                    columns: [{name: id, type: string}]
                """.formatted(ROOT, landing), "shop.yaml");

        Instant started = Instant.now();
        MedallionException error;
        String logs;
        try (CapturedLogs captured = new CapturedLogs("io.medallion", "com.google.cloud.hadoop")) {
            error = catchThrowableOfType(MedallionException.class,
                    () -> new PipelineRun(spark, config).execute(RunOptions.defaults().withIngestDate(LocalDate.of(2026, 1, 5))));
            logs = captured.text();
        }

        assertThat(Duration.between(started, Instant.now())).as("the connector's token retries, then Medallion's error")
                .isLessThan(Duration.ofSeconds(150));
        assertThat(error.kind()).isEqualTo(MedallionException.Kind.JOB_FAILED);
        assertThat(error.getMessage())
                .startsWith("Could not reach the lakehouse root at " + ROOT + ": ")
                .endsWith("Check the bucket name; that this machine reaches Google Cloud Storage (storage.googleapis.com "
                        + "and oauth2.googleapis.com); and the credentials (spark.hadoop.fs.gs.auth.service.account.json.keyfile, "
                        + "or GOOGLE_APPLICATION_CREDENTIALS naming a service account key file).");
        for (String secret : keyFile.secrets()) {
            assertThat(error.getMessage()).doesNotContain(secret);
            assertThat(logs).doesNotContain(secret);
        }
    }
}
