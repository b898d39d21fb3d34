package io.medallion.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints the benchmark as a Markdown table (per stage, contender and size: seconds, CPU seconds,
 * rows/s, MB/s, live heap, ratios to the floor) followed by the headline ratios against the targets,
 * and writes the same figures as JSON. Ratios are the point: the machine is shared and absolute
 * times are noisy; the CPU-time ratio is the steadier of the two when other work competes for cores.
 */
final class BenchmarkReport {
    private final List<StageTiming> timings;
    private final String command;
    private final String setup;
    private final List<String> runs;

    BenchmarkReport(List<StageTiming> timings, String command, String setup) {
        this(timings, command, setup, List.of());
    }

    /**
     * @param setup where the executors ran (and so what the heap and CPU columns cover), and how many runs each row is the median of
     * @param runs every run's wall time per stage, listed after the targets when the stages ran more than once ({@link MedianRuns#spreads})
     */
    BenchmarkReport(List<StageTiming> timings, String command, String setup, List<String> runs) {
        this.timings = List.copyOf(timings);
        this.command = command;
        this.setup = setup;
        this.runs = List.copyOf(runs);
    }

    String markdown() {
        StringBuilder text = new StringBuilder();
        text.append("Command: `").append(command).append("`\n\n").append(setup).append("\n\n");
        text.append("| size | stage | contender | seconds | CPU s | rows | rows/s | MB/s | live heap MB | × floor | × floor CPU |\n");
        text.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (StageTiming t : timings) {
            String ratio = floorOf(t).map(f -> String.format(Locale.ROOT, "%.2f", t.seconds() / f.seconds())).orElse("");
            String cpuRatio = floorOf(t).map(f -> String.format(Locale.ROOT, "%.2f", t.cpuSeconds() / f.cpuSeconds())).orElse("");
            text.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f | %.1f | %d | %.0f | %.1f | %.0f | %s | %s |%n", t.size(), t.stage(),
                    t.contender(), t.seconds(), t.cpuSeconds(), t.rows(), t.rowsPerSecond(), t.megabytesPerSecond(),
                    t.peakLiveHeapBytes() / 1e6, ratio, cpuRatio));
        }
        text.append("\n").append(headlines());
        if (!runs.isEmpty()) {
            text.append("\nRuns, wall seconds in run order:\n");
            runs.forEach(line -> text.append("- ").append(line).append('\n'));
        }
        return text.toString();
    }

    /** A layer of the incremental day: its full load's stage and its increment's. */
    private record DayPart(String name, String full, String increment) {}

    /** Raw → bronze of sales first: the day is reported only when Medallion ran it. */
    private static final List<DayPart> DAY_PARTS = List.of(new DayPart("raw → bronze", SizeRun.FULL, SizeRun.INCREMENTAL),
            new DayPart("bronze → silver", SizeRun.SILVER, SizeRun.SILVER_INCREMENTAL),
            new DayPart("the dimensions, raw → silver", SizeRun.DIMENSIONS, SizeRun.DIMENSIONS_INCREMENTAL),
            new DayPart("silver → gold", SizeRun.GOLD, SizeRun.GOLD_INCREMENTAL),
            new DayPart("gold → PostgreSQL", SizeRun.EXPORT, SizeRun.EXPORT_INCREMENTAL));

    /**
     * The incremental day against the full run, when Medallion ran both. A day is every layer the
     * pipeline runs: sales' raw → bronze, and, when they ran, bronze → silver and the dimensions the
     * fact looks up, with each one's share beside it.
     */
    private Optional<String> incrementalDay(String size) {
        if (!ranDay(size, DAY_PARTS.get(0), "medallion")) {
            return Optional.empty();
        }
        List<DayPart> present = DAY_PARTS.stream().filter(part -> ranDay(size, part, "medallion")).toList();
        double[] seconds = daySeconds(size, present, "medallion");
        double day = seconds[0];
        double full = seconds[1];
        List<String> parts = present.stream().map(part -> {
            double increment = find(size, part.increment(), "medallion").orElseThrow().seconds();
            double fullLoad = find(size, part.full(), "medallion").orElseThrow().seconds();
            return String.format(Locale.ROOT, "%s %.1f%% (%.1f of %.1f s)", part.name(), 100 * increment / fullLoad, increment, fullLoad);
        }).toList();
        String layers = (present.contains(DAY_PARTS.get(1)) ? "raw → bronze → silver" : "raw → bronze" + (present.size() == 1 ? " only" : ""))
                + (present.contains(DAY_PARTS.get(3)) ? " → gold" : "") + (present.contains(DAY_PARTS.get(4)) ? " → PostgreSQL" : "")
                + (present.contains(DAY_PARTS.get(2)) ? ", with the dimensions" : "");
        return Optional.of(String.format(Locale.ROOT, "- %s incremental day (1%% new data), %s: %.1f%% of the full run, %.1f of %.1f s (target ≤ 10%%)%s%n",
                size, layers, 100 * day / full, day, full, parts.size() == 1 ? "" : "; " + String.join(", ", parts)));
    }

    /**
     * The floor's own day against its full run, over the layers it ran both of (it loads no
     * dimensions), beside Medallion's over the same layers: how much of the day's share is the
     * benchmark's shape (a full gold recompute, Spark's cost per query) rather than Medallion.
     */
    private Optional<String> floorDay(String size) {
        List<DayPart> both = DAY_PARTS.stream().filter(part -> ranDay(size, part, "floor") && ranDay(size, part, "medallion")).toList();
        if (both.isEmpty()) {
            return Optional.empty();
        }
        double[] floor = daySeconds(size, both, "floor");
        double[] medallion = daySeconds(size, both, "medallion");
        return Optional.of(String.format(Locale.ROOT, "- %s the floor's own day over the layers it ran (%s): %.1f%% of its full run, %.1f of %.1f s; "
                + "Medallion's over the same layers %.1f%%%n", size, both.stream().map(DayPart::name).collect(Collectors.joining(", ")),
                100 * floor[0] / floor[1], floor[0], floor[1], 100 * medallion[0] / medallion[1]));
    }

    private boolean ranDay(String size, DayPart part, String contender) {
        return find(size, part.full(), contender).isPresent() && find(size, part.increment(), contender).isPresent();
    }

    /** The day's seconds and the full run's, summed over {@code parts}, each of which {@code contender} ran. */
    private double[] daySeconds(String size, List<DayPart> parts, String contender) {
        double day = 0;
        double full = 0;
        for (DayPart part : parts) {
            day += find(size, part.increment(), contender).orElseThrow().seconds();
            full += find(size, part.full(), contender).orElseThrow().seconds();
        }
        return new double[] {day, full};
    }

    private String headlines() {
        StringBuilder text = new StringBuilder("Targets:\n");
        Set<String> sizes = new LinkedHashSet<>();
        timings.forEach(t -> sizes.add(t.size()));
        for (String size : sizes) {
            find(size, SizeRun.FULL, "medallion").ifPresent(medallion -> {
                floorOf(medallion).ifPresent(floor -> text.append(String.format(Locale.ROOT,
                        "- %s raw → bronze with validation and quarantine: %.2f× the floor, %.2f× its CPU time (target ≤ 1.30)%n",
                        size, medallion.seconds() / floor.seconds(), medallion.cpuSeconds() / floor.cpuSeconds())));
                find(size, SizeRun.FULL, SizeRun.FLOOR_TRACED).ifPresent(traced -> floorOf(traced).ifPresent(floor -> text.append(String.format(Locale.ROOT,
                        "- %s the floor with Medallion's five trace columns and partitioning, no validation: %.2f× the floor; Medallion takes %.2f× that%n",
                        size, traced.seconds() / floor.seconds(), medallion.seconds() / traced.seconds()))));
                find(size, SizeRun.GATES, "medallion").ifPresent(gates -> text.append(String.format(Locale.ROOT,
                        "- %s quality gates: %.1f s, %.1f%% of Medallion's raw → bronze run they are part of (%.1f%% of its CPU time)%n",
                        size, gates.seconds(), 100 * gates.seconds() / medallion.seconds(), 100 * gates.cpuSeconds() / medallion.cpuSeconds())));
            });
            incrementalDay(size).ifPresent(text::append);
            floorDay(size).ifPresent(text::append);
            againstFloor(size, SizeRun.SILVER, "bronze → silver sales fact (deduplicated, point-in-time lookups)").ifPresent(text::append);
            againstFloor(size, SizeRun.GOLD, "silver → gold, the three dbt marts").ifPresent(text::append);
            againstFloor(size, SizeRun.EXPORT, "gold → PostgreSQL, the three marts").ifPresent(text::append);
        }
        for (String size : sizes) {
            for (String contender : List.of("medallion", "floor", "duckdb")) {
                find(size, DimensionMergeRun.MERGE, contender).ifPresent(merge -> find(size, DimensionMergeRun.REBUILD, contender).ifPresent(
                        rebuild -> text.append(String.format(Locale.ROOT, "- %s SCD2 merge of 1%% changed rows, %s: %.2f× its full rebuild (target ≤ 0.20)%n",
                                size, contender, merge.seconds() / rebuild.seconds()))));
            }
        }
        // The input sizes only: the SCD2 stage's dimension is not one of them.
        List<String> ordered = sizes.stream().filter(size -> find(size, SizeRun.FULL, "medallion").isPresent()).toList();
        if (ordered.size() >= 2) {
            String smallest = ordered.get(0);
            String largest = ordered.get(ordered.size() - 1);
            find(smallest, SizeRun.FULL, "medallion").ifPresent(small -> find(largest, SizeRun.FULL, "medallion").ifPresent(large -> {
                double inputRatio = (double) large.inputBytes() / small.inputBytes();
                text.append(String.format(Locale.ROOT, "- time growth %s → %s: %.2f× for %.2f× the input (linear: ≤ %.2f×)%n",
                        smallest, largest, large.seconds() / small.seconds(), inputRatio, inputRatio * 1.1));
                text.append(String.format(Locale.ROOT, "- live heap %s → %s: %.0f MB → %.0f MB%n", smallest, largest,
                        small.peakLiveHeapBytes() / 1e6, large.peakLiveHeapBytes() / 1e6));
            }));
        }
        return text.toString();
    }

    void writeJson(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("command", command);
        root.put("setup", setup);
        ArrayNode rows = root.putArray("timings");
        for (StageTiming t : timings) {
            ObjectNode row = rows.addObject();
            row.put("size", t.size());
            row.put("stage", t.stage());
            row.put("contender", t.contender());
            row.put("seconds", t.seconds());
            row.put("cpu_seconds", t.cpuSeconds());
            row.put("rows", t.rows());
            row.put("input_bytes", t.inputBytes());
            row.put("rows_per_second", t.rowsPerSecond());
            row.put("megabytes_per_second", t.megabytesPerSecond());
            row.put("peak_live_heap_bytes", t.peakLiveHeapBytes());
            floorOf(t).ifPresent(f -> {
                row.put("ratio_to_floor", t.seconds() / f.seconds());
                row.put("cpu_ratio_to_floor", t.cpuSeconds() / f.cpuSeconds());
            });
        }
        Files.createDirectories(file.getParent());
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    /** A stage without a target: Medallion's time and CPU time against the floor's, and DuckDB's time when it ran. */
    private Optional<String> againstFloor(String size, String stage, String what) {
        return find(size, stage, "medallion").flatMap(medallion -> floorOf(medallion).map(floor -> String.format(Locale.ROOT,
                "- %s %s: %.2f× the floor, %.2f× its CPU time (no target set)%s%n", size, what, medallion.seconds() / floor.seconds(),
                medallion.cpuSeconds() / floor.cpuSeconds(), find(size, stage, "duckdb")
                        .map(duckdb -> String.format(Locale.ROOT, "; DuckDB %.2f× the floor", duckdb.seconds() / floor.seconds())).orElse(""))));
    }

    private Optional<StageTiming> floorOf(StageTiming timing) {
        return find(timing.size(), timing.stage(), "floor");
    }

    private Optional<StageTiming> find(String size, String stage, String contender) {
        return timings.stream().filter(t -> t.size().equals(size) && t.stage().equals(stage) && t.contender().equals(contender)).findFirst();
    }
}
