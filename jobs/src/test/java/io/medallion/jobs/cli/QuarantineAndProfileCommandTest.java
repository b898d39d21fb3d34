package io.medallion.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.lakehouse.error.MedallionException;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.quality.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code medallion quarantine summary|replay} and {@code medallion profile}: parsing, output and exit codes. */
class QuarantineAndProfileCommandTest {
    private static final String CONFIG = """
            pipeline: shop
            lakehouse: {root: "%s"}
            sources:
              sales: {location: "%s", format: csv, files: "*.csv"}
            bronze:
              sales:
                source: sales
                columns:
                  - {name: id, type: string, required: true}
                  - {name: quantity, type: int, min: 1, max: %d}
            """;

    private final CommandLine commandLine = new CommandLine();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path temp;

    private Path config;
    private Path landing;

    @BeforeEach
    void writeLanding() throws IOException {
        landing = Files.createDirectories(temp.resolve("landing"));
        Files.writeString(landing.resolve("day1.csv"), "id,quantity\nT1,1\nT2,7\nT3,x\n");
        config = temp.resolve("shop.yaml");
        writeConfig(5);
    }

    private void writeConfig(int maxQuantity) throws IOException {
        Files.writeString(config, CONFIG.formatted(temp.resolve("lake"), landing, maxQuantity));
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return new MedallionCli(conf -> SharedSpark.session(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()).run(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void quarantineTakesAnActionATableAndForReplayARuleAndABatch() {
        Command replay = commandLine.parse(new String[] {"quarantine", "replay", "--config", "c.yaml", "--table", "bronze.sales",
            "--rule", "sales.quantity.range", "--batch", "sales-20260105T000000Z-abcdef", "--conf", "spark.sql.shuffle.partitions=2"});
        Command summary = commandLine.parse(new String[] {"quarantine", "summary", "--config", "c.yaml", "--table", "sales"});

        assertThat(replay).isEqualTo(new Command.Quarantine(Command.Quarantine.Action.REPLAY, Path.of("c.yaml"), "bronze.sales",
                Optional.of("sales.quantity.range"), Optional.of("sales-20260105T000000Z-abcdef"), List.of(),
                Map.of("spark.sql.shuffle.partitions", "2")));
        assertThat(summary).isEqualTo(new Command.Quarantine(Command.Quarantine.Action.SUMMARY, Path.of("c.yaml"), "sales",
                Optional.empty(), Optional.empty(), List.of(), Map.of()));
        assertThatThrownBy(() -> commandLine.parse(new String[] {"quarantine", "purge", "--config", "c.yaml", "--table", "sales"}))
                .isInstanceOf(MedallionException.class).hasMessage("quarantine needs an action, summary or replay; got 'purge'");
        assertThatThrownBy(() -> commandLine.parse(new String[] {"quarantine", "summary", "--config", "c.yaml", "--table", "sales",
            "--rule", "x"}))
                .isInstanceOf(MedallionException.class)
                .hasMessage("--rule and --batch select the rows a replay moves; quarantine summary counts every rule and batch");
        assertThatThrownBy(() -> commandLine.parse(new String[] {"quarantine", "replay", "--config", "c.yaml"}))
                .isInstanceOf(MedallionException.class).hasMessageContaining("Missing option --table");
    }

    @Test
    void profileTakesATableOrASourceAndAnOutputFile() {
        Command table = commandLine.parse(new String[] {"profile", "--config", "c.yaml", "--table", "sales", "--out", "sales.yaml"});
        Command source = commandLine.parse(new String[] {"profile", "--config", "c.yaml", "--source", "orders"});

        assertThat(table).isEqualTo(new Command.Profile(Path.of("c.yaml"), Optional.of("sales"), Optional.empty(),
                Optional.of(Path.of("sales.yaml")), List.of(), Map.of()));
        assertThat(source).isEqualTo(new Command.Profile(Path.of("c.yaml"), Optional.empty(), Optional.of("orders"), Optional.empty(),
                List.of(), Map.of()));
        assertThatThrownBy(() -> commandLine.parse(new String[] {"profile", "--config", "c.yaml"}))
                .isInstanceOf(MedallionException.class).hasMessage("profile needs either --table <table> (a loaded table's data) or "
                        + "--source <source> (a new source's landing files), not neither");
        assertThatThrownBy(() -> commandLine.parse(new String[] {"profile", "--config", "c.yaml", "--table", "a", "--source", "b"}))
                .isInstanceOf(MedallionException.class).hasMessageEndingWith("not both");
    }

    @Test
    void summaryAndReplayPrintTheirCountsAndExitZeroAndAnUnknownTableExitsTwoNamingTheKnownOnes() throws IOException {
        assertThat(run("quarantine", "summary", "--config", config.toString(), "--table", "orders")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--table names orders, which " + config + " does not declare as a bronze "
                + "table. Declared: sales");
        assertThat(run("quarantine", "summary", "--config", config.toString(), "--table", "sales")).isZero();
        assertThat(stdout()).isEqualTo("bronze.sales has no quarantine table yet (" + LakehouseLayout.at(temp.resolve("lake").toString()).root()
                + "/quarantine/sales): nothing was quarantined.\n");
        assertThat(run("run", "--config", config.toString())).isZero();

        assertThat(run("quarantine", "summary", "--config", config.toString(), "--table", "bronze.sales")).isZero();
        assertThat(stdout()).containsPattern("(?m)^rule +batch +quarantined +replayed$")
                .containsPattern("(?m)^sales\\.quantity\\.range +sales-\\S+ +1 +0$")
                .containsPattern("(?m)^sales\\.quantity\\.type +sales-\\S+ +1 +0$")
                .contains("Rows: 2 still quarantined, 0 replayed");
        writeConfig(10);
        assertThat(run("quarantine", "replay", "--config", config.toString(), "--table", "sales")).as(err.toString(StandardCharsets.UTF_8))
                .isZero();
        assertThat(stdout()).containsPattern("^Replay sales-\\S+ of bronze.sales: 1 of 2 waiting quarantined rows pass the current rules of "
                + "\\S+shop.yaml and were moved to bronze; 1 still fail and stay in quarantine.\n"
                + "Still failing, by current rule:\n  sales.quantity.type +1\n$");
        assertThat(run("quarantine", "summary", "--config", config.toString(), "--table", "sales")).isZero();
        assertThat(stdout()).containsPattern("(?m)^sales\\.quantity\\.range +sales-\\S+ +0 +1$").contains("Rows: 1 still quarantined, 1 replayed");
    }

    @Test
    void profileWritesAStarterConfigThatValidates() throws IOException {
        Path starter = temp.resolve("starter.yaml");

        assertThat(run("profile", "--config", config.toString(), "--source", "sales", "--out", starter.toString()))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();

        assertThat(stdout()).isEqualTo("Wrote a starter table config to " + starter + "; paste it under bronze: in " + config
                + " and check it with `medallion validate`.\n");
        String yaml = Files.readString(starter);
        assertThat(yaml).contains("      - {name: id, type: string, required: true}\n", "      - {type: uniqueness, column: id, threshold: 0.99}\n");
        Path pasted = temp.resolve("pasted.yaml");
        String withoutTable = Files.readString(config).substring(0, Files.readString(config).indexOf("bronze:"));
        Files.writeString(pasted, withoutTable + yaml.substring(yaml.indexOf("bronze:")));
        assertThat(run("validate", "--config", pasted.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(run("profile", "--config", config.toString(), "--source", "orders")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--source names orders, which " + config + " does not declare. Declared "
                + "sources: sales");
    }
}
