package io.medallion.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.quality.testing.S3MockServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code medallion run} against object stores as a laptop user runs it: {@code bin/medallion}'s
 * classpath (the fat jar plus jobs/target/provided-classpath.txt, which brings hadoop-aws and the AWS
 * SDK) and its log settings, in a separate JVM, with S3 settings given as {@code --conf spark.hadoop.*}
 * and credentials from the environment. The S3 API server is S3Mock, a separate process on loopback;
 * {@code gs://} is checked up to the connector reading its credentials (no GCS can run here).
 */
class ObjectStoreLauncherIT {
    private static final String BUCKET = "medallion-cli";
    private static final String ACCESS_KEY = "medallion-cli-access-key";
    private static final String SECRET_KEY = "secret-" + UUID.randomUUID();
    private static final String CONFIG = """
            pipeline: shop
            lakehouse: {root: "s3a://medallion-cli/lake"}
            sources:
              sales: {location: "s3a://medallion-cli/landing/sales", format: csv, files: "*.csv"}
            bronze:
              sales:
                source: sales
                columns:
                  - {name: id, type: string, required: true}
                  - {name: quantity, type: int, min: 1}
            """;

    @TempDir
    static Path temp;

    private static S3MockServer server;
    private static Path config;

    @BeforeAll
    static void startServerAndLandFiles() throws IOException {
        server = S3MockServer.start(temp);
        server.createBucket(BUCKET);
        Configuration hadoop = new Configuration();
        hadoop.set("fs.s3a.endpoint", server.endpoint());
        hadoop.set("fs.s3a.path.style.access", "true");
        hadoop.set("fs.s3a.access.key", ACCESS_KEY);
        hadoop.set("fs.s3a.secret.key", SECRET_KEY);
        hadoop.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        org.apache.hadoop.fs.Path landing = new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/landing/sales");
        try (FileSystem fs = landing.getFileSystem(hadoop)) {
            write(fs, new org.apache.hadoop.fs.Path(landing, "day1.csv"), "id,quantity\nT1,2\nT2,0\n,3\n");
            write(fs, new org.apache.hadoop.fs.Path(landing, "day2.csv"), "id,quantity\nT3,1\n");
        }
        config = temp.resolve("shop.yaml");
        Files.writeString(config, CONFIG);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static void write(FileSystem fs, org.apache.hadoop.fs.Path path, String text) throws IOException {
        try (OutputStream out = fs.create(path, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void runsOnS3WithCredentialsFromTheEnvironmentAndASecondRunIngestsNothing() throws Exception {
        Map<String, String> environment = Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        String root = "s3a://" + BUCKET + "/lake";

        Result first = medallion(environment, "run", "--config", config.toString(), "--date", "2026-01-05",
                "--conf", "spark.hadoop.fs.s3a.endpoint=" + server.endpoint(), "--conf", "spark.hadoop.fs.s3a.path.style.access=true");
        Result second = medallion(environment, "run", "--config", config.toString(), "--date", "2026-01-05",
                "--conf", "spark.hadoop.fs.s3a.endpoint=" + server.endpoint(), "--conf", "spark.hadoop.fs.s3a.path.style.access=true");

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("Lakehouse: " + root).containsPattern("bronze\\.sales +2 +4 +2 +2 ");
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).containsPattern("bronze\\.sales +0 +0 +0 +0 ");
        assertThat(first.output() + second.output()).doesNotContain(SECRET_KEY);
    }

    @Test
    void withoutCredentialsTheRunExitsOneNamingTheRootAndWhereCredentialsComeFrom() throws Exception {
        String root = "s3a://" + BUCKET + "/no-credentials";

        Result result = medallion(Map.of(), "run", "--config", config.toString(), "--conf", "lakehouse.root=" + root,
                "--conf", "spark.hadoop.fs.s3a.endpoint=" + server.endpoint(), "--conf", "spark.hadoop.fs.s3a.path.style.access=true");

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("Could not reach the lakehouse root at " + root + ": ")
                .contains("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment");
    }

    @Test
    void aWrongEndpointExitsOneWithS3aDefaultRetriesAndTheSecretGivenAsSparkConfIsNeverPrinted() throws Exception {
        String root = "s3a://" + BUCKET + "/wrong-endpoint";
        String closedEndpoint;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedEndpoint = "http://127.0.0.1:" + socket.getLocalPort();
        }

        Result result = medallion(Map.of(), "run", "--config", config.toString(), "--conf", "lakehouse.root=" + root,
                "--conf", "spark.hadoop.fs.s3a.endpoint=" + closedEndpoint, "--conf", "spark.hadoop.fs.s3a.path.style.access=true",
                "--conf", "spark.hadoop.fs.s3a.access.key=" + ACCESS_KEY, "--conf", "spark.hadoop.fs.s3a.secret.key=" + SECRET_KEY);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("Could not reach the lakehouse root at " + root + ": ")
                .contains("Check the bucket name; the endpoint and addressing style");
        assertThat(result.output()).doesNotContain(SECRET_KEY);
    }

    @Test
    void aGsRootTakesTheServiceAccountKeyFileNamedByGoogleApplicationCredentials() throws Exception {
        Path keyFile = temp.resolve("no-such-service-account.json");

        Result result = medallion(Map.of("GOOGLE_APPLICATION_CREDENTIALS", keyFile.toString()), "run", "--config", config.toString(),
                "--conf", "lakehouse.root=gs://medallion-cli/lake");

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("Could not reach the lakehouse root at gs://medallion-cli/lake: ")
                .as("the connector looked for the key file the environment names").contains(keyFile.toString())
                .contains("GOOGLE_APPLICATION_CREDENTIALS naming a service account key file");
    }

    private record Result(int exitCode, String output) {}

    /**
     * Runs the CLI as bin/medallion does, in a JVM whose environment holds only PATH, JAVA_HOME and
     * {@code environment}, so no AWS setting of this machine leaks in; the instance-metadata lookup is
     * switched off so a missing credential fails at once instead of waiting for an EC2 endpoint.
     */
    private static Result medallion(Map<String, String> environment, String... args) throws Exception {
        Path jar = Path.of(System.getProperty("medallion.jar"));
        String providedClasspath = Files.readString(Path.of(System.getProperty("medallion.providedClasspathFile"))).trim();
        List<String> jvmOptions = Arrays.asList(Files.readString(Path.of(System.getProperty("medallion.jvmOptionsFile"))).trim().split("\\s+"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-Dlog4j.configurationFile=" + Path.of("../bin/log4j2.properties").toAbsolutePath(),
                "-Dspark.master=local[2]",
                "-Dspark.sql.shuffle.partitions=2",
                "-cp", jar + ":" + providedClasspath,
                "io.medallion.jobs.LocalLauncher"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> processEnvironment = builder.environment();
        processEnvironment.keySet().removeIf(name -> !name.equals("PATH") && !name.equals("JAVA_HOME"));
        processEnvironment.putAll(environment);
        processEnvironment.put("AWS_EC2_METADATA_DISABLED", "true");
        Path log = Files.createTempFile(temp, "medallion", ".log");
        Process process = builder.redirectOutput(log.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("medallion did not finish in 5 minutes:\n" + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }
}
