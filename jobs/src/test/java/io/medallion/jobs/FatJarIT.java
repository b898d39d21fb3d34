package io.medallion.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built fat jar, checked as a cluster would meet it: its contents, and a run through
 * {@code org.apache.spark.deploy.SparkSubmit} (what {@code spark-submit --class} runs) in a separate
 * JVM whose classpath holds only what a cluster provides: Spark, Delta, Hadoop and spark-avro.
 */
class FatJarIT {
    private static Path jar;
    private static String providedClasspath;
    private static List<String> jvmOptions;
    private static Set<String> entries;

    @TempDir
    Path temp;

    @BeforeAll
    static void readJar() throws IOException {
        jar = Path.of(System.getProperty("medallion.jar"));
        providedClasspath = Files.readString(Path.of(System.getProperty("medallion.providedClasspathFile"))).trim();
        jvmOptions = Arrays.asList(Files.readString(Path.of(System.getProperty("medallion.jvmOptionsFile"))).trim().split("\\s+"));
        entries = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().map(ZipEntry::getName).forEach(entries::add);
        }
    }

    private static String entry(String name) throws IOException {
        try (JarFile file = new JarFile(jar.toFile()); InputStream in = file.getInputStream(file.getEntry(name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void bundlesWhatClustersLack() {
        assertThat(entries).contains(
                "io/medallion/jobs/Medallion.class",
                "io/medallion/lakehouse/bronze/BronzeIngest.class",
                "io/medallion/quality/rows/RowValidation.class",
                "conf/retail.yaml",
                "scopt/OParser.class",
                "com/amazon/deequ/VerificationSuite.class",
                "net/snowflake/spark/snowflake/DefaultSource.class",
                "net/snowflake/client/jdbc/SnowflakeDriver.class",
                "com/google/cloud/hadoop/fs/gcs/GoogleHadoopFileSystem.class",
                "org/postgresql/Driver.class",
                "org/snakeyaml/engine/v2/api/Load.class",
                "net/datafaker/Faker.class");
    }

    @Test
    void leavesOutWhatClustersProvide() {
        assertThat(entries).doesNotContain(
                "org/apache/spark/SparkContext.class",
                "org/apache/spark/sql/Dataset.class",
                "org/apache/spark/ml/Pipeline.class",
                "org/apache/spark/sql/avro/AvroFileFormat.class",
                "io/delta/tables/DeltaTable.class",
                "org/apache/hadoop/fs/FileSystem.class",
                "org/apache/hadoop/fs/s3a/S3AFileSystem.class",
                "scala/Option.class",
                "com/fasterxml/jackson/databind/ObjectMapper.class",
                "com/fasterxml/jackson/module/scala/DefaultScalaModule.class");
        assertThat(entries).as("one AWS SDK, hadoop-aws's own, comes from the cluster")
                .noneMatch(name -> name.startsWith("com/amazonaws/") || name.startsWith("software/amazon/awssdk/"));
        assertThat(entries).as("Guava is not bundled unrelocated, so Hadoop's stays in charge")
                .noneMatch(name -> name.startsWith("com/google/common/"));
        assertThat(entries).as("SnakeYAML 1.x/2.x moved out of Spark's way")
                .noneMatch(name -> name.startsWith("org/yaml/snakeyaml/"));
        assertThat(entries).as("no jar signatures survive the merge")
                .noneMatch(name -> name.startsWith("META-INF/") && (name.endsWith(".SF") || name.endsWith(".RSA") || name.endsWith(".DSA")));
    }

    @Test
    void servicesOfEveryBundledJarAreMerged() throws IOException {
        assertThat(entry("META-INF/services/java.sql.Driver"))
                .contains("org.postgresql.Driver").contains("net.snowflake.client.jdbc.SnowflakeDriver");
        assertThat(entry("META-INF/services/org.apache.hadoop.fs.FileSystem"))
                .contains("com.google.cloud.hadoop.fs.gcs.GoogleHadoopFileSystem");
        assertThat(entry("META-INF/services/org.apache.spark.sql.sources.DataSourceRegister"))
                .contains("net.snowflake.spark.snowflake.DefaultSource");
    }

    @Test
    void demoRunsThroughSparkSubmit() throws Exception {
        Path workdir = temp.resolve("demo");

        Result result = sparkSubmit("demo", "--workdir", workdir.toString(), "--size", "300KB", "--days", "2");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Medallion retail run").contains("succeeded").contains("bronze.sales");
        assertThat(workdir.resolve("lakehouse/bronze/sales/_delta_log/00000000000000000000.json")).exists();
        assertThat(workdir.resolve("lakehouse/quarantine/sales/_delta_log/00000000000000000000.json")).exists();
    }

    @Test
    void badConfigExitsTwoThroughSparkSubmit() throws Exception {
        Path config = temp.resolve("broken.yaml");
        Files.writeString(config, "pipeline: retail\nlakehouse: {root: /tmp/x}\nsources: {}\nbronze:\n  sales: {source: pos}\n");

        Result result = sparkSubmit("run", "--config", config.toString());

        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains(config + ": bronze.sales.source: names source `pos`, which is not declared under sources");
    }

    private record Result(int exitCode, String output) {}

    private Result sparkSubmit(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", providedClasspath, "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[2]", "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=2",
                "--class", "io.medallion.jobs.Medallion", jar.toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(temp, "spark-submit", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) { // generous: a shared 2-core CI machine took over 5
            process.destroyForcibly();
            throw new AssertionError("spark-submit did not finish in 10 minutes:\n" + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }
}
