package io.medallion.lakehouse.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.config.JdbcSourceConfig;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.PipelineConfigLoader;
import io.medallion.lakehouse.run.PipelineRun;
import io.medallion.lakehouse.run.RunOptions;
import io.medallion.lakehouse.run.RunResult;
import io.medallion.quality.testing.SharedSpark;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JDBC password reaches the database and nothing else: not logs (Spark's included), errors, config text or raw. */
class JdbcSecretsTest {
    private static final String WRONG_PASSWORD = "Wr0ng-Pa55word-7Qx";

    private final SparkSession spark = SharedSpark.session();
    private final TestDatabase database = TestDatabase.fromEnvironment();
    private final StringWriter logs = new StringWriter();

    @TempDir
    Path temp;

    private String orders;
    private WriterAppender appender;
    private Level rootLevel;
    private Level medallionLevel;

    @BeforeEach
    void setUp() throws SQLException {
        orders = TestDatabase.uniqueTable("orders");
        database.execute("CREATE TABLE " + orders + " (id bigint PRIMARY KEY, updated_at timestamp NOT NULL)",
                "INSERT INTO " + orders + " VALUES (1, TIMESTAMP '2026-01-05 10:00:00')");
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        appender = WriterAppender.newBuilder().setName("secrets-test").setTarget(logs)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c %m%n%throwable").build()).build();
        appender.start();
        LoggerConfig root = context.getConfiguration().getRootLogger();
        rootLevel = root.getLevel();
        root.addAppender(appender, Level.ALL, null);
        root.setLevel(Level.INFO);
        LoggerConfig medallion = context.getConfiguration().getLoggerConfig("io.medallion");
        medallionLevel = medallion.getLevel();
        medallion.setLevel(Level.DEBUG);
        context.updateLoggers();
    }

    @AfterEach
    void tearDown() throws SQLException {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender("secrets-test");
        context.getConfiguration().getRootLogger().setLevel(rootLevel);
        context.getConfiguration().getLoggerConfig("io.medallion").setLevel(medallionLevel);
        context.updateLoggers();
        appender.stop();
        spark.conf().unset(JdbcSourceConfig.passwordConfKey("orders"));
        database.execute("DROP TABLE IF EXISTS " + orders);
    }

    private PipelineConfig config(Map<String, String> environment, String passwordLine) {
        String yaml = """
                pipeline: shop
                lakehouse: {root: "${ROOT}"}
                sources:
                  orders:
                    format: jdbc
                    url: ${PG_URL}
                    table: %s
                    user: ${PG_USER}
                    %s
                    watermark: {column: updated_at, key: [id]}
                bronze:
                  orders:
                    source: orders
                    columns:
                      - {name: id, type: long, required: true}
                      - {name: updated_at, type: timestamp, required: true}
                """.formatted(orders, passwordLine);
        Map<String, String> variables = new HashMap<>(environment);
        variables.put("ROOT", temp.resolve("lake").toString());
        variables.put("PG_URL", database.url());
        variables.put("PG_USER", database.user());
        return new PipelineConfigLoader(variables, List.of()).parse(yaml, "shop.yaml");
    }

    private RunResult run(PipelineConfig config) {
        return new PipelineRun(spark, config, Map.of()).execute(RunOptions.defaults().withIngestDate(LocalDate.of(2026, 1, 5)));
    }

    @Test
    void aRejectedPasswordIsNamedButNeverShownAndAnAcceptedOneIsNeverLogged() throws Exception {
        PipelineConfig wrong = config(Map.of("PG_PASSWORD", WRONG_PASSWORD), "password: ${PG_PASSWORD}");
        assertThat(wrong.toString()).contains("password=Optional[******]").doesNotContain(WRONG_PASSWORD);

        RunResult failed = run(wrong);

        assertThat(failed.succeeded()).isFalse();
        String error = failed.tables().get(0).error().orElseThrow();
        assertThat(error).startsWith("Extracting source orders from " + database.url() + " failed: ")
                .contains("password authentication failed for user")
                .contains("check the URL, the user and password (sources.orders.user, .password)")
                .doesNotContain(WRONG_PASSWORD);

        spark.conf().set(JdbcSourceConfig.passwordConfKey("orders"), database.password());
        RunResult succeeded = run(config(Map.of(), ""));

        assertThat(succeeded.succeeded()).as("password from the Spark conf: %s", succeeded.tables()).isTrue();
        assertThat(succeeded.tables().get(0).result().orElseThrow().rowsWritten()).isEqualTo(1);
        String logged = logs.toString();
        assertThat(logged).as("the capture works").contains("Source orders: query SELECT * FROM " + orders);
        assertThat(logged).doesNotContain(WRONG_PASSWORD).doesNotContain(database.password());
        try (Stream<Path> files = Files.walk(temp)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".json")).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(database.password()).doesNotContain(WRONG_PASSWORD);
            }
        }
    }

    @Test
    void anEmptyPasswordFromAnUnsetVariableGivesWayToTheSparkConfPassword() {
        spark.conf().set(JdbcSourceConfig.passwordConfKey("orders"), database.password());

        RunResult result = run(config(Map.of(), "password: ${PG_PASSWORD:-}"));

        assertThat(result.succeeded()).as("an empty password is not sent: %s", result.tables()).isTrue();
        assertThat(result.tables().get(0).result().orElseThrow().rowsWritten()).isEqualTo(1);
    }
}
