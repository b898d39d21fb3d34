package io.medallion.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.quality.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code medallion state show|set|reset} through the CLI, with the audit rows every change leaves. */
class StateCommandTest {
    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path config;
    private LakehouseLayout layout;

    @BeforeEach
    void writeConfig() throws IOException {
        Path landing = Files.createDirectories(temp.resolve("landing"));
        Files.writeString(landing.resolve("day1.csv"), "id,amount\nT1,1.50\nT2,2.00\n");
        layout = LakehouseLayout.at(temp.resolve("lake").toString());
        config = temp.resolve("shop.yaml");
        Files.writeString(config, """
                pipeline: shop
                lakehouse: {root: "%s"}
                sources:
                  orders:
                    format: jdbc
                    url: jdbc:postgresql://localhost:1/nowhere
                    table: orders
                    password: ${PG_PASSWORD}
                    watermark: {column: updated_at, key: [id, line]}
                  sales: {location: "%s", format: csv, files: "*.csv"}
                bronze:
                  orders:
                    source: orders
                    columns:
                      - {name: id, type: long, required: true}
                      - {name: line, type: int, required: true}
                      - {name: updated_at, type: timestamp, required: true}
                  sales:
                    source: sales
                    columns:
                      - {name: id, type: string, required: true}
                      - {name: amount, type: "decimal(6,2)"}
                """.formatted(temp.resolve("lake"), landing));
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return new MedallionCli(conf -> SharedSpark.session(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("MEDALLION_USER", "alice", "PG_PASSWORD", "unused")).run(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private List<String> auditMessages(String step) {
        return DeltaTables.read(SharedSpark.session(), TableRef.atPath(layout.system("audit"))).filter(col("step").equalTo(step))
                .orderBy("started_at").select("table_name", "message").collectAsList().stream()
                .map(r -> r.getString(0) + ": " + r.getString(1)).toList();
    }

    @Test
    void setAndResetMoveAJdbcWatermarkAndEveryChangeIsAudited() {
        assertThat(run("state", "show", "--config", config.toString())).isZero();
        assertThat(stdout()).containsPattern("bronze\\.orders +orders +watermark \\(never extracted\\) +- +-")
                .containsPattern("bronze\\.sales +sales +0 files ingested");

        assertThat(run("state", "set", "--config", config.toString(), "--table", "orders", "--watermark", "2026-01-05 10:00:00.25", "--key", "42,3"))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(stdout()).isEqualTo("bronze.orders: watermark (none) -> 2026-01-05T10:00:00.250 [42, 3] (by alice)\n");
        assertThat(run("state", "reset", "--config", config.toString(), "--table", "bronze.orders")).isZero();
        assertThat(stdout()).isEqualTo("forgot the watermark 2026-01-05T10:00:00.250 [42, 3] of bronze.orders\n");
        assertThat(run("state", "show", "--config", config.toString(), "--table", "orders")).isZero();

        assertThat(stdout()).containsPattern("bronze\\.orders +orders +watermark \\(reset\\) +\\S+Z +alice \\(state reset\\)")
                .doesNotContain("bronze.sales");
        assertThat(auditMessages("state_set")).containsExactly("orders: watermark (none) -> 2026-01-05T10:00:00.250 [42, 3] by alice");
        assertThat(auditMessages("state_reset")).containsExactly("orders: watermark 2026-01-05T10:00:00.250 [42, 3] -> (none) by alice");
        List<Row> changes = DeltaTables.read(SharedSpark.session(), TableRef.atPath(layout.system("watermarks"))).orderBy("changed_at")
                .select("watermark_ts", "watermark_key", "previous_ts", "previous_key", "changed_by", "reason").collectAsList();
        assertThat(changes).extracting(Row::toString).containsExactly(
                "[2026-01-05T10:00:00.250,[\"42\",\"3\"],null,null,alice,state set]",
                "[null,null,2026-01-05T10:00:00.250,[\"42\",\"3\"],alice,state reset]");
    }

    @Test
    void resetMakesAFileTableIngestItsFilesAgainWithoutDoublingBronze() {
        assertThat(run("run", "--config", config.toString(), "--tables", "sales", "--date", "2026-01-05")).isZero();
        assertThat(run("state", "reset", "--config", config.toString(), "--table", "sales")).isZero();
        assertThat(stdout()).isEqualTo("forgot 1 processed files of bronze.sales; the next run ingests them again\n");

        assertThat(run("run", "--config", config.toString(), "--tables", "sales", "--date", "2026-01-05")).isZero();

        assertThat(stdout()).containsPattern("bronze\\.sales +1 +2 +2 +0");
        assertThat(DeltaTables.read(SharedSpark.session(), layout.table(Layer.BRONZE, "sales")).count()).isEqualTo(2);
        assertThat(auditMessages("state_reset")).containsExactly(
                "sales: forgot 1 processed files of bronze.sales; the next run ingests them again (by alice)");
    }

    @Test
    void badStateCommandsExitTwoSayingWhatToDo() {
        assertThat(run("state", "set", "--config", config.toString(), "--table", "orders", "--watermark", "2026-01-05T10:00", "--key", "42"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--key gives 1 values but the watermark of bronze.orders has 2 key columns");
        assertThat(run("state", "set", "--config", config.toString(), "--table", "sales", "--watermark", "2026-01-05T10:00", "--key", "1"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bronze.sales loads files, which have no watermark.");
        assertThat(run("state", "reset", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("state reset needs --table <table>");
        assertThat(run("state", "move", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("state needs an action, show, set or reset; got 'move'");
    }
}
