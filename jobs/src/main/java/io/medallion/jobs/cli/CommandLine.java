package io.medallion.jobs.cli;

import io.medallion.jobs.generate.DataSize;
import io.medallion.jobs.generate.FollowingDay;
import io.medallion.jobs.generate.GenerateOptions;
import io.medallion.jobs.generate.InjectedDefect;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.run.RunOptions;
import java.nio.file.Path;
import io.medallion.lakehouse.jdbc.Watermark;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import scopt.OParser;

/**
 * The {@code medallion} command line: declares the subcommands with scopt, then turns what was
 * given into a checked {@link Command}. Bad usage throws a bad-config {@code MedallionException}
 * (exit code 2) whose message names the option and the fix.
 */
public final class CommandLine {
    static final String DEMO_WORKDIR = "medallion-demo";
    static final String DEMO_SIZE = "5MB";
    /** The following day's sales as a share of the generated days': 1%, a day that adds 1% new data. */
    static final double DEFAULT_FOLLOWING_SHARE = 0.01;

    private final Scopt scopt = new Scopt();
    private final Map<String, OParser<?, ParsedArguments>> commands = new LinkedHashMap<>();

    public CommandLine() {
        OParser<String, ParsedArguments> conf = scopt.option("conf", "<key=value>",
                "override a config key (lakehouse.root=...) or set a Spark conf (spark.*); repeatable").unbounded();
        commands.put("demo", scopt.command("demo", "Generate a small retail data set and run the retail pipeline on it, locally.", List.of(
                scopt.option("workdir", "<dir>", "work folder for landing files and the lakehouse (default ./" + DEMO_WORKDIR + ")"),
                scopt.option("size", "<size>", "size of the generated data, e.g. 5MB or 1GB (default " + DEMO_SIZE + ")"),
                scopt.option("seed", "<n>", "random seed of the generated data (default " + GenerateOptions.DEFAULT_SEED + ")"),
                scopt.option("days", "<n>", "days of data to generate (default " + GenerateOptions.DEFAULT_DAYS + ")"),
                scopt.option("inject", "<defect>", "add a defect only a quality gate catches, to watch it stop a table: "
                        + "duplicate-transactions (the newest sales file re-sends 1 in 20 rows)"),
                conf, scopt.help())));
        commands.put("generate", scopt.command("generate", "Write synthetic retail source files (sales, products, customers, inventory, campaigns, the customer change feed).", List.of(
                scopt.option("out", "<dir>", "folder to write into (required)").required(),
                scopt.option("size", "<size>", "total size, e.g. 20MB or 1GB (default 20MB)"),
                scopt.option("seed", "<n>", "random seed; the same seed gives the same bytes (default " + GenerateOptions.DEFAULT_SEED + ")"),
                scopt.option("days", "<n>", "days of data (default " + GenerateOptions.DEFAULT_DAYS + ")"),
                scopt.option("start-date", "<yyyy-mm-dd>", "first day of data (default " + GenerateOptions.DEFAULT_START_DATE + ")"),
                scopt.option("defect-rate", "<share>", "share of defective rows, 0 to 0.5 (default " + GenerateOptions.DEFAULT_DEFECT_RATE + ")"),
                scopt.option("following-day", "<dir>", "also write the day after the last one, the same customers and products a day on, "
                        + "into this folder, to try an incremental load"),
                scopt.option("following-share", "<share>", "the following day's sales as a share of all the days' sales, above 0 "
                        + "and at most 1 (default " + DEFAULT_FOLLOWING_SHARE + ")"),
                scopt.help())));
        commands.put("run", scopt.command("run", "Run a pipeline: land new source files in raw and load them into bronze and quarantine.", List.of(
                scopt.option("config", "<file>", "pipeline YAML file (required)").required(),
                scopt.option("date", "<yyyy-mm-dd>", "ingest date of new files whose names carry no date (default today, UTC)"),
                scopt.option("tables", "<t1,t2>", "only these tables (default all)"),
                scopt.option("from", "<yyyy-mm-dd>", "backfill: load raw's files of these dates again, from this date (with --to)"),
                scopt.option("to", "<yyyy-mm-dd>", "backfill: ... to this date, included (with --from)"),
                scopt.flag("full-refresh", "land new files, then rebuild the tables from all of raw"),
                conf, scopt.help())));
        commands.put("state", scopt.command("state", "Show a pipeline's watermarks and processed files, move a watermark (set), "
                + "or make a table start over (reset: a JDBC table forgets its watermark, a file table its processed files). "
                + "Every change is audited.", List.of(
                scopt.argument("action", "<show|set|reset>", "what to do"),
                scopt.option("config", "<file>", "pipeline YAML file (required)").required(),
                scopt.option("table", "<table>", "the bronze table (required for set and reset; show: default all)"),
                scopt.option("watermark", "<yyyy-mm-ddThh:mm:ss>", "set: the timestamp the next extract starts after"),
                scopt.option("key", "<k1,k2>", "set: the key values at that timestamp, one per watermark.key column"),
                conf, scopt.help())));
        commands.put("quarantine", scopt.command("quarantine", "Count a table's quarantined rows and files by rule and batch (summary), "
                + "or check them again with the current config and move those that now pass into bronze (replay; audited, safe to rerun).",
                List.of(
                scopt.argument("action", "<summary|replay>", "what to do"),
                scopt.option("config", "<file>", "pipeline YAML file (required)").required(),
                scopt.option("table", "<table>", "the bronze table, e.g. sales or bronze.sales (required)").required(),
                scopt.option("rule", "<rule id>", "replay: only rows that failed this rule, e.g. sales.quantity.range"),
                scopt.option("batch", "<batch id>", "replay: only rows of this batch"),
                conf, scopt.help())));
        commands.put("profile", scopt.command("profile", "Profile a table's data, or a new source's landing files, with Deequ and write a "
                + "starter table config (columns and checks) to paste into the pipeline config.", List.of(
                scopt.option("config", "<file>", "pipeline YAML file (required)").required(),
                scopt.option("table", "<table>", "profile this bronze table's data (or --source)"),
                scopt.option("source", "<source>", "profile this source's landing files, read as text like bronze reads them (or --table)"),
                scopt.option("out", "<file>", "write the YAML to this file (default: print it)"),
                conf, scopt.help())));
        commands.put("validate", scopt.command("validate", "Check a pipeline config and exit; starts no Spark.", List.of(
                scopt.option("config", "<file>", "pipeline YAML file (required)").required(),
                conf, scopt.help())));
    }

    /** The usage text of the whole CLI. */
    public String usage() {
        return Scopt.usage(parser(commands.values()));
    }

    public Command parse(String[] args) {
        if (args.length == 0) {
            throw Errors.badUsage("No command given.\n" + usage());
        }
        List<String> argList = Arrays.asList(args);
        if (argList.contains("--help") || argList.contains("-h")) {
            OParser<?, ParsedArguments> command = commands.get(args[0]);
            return new Command.ShowHelp(command == null ? usage() : Scopt.usage(parser(List.of(command))));
        }
        Scopt.Outcome outcome = Scopt.parse(parser(commands.values()), args);
        if (outcome.arguments() == null || outcome.arguments().command().isEmpty()) {
            String errors = outcome.errors().isEmpty() ? "Unknown command " + args[0] : String.join("\n", outcome.errors());
            throw Errors.badUsage(errors + "\nRun `medallion --help` for usage.");
        }
        return toCommand(outcome.arguments());
    }

    private OParser<?, ParsedArguments> parser(Iterable<OParser<?, ParsedArguments>> commandParsers) {
        List<OParser<?, ParsedArguments>> all = new ArrayList<>();
        all.add(scopt.programName("medallion"));
        all.add(scopt.note("Medallion: metadata-driven medallion lakehouse jobs for Spark and Delta Lake.\n"
                + "Exit codes: 0 success, 1 the job failed, 2 bad usage or bad config.\n"));
        commandParsers.forEach(all::add);
        return Scopt.sequence(all);
    }

    private static Command toCommand(ParsedArguments arguments) {
        return switch (arguments.command()) {
            case "demo" -> new Command.Demo(
                    Path.of(arguments.value("workdir").orElse(DEMO_WORKDIR)),
                    generateOptions(arguments, arguments.value("workdir").orElse(DEMO_WORKDIR) + "/landing", DEMO_SIZE),
                    arguments.value("inject").map(CommandLine::injectedDefect),
                    configOverrides(arguments),
                    sparkConf(arguments));
            case "generate" -> {
                GenerateOptions options = generateOptions(arguments, arguments.value("out").orElseThrow(), "20MB");
                yield new Command.Generate(options, followingDay(arguments, options));
            }
            case "run" -> new Command.Run(
                    Path.of(arguments.value("config").orElseThrow()),
                    arguments.value("date").map(d -> parse("--date", d, LocalDate::parse, "a date like 2026-01-31")),
                    tables(arguments.value("tables")),
                    backfill(arguments),
                    arguments.has("full-refresh"),
                    configOverrides(arguments),
                    sparkConf(arguments));
            case "state" -> state(arguments);
            case "quarantine" -> quarantine(arguments);
            case "profile" -> profile(arguments);
            case "validate" -> new Command.Validate(Path.of(arguments.value("config").orElseThrow()), configOverrides(arguments));
            default -> throw Errors.badUsage("Unknown command " + arguments.command() + ". Run `medallion --help` for usage.");
        };
    }

    private static InjectedDefect injectedDefect(String key) {
        return InjectedDefect.byKey(key).orElseThrow(() -> Errors.badUsage("--inject " + key + " is not a defect the demo knows. Known: "
                + String.join(", ", Arrays.stream(InjectedDefect.values()).map(InjectedDefect::key).toList())));
    }

    private static Command.State state(ParsedArguments arguments) {
        String actionText = arguments.value("action").orElse("");
        Command.State.Action action = switch (actionText) {
            case "show" -> Command.State.Action.SHOW;
            case "set" -> Command.State.Action.SET;
            case "reset" -> Command.State.Action.RESET;
            default -> throw Errors.badUsage("state needs an action, show, set or reset; got '" + actionText + "'");
        };
        Optional<String> table = arguments.value("table");
        if (action != Command.State.Action.SHOW && table.isEmpty()) {
            throw Errors.badUsage("state " + actionText + " needs --table <table>");
        }
        Optional<Watermark> watermark = Optional.empty();
        if (action == Command.State.Action.SET) {
            LocalDateTime timestamp = parse("--watermark", arguments.value("watermark").orElseThrow(
                    () -> Errors.badUsage("state set needs --watermark <yyyy-mm-ddThh:mm:ss> and --key <values>")).replace(' ', 'T'),
                    LocalDateTime::parse, "a timestamp like 2026-01-31T10:15:00.250");
            List<String> keys = arguments.value("key").map(k -> Arrays.stream(k.split(",")).map(String::trim).toList()).orElseThrow(
                    () -> Errors.badUsage("state set needs --key <values>: the key values at the watermark's timestamp"));
            watermark = Optional.of(new Watermark(timestamp, keys));
        }
        return new Command.State(action, Path.of(arguments.value("config").orElseThrow()), table, watermark, configOverrides(arguments),
                sparkConf(arguments));
    }

    private static Command.Quarantine quarantine(ParsedArguments arguments) {
        String actionText = arguments.value("action").orElse("");
        Command.Quarantine.Action action = switch (actionText) {
            case "summary" -> Command.Quarantine.Action.SUMMARY;
            case "replay" -> Command.Quarantine.Action.REPLAY;
            default -> throw Errors.badUsage("quarantine needs an action, summary or replay; got '" + actionText + "'");
        };
        if (action == Command.Quarantine.Action.SUMMARY && (arguments.has("rule") || arguments.has("batch"))) {
            throw Errors.badUsage("--rule and --batch select the rows a replay moves; quarantine summary counts every rule and batch");
        }
        return new Command.Quarantine(action, Path.of(arguments.value("config").orElseThrow()), arguments.value("table").orElseThrow(),
                arguments.value("rule"), arguments.value("batch"), configOverrides(arguments), sparkConf(arguments));
    }

    private static Command.Profile profile(ParsedArguments arguments) {
        Optional<String> table = arguments.value("table");
        Optional<String> source = arguments.value("source");
        if (table.isPresent() == source.isPresent()) {
            throw Errors.badUsage("profile needs either --table <table> (a loaded table's data) or --source <source> (a new source's "
                    + "landing files), not " + (table.isPresent() ? "both" : "neither"));
        }
        return new Command.Profile(Path.of(arguments.value("config").orElseThrow()), table, source, arguments.value("out").map(Path::of),
                configOverrides(arguments), sparkConf(arguments));
    }

    private static GenerateOptions generateOptions(ParsedArguments arguments, String out, String defaultSize) {
        try {
            return new GenerateOptions(
                    out,
                    arguments.value("seed").map(s -> parse("--seed", s, Long::parseLong, "a whole number")).orElse(GenerateOptions.DEFAULT_SEED),
                    DataSize.parse(arguments.value("size").orElse(defaultSize)),
                    arguments.value("days").map(s -> parse("--days", s, Integer::parseInt, "a whole number")).orElse(GenerateOptions.DEFAULT_DAYS),
                    arguments.value("start-date").map(s -> parse("--start-date", s, LocalDate::parse, "a date like 2026-01-31"))
                            .orElse(GenerateOptions.DEFAULT_START_DATE),
                    arguments.value("defect-rate").map(s -> parse("--defect-rate", s, Double::parseDouble, "a number like 0.02"))
                            .orElse(GenerateOptions.DEFAULT_DEFECT_RATE));
        } catch (IllegalArgumentException e) {
            throw Errors.badUsage(e.getMessage());
        }
    }

    /** {@code --following-day} and its {@code --following-share}, which alone is a mistake. */
    private static Optional<FollowingDay> followingDay(ParsedArguments arguments, GenerateOptions options) {
        Optional<String> folder = arguments.value("following-day");
        Optional<Double> share = arguments.value("following-share").map(s -> parse("--following-share", s, Double::parseDouble, "a number like 0.01"));
        if (folder.isEmpty()) {
            if (share.isPresent()) {
                throw Errors.badUsage("--following-share needs --following-day <dir>, the folder the following day is written into");
            }
            return Optional.empty();
        }
        try {
            FollowingDay day = new FollowingDay(folder.get(), share.orElse(DEFAULT_FOLLOWING_SHARE));
            day.requireApartFrom(options);
            return Optional.of(day);
        } catch (IllegalArgumentException e) {
            throw Errors.badUsage("--following-day / --following-share: " + e.getMessage());
        }
    }

    private static <T> T parse(String option, String text, Function<String, T> parser, String expected) {
        try {
            return parser.apply(text.trim());
        } catch (NumberFormatException | DateTimeParseException e) {
            throw Errors.badUsage(option + " must be " + expected + ", got '" + text + "'");
        }
    }

    /** {@code --from} and {@code --to}: both or neither, in order, and not with {@code --date} or {@code --full-refresh}. */
    private static Optional<RunOptions.DateRange> backfill(ParsedArguments arguments) {
        Optional<LocalDate> from = arguments.value("from").map(d -> parse("--from", d, LocalDate::parse, "a date like 2026-01-31"));
        Optional<LocalDate> to = arguments.value("to").map(d -> parse("--to", d, LocalDate::parse, "a date like 2026-01-31"));
        if (from.isEmpty() && to.isEmpty()) {
            return Optional.empty();
        }
        if (from.isEmpty() || to.isEmpty()) {
            throw Errors.badUsage("A backfill needs both --from and --to (the same date twice for one day)");
        }
        if (to.get().isBefore(from.get())) {
            throw Errors.badUsage("--to " + to.get() + " is before --from " + from.get());
        }
        if (arguments.has("full-refresh") || arguments.value("date").isPresent()) {
            throw Errors.badUsage("--from/--to loads raw's files of those dates again; it cannot be combined with "
                    + (arguments.has("full-refresh") ? "--full-refresh" : "--date") + ". Run them separately");
        }
        return Optional.of(new RunOptions.DateRange(from.get(), to.get()));
    }

    private static Set<String> tables(Optional<String> text) {
        Set<String> tables = new LinkedHashSet<>();
        text.ifPresent(t -> Arrays.stream(t.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(tables::add));
        return tables;
    }

    private static List<String> configOverrides(ParsedArguments arguments) {
        return arguments.values("conf").stream().filter(c -> !c.startsWith("spark.")).toList();
    }

    private static Map<String, String> sparkConf(ParsedArguments arguments) {
        Map<String, String> conf = new LinkedHashMap<>();
        for (String entry : arguments.values("conf")) {
            if (entry.startsWith("spark.")) {
                int equals = entry.indexOf('=');
                if (equals < 0) {
                    throw Errors.badUsage("--conf " + entry + " must be of the form spark.key=value");
                }
                conf.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return conf;
    }
}
