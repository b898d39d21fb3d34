package io.medallion.lakehouse.objectstore;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.medallion.lakehouse.bronze.BronzeResult;
import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.PipelineConfigLoader;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.error.MedallionException;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.lakehouse.run.PipelineRun;
import io.medallion.lakehouse.run.RunOptions;
import io.medallion.lakehouse.run.RunResult;
import io.medallion.quality.testing.CapturedLogs;
import io.medallion.quality.testing.S3MockServer;
import io.medallion.quality.testing.SharedSpark;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline whose landing folder and lakehouse root are both {@code s3a://} locations on a real S3
 * API server (S3Mock, a separate process on loopback): raw files and manifests, bronze and quarantine
 * Delta tables, the audit log and the ledger all live in the bucket. The S3A settings are per bucket
 * ({@code fs.s3a.bucket.<name>.*}), so the shared session's other tests are untouched; the
 * credentials come from those Spark/Hadoop settings and are checked never to reach a log line or an
 * error message.
 */
class S3LakehouseTest {
    private static final LocalDate DAY = LocalDate.of(2026, 1, 5);
    private static final String BUCKET = "medallion-s3-lake";
    private static final String MISSING_BUCKET = "medallion-s3-missing";
    private static final String UNREACHABLE_BUCKET = "medallion-s3-unreachable";
    private static final String ACCESS_KEY = "medallion-test-access-key";
    // Random per run: a fixed string could appear in a log by coincidence of the test data.
    private static final String SECRET_KEY = "secret-" + UUID.randomUUID();
    private static final String CONFIG = """
            pipeline: shop
            lakehouse: {root: "${ROOT}"}
            sources:
              sales: {location: "${LANDING}", format: csv, files: "*.csv"}
            bronze:
              sales:
                source: sales
                partition_by: [_ingest_date]
                columns:
                  - {name: id, type: string, required: true, pattern: "T[0-9]{3}"}
                  - {name: quantity, type: int, min: 1, max: 100}
                  - {name: channel, type: string, allowed: [web, store]}
            """;

    @TempDir
    static Path temp;

    private static S3MockServer server;
    private static final List<String> settingsSet = new ArrayList<>();
    private final SparkSession spark = SharedSpark.session();

    @BeforeAll
    static void startServer() throws IOException {
        server = S3MockServer.start(temp);
        server.createBucket(BUCKET);
        configureBucket(BUCKET, server.endpoint());
        configureBucket(MISSING_BUCKET, server.endpoint());
        configureBucket(UNREACHABLE_BUCKET, "http://127.0.0.1:" + closedPort());
    }

    @AfterAll
    static void stopServer() {
        Configuration hadoop = SharedSpark.session().sparkContext().hadoopConfiguration();
        settingsSet.forEach(hadoop::unset);
        if (server != null) {
            server.close();
        }
    }

    /** What a user sets as spark.hadoop.fs.s3a.bucket.<bucket>.* to reach an S3-compatible store. */
    private static void configureBucket(String bucket, String endpoint) {
        Map<String, String> settings = Map.of(
                "endpoint", endpoint,
                "path.style.access", "true",
                "connection.ssl.enabled", "false",
                "access.key", ACCESS_KEY,
                "secret.key", SECRET_KEY,
                "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        Configuration hadoop = SharedSpark.session().sparkContext().hadoopConfiguration();
        settings.forEach((key, value) -> {
            String name = "fs.s3a.bucket." + bucket + "." + key;
            hadoop.set(name, value);
            settingsSet.add(name);
        });
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private PipelineConfig config(String root, String landing) {
        return new PipelineConfigLoader(Map.of("ROOT", root, "LANDING", landing), List.of()).parse(CONFIG, "shop.yaml");
    }

    private RunResult run(PipelineConfig config) {
        return new PipelineRun(spark, config).execute(RunOptions.defaults().withIngestDate(DAY));
    }

    private void put(String uri, String text) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
        try (OutputStream out = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(path, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private String get(String uri) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
        try (InputStream in = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private boolean exists(String uri) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
        FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
        return fs.exists(path);
    }

    @Test
    void pipelineOnS3LandsLoadsQuarantinesAndAuditsInTheBucketAndARerunIngestsNothing() throws IOException {
        String landing = "s3a://" + BUCKET + "/landing/sales";
        String root = "s3a://" + BUCKET + "/lake";
        String day1 = "id,quantity,channel\nT001,2,web\nT002,1,store\nT003,0,fax\n,3,web\n";
        put(landing + "/day1.csv", day1);
        put(landing + "/day2.csv", "id,quantity,channel\nT004,5,web\n");
        put(landing + "/empty.csv", "");
        PipelineConfig config = config(root, landing);
        LakehouseLayout layout = LakehouseLayout.at(config.root());

        RunResult first;
        RunResult second;
        String logs;
        try (CapturedLogs captured = new CapturedLogs("io.medallion", "org.apache.hadoop.fs.s3a")) {
            first = run(config);
            second = run(config);
            logs = captured.text();
        }

        assertThat(first.succeeded()).as("%s", first).isTrue();
        BronzeResult sales = first.tables().get(0).result().orElseThrow();
        assertThat(sales.filesRead()).isEqualTo(3);
        assertThat(sales.rowsRead()).isEqualTo(5);
        assertThat(sales.rowsWritten()).isEqualTo(3);
        assertThat(sales.rowsQuarantined()).as("rows; the empty file is quarantined whole, as a file").isEqualTo(2);
        assertThat(sales.rejectedFiles()).extracting(r -> r.rawPath()).containsExactly(root + "/raw/sales/ingest_date=2026-01-05/empty.csv");
        assertThat(sales.quarantinedByRule()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "sales.quantity.range", 1L, "sales.channel.allowed_values", 1L, "sales.id.required", 1L, "sales._file.file_empty", 1L));

        String rawFolder = root + "/raw/sales";
        assertThat(layout.rawFolder("sales")).isEqualTo(rawFolder);
        assertThat(get(rawFolder + "/ingest_date=2026-01-05/day1.csv")).as("landed unchanged").isEqualTo(day1);
        assertThat(get(rawFolder + "/_manifests/ingest_date=2026-01-05/day1.csv.json"))
                .contains("\"records\" : 4").contains("\"raw_path\" : \"" + rawFolder + "/ingest_date=2026-01-05/day1.csv\"");
        for (String delta : List.of("bronze/sales", "quarantine/sales", "_system/audit", "_system/ingested_files")) {
            assertThat(exists(root + "/" + delta + "/_delta_log/00000000000000000000.json")).as(delta + " is a Delta table in the bucket").isTrue();
        }

        List<Row> bronze = DeltaTables.read(spark, layout.table(Layer.BRONZE, "sales")).orderBy("id").collectAsList();
        assertThat(bronze).extracting(r -> r.getString(r.fieldIndex("id"))).containsExactly("T001", "T002", "T004");
        assertThat(bronze.get(0).<String>getAs("_source_file")).isEqualTo(rawFolder + "/ingest_date=2026-01-05/day1.csv");
        TableRef quarantine = layout.quarantine(config.table(Layer.BRONZE, "sales").orElseThrow());
        Row fax = DeltaTables.read(spark, quarantine).filter(col("id").equalTo("T003")).collectAsList().get(0);
        assertThat(fax.getList(fax.fieldIndex("_failed_rules"))).containsExactly("sales.quantity.range", "sales.channel.allowed_values");

        BronzeResult rerun = second.tables().get(0).result().orElseThrow();
        assertThat(rerun.filesRead()).as("a second run finds every file in the ledger").isZero();
        assertThat(DeltaTables.read(spark, layout.table(Layer.BRONZE, "sales")).count()).isEqualTo(3);
        List<Row> audit = DeltaTables.read(spark, TableRef.atPath(layout.system("audit"))).orderBy("started_at")
                .select("status", "rows_read", "rows_written", "rows_quarantined").collectAsList();
        assertThat(audit).extracting(Row::toString).containsExactly("[SUCCEEDED,5,3,2]", "[SKIPPED,0,0,0]");
        List<Row> ledger = DeltaTables.read(spark, TableRef.atPath(layout.system("ingested_files"))).orderBy("source_path")
                .select("source_path", "raw_path").collectAsList();
        assertThat(ledger).extracting(r -> r.getString(0)).containsExactly(landing + "/day1.csv", landing + "/day2.csv", landing + "/empty.csv");
        assertThat(ledger).extracting(r -> r.getString(1)).allMatch(p -> p.startsWith(rawFolder + "/ingest_date=2026-01-05/"));

        assertThat(logs).as("the run was logged, S3A at DEBUG").contains("Run ").contains("org.apache.hadoop.fs.s3a");
        assertThat(logs).as("Delta picks its single-driver S3 log store for s3a:// by itself")
                .contains("LogStore LogStoreAdapter(io.delta.storage.S3SingleDriverLogStore) is used for scheme s3a");
        assertThat(logs).doesNotContain(SECRET_KEY);
    }

    @Test
    void aMissingBucketFailsTheRunBeforeAnyTableNamingTheRootAndWhatToCheck() {
        String root = "s3a://" + MISSING_BUCKET + "/lake";
        PipelineConfig config = config(root, "s3a://" + BUCKET + "/landing/none");

        MedallionException error;
        String logs;
        try (CapturedLogs captured = new CapturedLogs("io.medallion", "org.apache.hadoop.fs.s3a")) {
            error = catchThrowableOfType(MedallionException.class, () -> run(config));
            logs = captured.text();
        }

        assertThat(error.kind()).isEqualTo(MedallionException.Kind.JOB_FAILED);
        assertThat(error.getMessage())
                .startsWith("Could not reach the lakehouse root at " + root + ": ")
                .contains("does not exist")
                .endsWith("Check the bucket name; the endpoint and addressing style (spark.hadoop.fs.s3a.endpoint, "
                        + "spark.hadoop.fs.s3a.path.style.access, or per bucket spark.hadoop.fs.s3a.bucket.<bucket>.endpoint); "
                        + "and the credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment, an instance "
                        + "profile, or spark.hadoop.fs.s3a.access.key and spark.hadoop.fs.s3a.secret.key).");
        assertThat(error.getMessage()).doesNotContain(SECRET_KEY);
        assertThat(logs).doesNotContain(SECRET_KEY);
    }

    @Test
    void aWrongEndpointFailsTheRunInSecondsNamingTheRootDespiteS3aDefaultRetries() {
        String root = "s3a://" + UNREACHABLE_BUCKET + "/lake";
        PipelineConfig config = config(root, "s3a://" + UNREACHABLE_BUCKET + "/landing");

        Instant started = Instant.now();
        MedallionException error;
        String logs;
        try (CapturedLogs captured = new CapturedLogs("io.medallion", "org.apache.hadoop.fs.s3a")) {
            error = catchThrowableOfType(MedallionException.class, () -> run(config));
            logs = captured.text();
        }

        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(60));
        assertThat(error.kind()).isEqualTo(MedallionException.Kind.JOB_FAILED);
        assertThat(error.getMessage()).startsWith("Could not reach the lakehouse root at " + root + ": ")
                .contains("Check the bucket name; the endpoint");
        assertThat(error.getMessage()).doesNotContain(SECRET_KEY);
        assertThat(logs).doesNotContain(SECRET_KEY);
    }
}
