package io.medallion.jobs.cli;

import static java.util.Objects.requireNonNull;

import io.medallion.jobs.generate.FollowingDay;
import io.medallion.jobs.generate.GenerateOptions;
import io.medallion.jobs.generate.InjectedDefect;
import io.medallion.lakehouse.jdbc.Watermark;
import io.medallion.lakehouse.run.RunOptions;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A parsed, checked command line: one record per subcommand. */
public sealed interface Command {
    /** {@code --help}: print the text and stop, successfully. */
    record ShowHelp(String text) implements Command {}

    /**
     * {@code demo}: generate retail data into a work folder (and inject a defect into it, if asked)
     * and run the retail pipeline on it.
     */
    record Demo(Path workdir, GenerateOptions generate, Optional<InjectedDefect> inject, List<String> configOverrides, Map<String, String> sparkConf)
            implements Command {
        public Demo {
            requireNonNull(workdir, "workdir is null");
            requireNonNull(generate, "generate is null");
            requireNonNull(inject, "inject is null");
            configOverrides = List.copyOf(configOverrides);
            sparkConf = Map.copyOf(sparkConf);
        }
    }

    /** {@code generate}: write synthetic retail source files, and the day after them into a folder of its own when asked. */
    record Generate(GenerateOptions options, Optional<FollowingDay> followingDay) implements Command {
        public Generate {
            requireNonNull(options, "options is null");
            requireNonNull(followingDay, "followingDay is null");
        }
    }

    /** {@code run}: run a pipeline from its config; a backfill of a date range or a full refresh loads raw again. */
    record Run(Path config, Optional<LocalDate> date, Set<String> tables, Optional<RunOptions.DateRange> backfill, boolean fullRefresh,
            List<String> overrides, Map<String, String> sparkConf) implements Command {
        public Run {
            requireNonNull(config, "config is null");
            requireNonNull(date, "date is null");
            requireNonNull(backfill, "backfill is null");
            tables = Set.copyOf(tables);
            overrides = List.copyOf(overrides);
            sparkConf = Map.copyOf(sparkConf);
        }
    }

    /** {@code validate}: check a pipeline config without starting Spark. */
    record Validate(Path config, List<String> overrides) implements Command {
        public Validate {
            requireNonNull(config, "config is null");
            overrides = List.copyOf(overrides);
        }
    }

    /** {@code state show|set|reset}: inspect or change a pipeline's watermarks and processed files. */
    record State(Action action, Path config, Optional<String> table, Optional<Watermark> watermark, List<String> overrides,
            Map<String, String> sparkConf) implements Command {
        /** What {@code state} does. */
        public enum Action {
            SHOW, SET, RESET
        }

        public State {
            requireNonNull(action, "action is null");
            requireNonNull(config, "config is null");
            requireNonNull(table, "table is null");
            requireNonNull(watermark, "watermark is null");
            overrides = List.copyOf(overrides);
            sparkConf = Map.copyOf(sparkConf);
        }
    }

    /**
     * {@code quarantine summary|replay}: count a table's quarantine by rule and batch, or move the
     * quarantined rows the current config lets through into bronze ({@code rule} and {@code batch}
     * select which, replay only).
     */
    record Quarantine(Action action, Path config, String table, Optional<String> rule, Optional<String> batch, List<String> overrides,
            Map<String, String> sparkConf) implements Command {
        /** What {@code quarantine} does. */
        public enum Action {
            SUMMARY, REPLAY
        }

        public Quarantine {
            requireNonNull(action, "action is null");
            requireNonNull(config, "config is null");
            requireNonNull(table, "table is null");
            requireNonNull(rule, "rule is null");
            requireNonNull(batch, "batch is null");
            overrides = List.copyOf(overrides);
            sparkConf = Map.copyOf(sparkConf);
        }
    }

    /** {@code profile}: profile a table's data or a new source's files and write a starter table config. */
    record Profile(Path config, Optional<String> table, Optional<String> source, Optional<Path> out, List<String> overrides,
            Map<String, String> sparkConf) implements Command {
        public Profile {
            requireNonNull(config, "config is null");
            requireNonNull(table, "table is null");
            requireNonNull(source, "source is null");
            requireNonNull(out, "out is null");
            if (table.isPresent() == source.isPresent()) {
                throw new IllegalArgumentException("exactly one of table and source");
            }
            overrides = List.copyOf(overrides);
            sparkConf = Map.copyOf(sparkConf);
        }
    }
}
