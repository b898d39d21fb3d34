package io.medallion.jobs.cli;

import io.medallion.jobs.generate.GenerationResult;
import io.medallion.jobs.generate.RetailGenerator;
import io.medallion.lakehouse.config.BronzeTableName;
import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.PipelineConfigLoader;
import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.error.MedallionException;
import io.medallion.lakehouse.jdbc.WatermarkStore;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.profile.ProfileInput;
import io.medallion.lakehouse.profile.StarterConfig;
import io.medallion.lakehouse.profile.TableProfile;
import io.medallion.lakehouse.profile.TableProfiler;
import io.medallion.lakehouse.quarantine.QuarantineReplay;
import io.medallion.lakehouse.quarantine.QuarantineSummary;
import io.medallion.lakehouse.quarantine.ReplaySelection;
import io.medallion.lakehouse.run.PipelineRun;
import io.medallion.lakehouse.run.RunOptions;
import io.medallion.lakehouse.run.RunResult;
import io.medallion.lakehouse.state.PipelineState;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Runs one {@code medallion} command and returns its exit code: 0 success, 1 the job failed, 2 bad
 * usage or bad config. It never exits the JVM and never stops the SparkSession: the launcher decides
 * what an exit code means (the local launcher exits with it; the cluster entry point throws).
 */
public final class MedallionCli {
    /** The retail pipeline shipped in the jar, which {@code demo} runs. */
    public static final String RETAIL_CONFIG = "conf/retail.yaml";

    private final Function<Map<String, String>, SparkSession> sessions;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    /**
     * @param sessions opens the SparkSession (given extra Spark conf) when a command needs one
     * @param environment what {@code ${VAR}} references in config resolve against
     */
    public MedallionCli(Function<Map<String, String>, SparkSession> sessions, PrintStream out, PrintStream err, Map<String, String> environment) {
        this.sessions = sessions;
        this.out = out;
        this.err = err;
        this.environment = Map.copyOf(environment);
    }

    public int run(String[] args) {
        try {
            return execute(new CommandLine().parse(args));
        } catch (MedallionException e) {
            err.println(e.getMessage());
            return e.kind().exitCode();
        } catch (UncheckedIOException e) {  // a local file or folder (generate's --out, a folder it walks) that cannot be read or written
            err.println("Medallion could not read or write " + FileProblems.describe(e.getCause())
                    + ". Check that the path exists, is of the right kind (file or folder) and that this user may use it.");
            return MedallionException.Kind.JOB_FAILED.exitCode();
        } catch (Exception e) {  // Spark throws SparkException, a checked exception, without declaring it
            err.println("Medallion failed unexpectedly: " + Errors.rootMessage(e));
            err.println("This is a bug in Medallion or an unexpected environment problem; the stack trace follows for the report.");
            e.printStackTrace(err);
            return MedallionException.Kind.JOB_FAILED.exitCode();
        }
    }

    /**
     * Opens the session with the {@code --conf spark.*} settings given. A setting Spark refuses (a
     * master URL it cannot parse, a SQL setting of the wrong type) is bad usage, exit 2, naming the setting;
     * SQL settings are checked here, since Spark would otherwise refuse one only when a query reads it,
     * in the middle of a run.
     */
    private SparkSession openSession(Map<String, String> sparkConf) {
        SparkSession spark;
        try {
            spark = sessions.apply(sparkConf);
        } catch (RuntimeException e) {
            // A failure that names a setting given (a master URL Spark cannot parse) is bad usage; any
            // other (a cluster manager down, a port taken) is the job failing, which a scheduler retries.
            String reason = Errors.rootMessage(e);
            List<String> named = sparkConf.entrySet().stream()
                    .filter(setting -> reason.contains(setting.getKey()) || (!setting.getValue().isBlank() && reason.contains(setting.getValue())))
                    .map(Map.Entry::getKey).toList();
            if (named.isEmpty()) {
                throw e;
            }
            throw Errors.badUsage("Spark did not start with the settings " + named + ": " + reason + ". Fix or remove those --conf settings.");
        }
        sparkConf.forEach((key, value) -> {
            if (key.startsWith("spark.sql.")) {
                try {
                    spark.sessionState().conf().setConfString(key, value);
                } catch (Exception e) { // a wrong type throws IllegalArgumentException; a removed setting, AnalysisException (checked, undeclared)
                    throw Errors.badUsage("--conf " + key + ": " + Errors.rootMessage(e) + ". Fix the value or remove the setting.");
                }
            }
        });
        return spark;
    }

    private int execute(Command command) {
        if (command instanceof Command.ShowHelp help) {
            out.println(help.text());
            return 0;
        }
        if (command instanceof Command.Validate validate) {
            return validate(validate);
        }
        if (command instanceof Command.Generate generate) {
            printGeneration(RetailGenerator.generate(generate.options(), generate.followingDay()));
            return 0;
        }
        if (command instanceof Command.Run run) {
            return run(run);
        }
        if (command instanceof Command.State state) {
            return state(state);
        }
        if (command instanceof Command.Quarantine quarantine) {
            return quarantine(quarantine);
        }
        if (command instanceof Command.Profile profile) {
            return profile(profile);
        }
        return demo((Command.Demo) command);
    }

    private int validate(Command.Validate command) {
        PipelineConfig config = new PipelineConfigLoader(environment, command.overrides()).load(command.config());
        out.printf(Locale.ROOT, "%s is valid: pipeline %s, %d sources, %d bronze, %d silver tables, %d gold models, %d export targets, lakehouse %s%n",
                command.config(), config.name(), config.sources().size(), config.tables(Layer.BRONZE).size(),
                config.silverTables().size(), config.goldModels().size(), config.exports().size(), config.root());
        return 0;
    }

    private int run(Command.Run command) {
        PipelineConfig config = new PipelineConfigLoader(environment, command.overrides()).load(command.config());
        checkTablesExist(config, command);
        RunOptions options = RunOptions.defaults().withTables(command.tables());
        if (command.date().isPresent()) {
            options = options.withIngestDate(command.date().get());
        }
        if (command.backfill().isPresent()) {
            options = options.withBackfill(command.backfill().get().from(), command.backfill().get().to());
        } else if (command.fullRefresh()) {
            options = options.withFullRefresh();
        }
        return runPipeline(config, options, command.sparkConf());
    }

    private int state(Command.State command) {
        PipelineConfig config = new PipelineConfigLoader(environment, command.overrides()).load(command.config());
        PipelineState state = new PipelineState(openSession(command.sparkConf()), config, WatermarkStore.currentUser(environment));
        switch (command.action()) {
            case SHOW -> out.print(StateReport.format(state.show(command.table())));
            case SET -> out.println(StateReport.describe(state.setWatermark(command.table().orElseThrow(), command.watermark().orElseThrow())));
            case RESET -> out.println(state.reset(command.table().orElseThrow()));
        }
        return 0;
    }

    private int quarantine(Command.Quarantine command) {
        PipelineConfig config = new PipelineConfigLoader(environment, command.overrides()).load(command.config());
        TableConfig table = BronzeTableName.resolve(config, command.table());
        SparkSession spark = openSession(command.sparkConf());
        switch (command.action()) {
            case SUMMARY -> out.print(QuarantineReport.summary(new QuarantineSummary(spark, config).execute(table)));
            case REPLAY -> out.print(QuarantineReport.replay(new QuarantineReplay(spark, config)
                    .execute(table, new ReplaySelection(command.rule(), command.batch())), command.config()));
        }
        return 0;
    }

    private int profile(Command.Profile command) {
        PipelineConfig config = new PipelineConfigLoader(environment, command.overrides()).load(command.config());
        Optional<TableConfig> table = command.table().map(name -> BronzeTableName.resolve(config, name));
        Optional<SourceConfig> source = command.source().map(name -> ProfileInput.profilableSource(config, name));
        ProfileInput input = new ProfileInput(openSession(command.sparkConf()), config);
        String yaml;
        if (table.isPresent()) {
            TableProfile profile = TableProfiler.profile(input.table(table.get()), "table " + table.get().qualifiedName());
            yaml = StarterConfig.yaml(profile, table.get().name(), table.get().source().orElseThrow());
        } else {
            TableProfile profile = TableProfiler.profile(input.source(source.get()), "the landing files of source " + source.get().name());
            yaml = StarterConfig.yaml(profile, source.get().name(), source.get().name());
        }
        if (command.out().isEmpty()) {
            out.print(yaml);
            return 0;
        }
        try {
            Files.writeString(command.out().get(), yaml);
        } catch (IOException e) {
            throw Errors.storageFailed("write the starter config", command.out().get().toString(), e);
        }
        out.println("Wrote a starter table config to " + command.out().get() + "; paste it under bronze: in " + command.config()
                + " and check it with `medallion validate`.");
        return 0;
    }

    private int demo(Command.Demo command) {
        Path workdir = command.workdir().toAbsolutePath().normalize();
        Path landing = Path.of(command.generate().outputDirectory()).toAbsolutePath().normalize();
        if (hasFiles(landing)) {
            out.println("Using the data already generated in " + landing);
        } else {
            out.println("Generating retail data into " + landing);
            printGeneration(RetailGenerator.generate(command.generate()));
        }
        command.inject().ifPresent(defect -> out.println("Injected defect " + defect.key() + ": " + defect.injectInto(landing)));
        Map<String, String> demoEnvironment = new HashMap<>(environment);
        demoEnvironment.put("MEDALLION_ROOT", workdir.resolve("lakehouse").toString());
        demoEnvironment.put("MEDALLION_LANDING", landing.toString());
        PipelineConfig config = new PipelineConfigLoader(demoEnvironment, command.configOverrides()).loadResource(RETAIL_CONFIG);
        return runPipeline(config, RunOptions.defaults(), command.sparkConf());
    }

    private int runPipeline(PipelineConfig config, RunOptions options, Map<String, String> sparkConf) {
        SparkSession spark = openSession(sparkConf);
        RunResult result = new PipelineRun(spark, config, environment).execute(options);
        out.println();
        out.print(RunSummary.format(config.name(), LakehouseLayout.at(config.root()).root(), result));
        return result.succeeded() ? 0 : MedallionException.Kind.JOB_FAILED.exitCode();
    }

    private static void checkTablesExist(PipelineConfig config, Command.Run command) {
        List<String> declared = Stream.of(config.tables().stream().map(t -> t.name()), config.silverTables().stream().map(t -> t.name()),
                config.exports().stream().map(t -> t.name())).flatMap(names -> names).distinct().toList();
        // A table may also be named with its layer (bronze.sales), as references and exports name it.
        Set<String> selectable = new HashSet<>(declared);
        config.tables().forEach(t -> selectable.add(t.qualifiedName()));
        config.silverTables().forEach(t -> selectable.add(t.qualifiedName()));
        for (String table : command.tables()) {
            if (!selectable.contains(table)) {
                throw Errors.badUsage("--tables names " + table + ", which " + command.config() + " does not declare. Declared tables: "
                        + String.join(", ", declared) + " (each may also be named with its layer, as in bronze.sales)");
            }
        }
    }

    private void printGeneration(GenerationResult result) {
        out.printf(Locale.ROOT, "Generated %d files, %.1f MB%n", result.files().size(), result.bytesWritten() / 1e6);
        result.rowsBySource().forEach((source, rows) -> out.printf(Locale.ROOT, "  %-10s %10d rows%n", source, rows));
        out.println("  defects injected: " + result.defectsByKind());
    }

    private static boolean hasFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.anyMatch(Files::isRegularFile);
        } catch (IOException | UncheckedIOException e) {  // Files.walk throws the unchecked one for a folder it cannot enter
            throw Errors.storageFailed("list the demo's landing folder", folder.toString(), e);
        }
    }
}
