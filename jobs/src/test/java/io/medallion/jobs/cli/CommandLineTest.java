package io.medallion.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.jobs.generate.FollowingDay;
import io.medallion.jobs.generate.GenerateOptions;
import io.medallion.jobs.generate.InjectedDefect;
import io.medallion.lakehouse.error.MedallionException;
import io.medallion.lakehouse.run.RunOptions;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    private final CommandLine commandLine = new CommandLine();

    @Test
    void runTakesConfigDateTablesAndBothKindsOfConf() {
        Command command = commandLine.parse(new String[] {
            "run", "--config", "conf/retail.yaml", "--date", "2026-03-01", "--tables", "sales, inventory",
            "--conf", "lakehouse.root=/tmp/lake", "--conf", "spark.sql.shuffle.partitions=4"});

        assertThat(command).isEqualTo(new Command.Run(Path.of("conf/retail.yaml"), Optional.of(LocalDate.of(2026, 3, 1)),
                Set.of("sales", "inventory"), Optional.empty(), false, List.of("lakehouse.root=/tmp/lake"),
                Map.of("spark.sql.shuffle.partitions", "4")));
    }

    @Test
    void backfillTakesADateRangeAndFullRefreshAFlag() {
        Command.Run backfill = (Command.Run) commandLine.parse(new String[] {"run", "--config", "c.yaml", "--from", "2026-01-01", "--to", "2026-01-03"});
        Command.Run refresh = (Command.Run) commandLine.parse(new String[] {"run", "--config", "c.yaml", "--full-refresh"});

        assertThat(backfill.backfill()).contains(new RunOptions.DateRange(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 3)));
        assertThat(backfill.fullRefresh()).isFalse();
        assertThat(refresh.fullRefresh()).isTrue();
        assertThat(refresh.backfill()).isEmpty();
    }

    @Test
    void aBackfillNeedsBothEndsInOrderAndNothingElse() {
        assertThatThrownBy(() -> commandLine.parse(new String[] {"run", "--config", "c.yaml", "--from", "2026-01-01"}))
                .isInstanceOf(MedallionException.class).hasMessageContaining("both --from and --to");
        assertThatThrownBy(() -> commandLine.parse(new String[] {"run", "--config", "c.yaml", "--from", "2026-01-03", "--to", "2026-01-01"}))
                .isInstanceOf(MedallionException.class).hasMessageContaining("is before --from");
        assertThatThrownBy(() -> commandLine.parse(new String[] {"run", "--config", "c.yaml", "--from", "2026-01-01", "--to", "2026-01-01",
            "--full-refresh"}))
                .isInstanceOf(MedallionException.class).hasMessageContaining("--full-refresh");
    }

    @Test
    void demoHasDefaultsForEverything() {
        Command.Demo demo = (Command.Demo) commandLine.parse(new String[] {"demo"});

        assertThat(demo.workdir()).isEqualTo(Path.of("medallion-demo"));
        assertThat(demo.generate().outputDirectory()).isEqualTo("medallion-demo/landing");
        assertThat(demo.generate().sizeBytes()).isEqualTo(5L * 1024 * 1024);
        assertThat(demo.generate().seed()).isEqualTo(GenerateOptions.DEFAULT_SEED);
        assertThat(demo.inject()).isEmpty();
    }

    @Test
    void demoTakesConfigOverridesBesideSparkConf() {
        Command.Demo demo = (Command.Demo) commandLine.parse(new String[] {"demo", "--conf", "exports.reporting.enabled=true",
                "--conf", "spark.sql.shuffle.partitions=4"});

        assertThat(demo.configOverrides()).containsExactly("exports.reporting.enabled=true");
        assertThat(demo.sparkConf()).containsExactly(java.util.Map.entry("spark.sql.shuffle.partitions", "4"));
    }

    @Test
    void demoInjectsAKnownDefectAndNamesTheKnownOnesForAnUnknownOne() {
        Command.Demo demo = (Command.Demo) commandLine.parse(new String[] {"demo", "--inject", "duplicate-transactions"});
        assertThat(demo.inject()).contains(InjectedDefect.DUPLICATE_TRANSACTIONS);

        assertThatThrownBy(() -> commandLine.parse(new String[] {"demo", "--inject", "typos"}))
                .isInstanceOf(MedallionException.class)
                .hasMessageContaining("--inject typos").hasMessageContaining("duplicate-transactions")
                .satisfies(e -> assertThat(((MedallionException) e).kind().exitCode()).isEqualTo(2));
    }

    @Test
    void generateReadsItsOptions() {
        Command.Generate generate = (Command.Generate) commandLine.parse(new String[] {
            "generate", "--out", "/tmp/x", "--size", "1GB", "--seed", "7", "--days", "5", "--defect-rate", "0.1"});

        assertThat(generate.options()).isEqualTo(new GenerateOptions("/tmp/x", 7, 1024L * 1024 * 1024, 5, GenerateOptions.DEFAULT_START_DATE, 0.1));
        assertThat(generate.followingDay()).isEmpty();
    }

    @Test
    void generateTakesAFollowingDayWithItsShareOfSales() {
        Command.Generate withShare = (Command.Generate) commandLine.parse(new String[] {
            "generate", "--out", "/tmp/x", "--following-day", "/tmp/next", "--following-share", "0.05"});
        Command.Generate byDefault = (Command.Generate) commandLine.parse(new String[] {"generate", "--out", "/tmp/x", "--following-day", "/tmp/next"});

        assertThat(withShare.followingDay()).contains(new FollowingDay("/tmp/next", 0.05));
        assertThat(byDefault.followingDay()).contains(new FollowingDay("/tmp/next", 0.01));
    }

    @Test
    void aFollowingShareAloneOrOutOfRangeOrAFollowingDayInsideTheOutputIsBadUsage() {
        assertThatThrownBy(() -> commandLine.parse(new String[] {"generate", "--out", "/tmp/x", "--following-share", "0.05"}))
                .hasMessageContaining("--following-share needs --following-day <dir>")
                .satisfies(e -> assertThat(((MedallionException) e).kind().exitCode()).isEqualTo(2));
        assertThatThrownBy(() -> commandLine.parse(new String[] {"generate", "--out", "/tmp/x", "--following-day", "/tmp/next", "--following-share", "2"}))
                .hasMessageContaining("--following-day / --following-share: the following day's sales share must be above 0 and at most 1, got 2.0")
                .satisfies(e -> assertThat(((MedallionException) e).kind().exitCode()).isEqualTo(2));
        assertThatThrownBy(() -> commandLine.parse(new String[] {"generate", "--out", "/tmp/x", "--following-day", "/tmp/x/next"}))
                .hasMessageContaining("the following day's folder /tmp/x/next must be apart from the generated days' folder /tmp/x")
                .satisfies(e -> assertThat(((MedallionException) e).kind().exitCode()).isEqualTo(2));
    }

    @Test
    void helpOfOneCommandShowsThatCommandOnly() {
        Command.ShowHelp help = (Command.ShowHelp) commandLine.parse(new String[] {"validate", "--help"});

        assertThat(help.text()).contains("Command: validate").contains("--config <file>").doesNotContain("Command: demo");
        assertThat(((Command.ShowHelp) commandLine.parse(new String[] {"--help"})).text())
                .contains("Command: demo").contains("Command: run").contains("Command: generate").contains("Command: validate")
                .contains("Exit codes: 0 success, 1 the job failed, 2 bad usage or bad config.");
    }

    @Test
    void badUsageIsABadConfigErrorThatSaysWhatIsWrong() {
        assertThatThrownBy(() -> commandLine.parse(new String[] {"run"}))
                .isInstanceOf(MedallionException.class)
                .hasMessageContaining("Error: Missing option --config")
                .satisfies(e -> assertThat(((MedallionException) e).kind().exitCode()).isEqualTo(2));
        assertThatThrownBy(() -> commandLine.parse(new String[] {"run", "--config", "x.yaml", "--date", "yesterday"}))
                .hasMessage("--date must be a date like 2026-01-31, got 'yesterday'");
        assertThatThrownBy(() -> commandLine.parse(new String[] {"launch"}))
                .hasMessageContaining("Unknown argument 'launch'");
        assertThatThrownBy(() -> commandLine.parse(new String[] {"generate", "--out", "x", "--days", "0"}))
                .hasMessageContaining("--days");
        assertThatThrownBy(() -> commandLine.parse(new String[] {}))
                .hasMessageStartingWith("No command given.");
    }
}
