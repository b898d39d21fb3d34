package io.medallion.lakehouse.silver;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.lakehouse.silver.model.CaseGenerator;
import io.medallion.lakehouse.silver.model.Event;
import io.medallion.lakehouse.silver.model.RandomCase;
import io.medallion.lakehouse.silver.model.ReferenceModel;
import io.medallion.lakehouse.silver.model.ValueOrder;
import io.medallion.lakehouse.silver.model.Variant;
import io.medallion.quality.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized proof that {@link SilverMerge} computes what the {@link ReferenceModel} computes: for
 * every {@link Variant}, many random cases (see {@link CaseGenerator}) go through one Delta table, keys
 * namespaced by case id, so that round r applies batch r of every case in one {@code apply} whose
 * history is every earlier round. The whole table must then equal the union of the model's tables, and
 * so must a second table given the same rounds through {@code replace} (which must report each round as
 * {@code apply} does), and a {@code rebuild} from all the events.
 *
 * <p>{@code -Dmedallion.silver.cases=N} sets the random cases per variant (default {@value
 * #DEFAULT_CASES}; the long run is 5000), {@code -Dmedallion.silver.seed=S} the seed they derive from,
 * {@code -Dmedallion.silver.variants=REGEX} the variants that run (by name, e.g. {@code scd2-soft.*}).
 * A failing case prints its seed, its batches as Java to paste into {@link #pinnedCases}, and the
 * expected and actual rows.
 */
@ExtendWith(FilterEveryMergeTarget.class)
class SilverPropertyTest {
    private static final int DEFAULT_CASES = 400;
    private static final long DEFAULT_SEED = 20_261_123L;
    private static final int CASES_PRINTED = 3;

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path temp;

    /**
     * The setups {@code ./mvnw verify} runs: every load type, delete mode and null mode at least
     * once, and null keys (half the setups, to keep the build's time; {@code .*} runs all sixteen).
     */
    static final String DEFAULT_VARIANTS = "append|scd1-no_deletes-nulls_overwrite|scd1-hard-nulls_ignore|scd1-soft-nulls_overwrite"
            + "|scd2-no_deletes-nulls_ignore-.*|scd2-hard-nulls_overwrite-.*|scd2-soft-nulls_ignore-tracked_v_str_v_dec|scd1-hard-nulls_ignore-null_keys";

    static List<Variant> variants() {
        String only = System.getProperty("medallion.silver.variants", DEFAULT_VARIANTS);
        return Variant.all().stream().filter(variant -> variant.name().matches(only)).toList();
    }

    /** Cases that once failed, pasted from a failure's output; they run before the random ones. */
    private static List<RandomCase> pinnedCases(Variant variant) {
        return switch (variant.name()) {
            default -> List.of();
        };
    }

    // Variants run side by side: a variant's time goes on many small Spark jobs and Delta commits,
    // which leave the two cores idle between them.
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    @Execution(ExecutionMode.CONCURRENT)
    void theMergeGivesTheModelsTableHoweverEventsAreBatched(Variant variant) {
        long started = System.nanoTime();
        List<RandomCase> cases = cases(variant);
        ReferenceModel model = new ReferenceModel(variant.spec());
        Map<Long, List<List<Object>>> expected = new TreeMap<>();
        for (int caseId = 0; caseId < cases.size(); caseId++) {
            List<List<Object>> rows = new ArrayList<>(model.table(cases.get(caseId).eventsFor(caseId)).stream().map(SparkEvents::canonical).toList());
            rows.sort(ValueOrder.COLUMNS);
            expected.put((long) caseId, rows);
        }
        SilverMerge merge = new SilverMerge(spark, variant.spec());
        TableRef table = TableRef.atPath(temp.resolve("silver").toString());

        int rounds = cases.stream().mapToInt(randomCase -> randomCase.batches().size()).max().orElseThrow();
        List<String> roundPaths = new ArrayList<>();
        long events = 0;
        Set<Event> given = new HashSet<>();
        List<String> expectedCounts = new ArrayList<>();
        List<String> actualCounts = new ArrayList<>();
        // The same batches taken in by replace, which rebuilds a second table from each batch and its history.
        TableRef replacedTable = TableRef.atPath(temp.resolve("silver-replaced").toString());
        List<String> appliedChanges = new ArrayList<>();
        List<String> replacedChanges = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            List<Event> batch = roundEvents(cases, round);
            events += batch.size();
            Set<Event> news = new HashSet<>(batch);
            news.removeAll(given);
            Set<List<Object>> keptBefore = new HashSet<>(model.table(List.copyOf(given)));
            given.addAll(batch);
            long expectedDuplicates = batch.size() - news.size();
            if (variant.spec().load() == LoadType.APPEND) {
                // Append: every event that did not become its key's row (a row new or changed this round).
                expectedDuplicates = batch.size() - model.table(List.copyOf(given)).stream().filter(row -> !keptBefore.contains(row)).count();
            }
            String path = temp.resolve("events/round=" + round).toString();
            SparkEvents.dataset(spark, batch).write().parquet(path);
            Dataset<Row> history = roundPaths.isEmpty() ? SparkEvents.empty(spark) : spark.read().schema(SparkEvents.SCHEMA).parquet(roundPaths.toArray(String[]::new));
            MergeResult result = merge.apply(spark.read().schema(SparkEvents.SCHEMA).parquet(path), history, table);
            MergeResult replaced = merge.replace(spark.read().schema(SparkEvents.SCHEMA).parquet(path), history, replacedTable)
                    .orElseThrow(() -> new AssertionError(variant + ": round left to the merge by replace"));
            expectedCounts.add("round " + round + ": read " + batch.size() + ", duplicates " + expectedDuplicates);
            actualCounts.add("round " + round + ": read " + result.eventsRead() + ", duplicates " + result.duplicateEvents());
            appliedChanges.add("round " + round + ": " + changes(result));
            replacedChanges.add("round " + round + ": " + changes(replaced));
            roundPaths.add(path);
        }
        Dataset<Row> written = DeltaTables.read(spark, table);
        assertThat(written.columns()).as("%s: the table's columns", variant).containsExactlyElementsOf(model.columns());
        assertSameColumnTypes(variant, written);
        assertSameTables(variant, "apply batch by batch", cases, expected, SparkEvents.rows(written, model.columns()));

        assertSameTables(variant, "replace batch by batch", cases, expected, SparkEvents.rows(DeltaTables.read(spark, replacedTable), model.columns()));
        // Replace reports each batch as apply does: events, duplicates, and the rows the batch inserted, updated and deleted.
        assertThat(replacedChanges).as("%s: what replace reports per round, against apply", variant).isEqualTo(appliedChanges);

        merge.rebuild(spark.read().schema(SparkEvents.SCHEMA).parquet(roundPaths.toArray(String[]::new)), table);
        assertSameTables(variant, "rebuild", cases, expected, SparkEvents.rows(DeltaTables.read(spark, table), model.columns()));
        // A duplicate is an event identical to one given before, in its batch or an earlier one; for append, any event not kept.
        assertThat(actualCounts).as("%s: events read and duplicates per round", variant).isEqualTo(expectedCounts);

        System.out.printf("silver property %-45s cases %5d  events %6d  batches %5d  rounds %d  %.1f s%n", variant, cases.size(), events,
                cases.stream().mapToInt(randomCase -> randomCase.batches().size()).sum(), rounds, (System.nanoTime() - started) / 1e9);
    }

    private static String changes(MergeResult result) {
        return "read " + result.eventsRead() + ", duplicates " + result.duplicateEvents() + ", inserted " + result.rowsInserted() + ", updated "
                + result.rowsUpdated() + ", deleted " + result.rowsDeleted();
    }

    private static List<RandomCase> cases(Variant variant) {
        List<RandomCase> cases = new ArrayList<>(pinnedCases(variant));
        SplittableRandom seeds = new SplittableRandom(Long.getLong("medallion.silver.seed", DEFAULT_SEED) ^ variant.name().hashCode());
        int count = Integer.getInteger("medallion.silver.cases", DEFAULT_CASES);
        for (int index = 0; index < count; index++) {
            cases.add(CaseGenerator.generate(seeds.nextLong(), variant));
        }
        return cases;
    }

    private static List<Event> roundEvents(List<RandomCase> cases, int round) {
        List<Event> events = new ArrayList<>();
        for (int caseId = 0; caseId < cases.size(); caseId++) {
            List<List<Event>> batches = cases.get(caseId).batchesFor(caseId);
            if (round < batches.size()) {
                events.addAll(batches.get(round));
            }
        }
        return events;
    }

    /** Keys, values and sequence keep the events' types: a decimal(10,2) stays one. */
    private static void assertSameColumnTypes(Variant variant, Dataset<Row> written) {
        for (StructField field : SparkEvents.SCHEMA.fields()) {
            if (!field.name().equals(EventColumns.OPERATION)) {
                assertThat(written.schema().apply(field.name()).dataType()).as("%s: type of %s", variant, field.name()).isEqualTo(field.dataType());
            }
        }
    }

    private static void assertSameTables(Variant variant, String path, List<RandomCase> cases, Map<Long, List<List<Object>>> expected,
            List<List<Object>> actualRows) {
        Map<Long, List<List<Object>>> actual = new LinkedHashMap<>();
        expected.keySet().forEach(caseId -> actual.put(caseId, new ArrayList<>()));
        actualRows.forEach(row -> actual.computeIfAbsent((Long) row.get(0), caseId -> new ArrayList<>()).add(row));
        List<Long> failing = actual.keySet().stream().filter(caseId -> !actual.get(caseId).equals(expected.get(caseId))).toList();
        if (failing.isEmpty()) {
            return;
        }
        String report = failing.stream().limit(CASES_PRINTED).map(caseId -> reproduction(variant, path, cases, caseId, expected, actual))
                .collect(Collectors.joining("\n"));
        System.out.println(report);
        throw new AssertionError(failing.size() + " of " + cases.size() + " cases differ from the model in " + variant + " (" + path + "), cases "
                + failing.stream().limit(20).toList() + "\n" + report);
    }

    private static String reproduction(Variant variant, String path, List<RandomCase> cases, long caseId, Map<Long, List<List<Object>>> expected,
            Map<Long, List<List<Object>>> actual) {
        RandomCase failing = cases.get((int) caseId);
        return "=== mismatch in " + variant.name() + " (" + path + "), case " + caseId + ", seed " + failing.seed() + "\n"
                + "regenerate: CaseGenerator.generate(" + failing.seed() + "L, Variant.named(\"" + variant.name() + "\"))\n"
                + "pin (keys without case_id, batches in arrival order):\n" + failing.toJava() + "\n"
                + "columns:  " + new ReferenceModel(variant.spec()).columns() + "\n"
                + "expected: " + rowsText(expected.get(caseId)) + "\n"
                + "actual:   " + rowsText(actual.getOrDefault(caseId, List.of())) + "\n";
    }

    private static String rowsText(List<List<Object>> rows) {
        return rows.isEmpty() ? "(no rows)" : rows.stream().map(Object::toString).collect(Collectors.joining("\n          "));
    }
}
