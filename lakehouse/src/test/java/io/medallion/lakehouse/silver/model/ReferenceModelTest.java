package io.medallion.lakehouse.silver.model;

import static io.medallion.lakehouse.silver.model.Event.delete;
import static io.medallion.lakehouse.silver.model.Event.key;
import static io.medallion.lakehouse.silver.model.Event.upsert;
import static io.medallion.lakehouse.silver.model.Event.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.lakehouse.silver.DeleteMode;
import io.medallion.lakehouse.silver.LoadType;
import io.medallion.lakehouse.silver.MergeSpec;
import io.medallion.lakehouse.silver.NullUpdates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reference model against examples worked by hand, one per rule of {@link
 * io.medallion.lakehouse.silver.SilverMerge}'s specification, and the property the model must hold on
 * its own: arrival order, batching and repeats do not change the table.
 */
class ReferenceModelTest {
    private static final List<Object> ONE = key(1);

    private static MergeSpec spec(LoadType load, Optional<DeleteMode> deletes, NullUpdates nulls, List<String> tracked) {
        return new MergeSpec(load, List.of("id"), "seq", List.of("name", "tier"), tracked, deletes, nulls);
    }

    private static ReferenceModel scd1(Optional<DeleteMode> deletes, NullUpdates nulls) {
        return new ReferenceModel(spec(LoadType.SCD1, deletes, nulls, List.of()));
    }

    /** SCD2 tracking {@code tier} only: a change of {@code name} updates the open version in place. */
    private static ReferenceModel scd2(Optional<DeleteMode> deletes, NullUpdates nulls) {
        return new ReferenceModel(spec(LoadType.SCD2, deletes, nulls, List.of("tier")));
    }

    private static List<List<Object>> table(ReferenceModel model, Event... events) {
        return model.table(List.of(events));
    }

    private static List<Object> row(Object... columns) {
        return Arrays.asList(columns);
    }

    @Test
    void theColumnsAreKeysValuesSequenceThenTheScd2ColumnsAndIsDeleted() {
        assertThat(new ReferenceModel(spec(LoadType.APPEND, Optional.empty(), NullUpdates.OVERWRITE, List.of())).columns())
                .containsExactly("id", "name", "tier", "seq");
        assertThat(scd1(Optional.of(DeleteMode.HARD), NullUpdates.OVERWRITE).columns()).containsExactly("id", "name", "tier", "seq");
        assertThat(scd1(Optional.of(DeleteMode.SOFT), NullUpdates.OVERWRITE).columns()).containsExactly("id", "name", "tier", "seq", "is_deleted");
        assertThat(scd2(Optional.empty(), NullUpdates.OVERWRITE).columns())
                .containsExactly("id", "name", "tier", "seq", "effective_from", "effective_to", "is_current", "version");
        assertThat(scd2(Optional.of(DeleteMode.SOFT), NullUpdates.OVERWRITE).columns())
                .containsExactly("id", "name", "tier", "seq", "effective_from", "effective_to", "is_current", "version", "is_deleted");
    }

    @Test
    void aReDeliveredEventIsTheSameEvent() {
        ReferenceModel model = scd2(Optional.of(DeleteMode.SOFT), NullUpdates.IGNORE);
        Event first = upsert(ONE, 1, values("ann", "silver"));
        Event deleted = delete(ONE, 2, values(null, null));

        assertThat(table(model, first, deleted, first, deleted, first)).isEqualTo(table(model, first, deleted));
    }

    @Test
    void aKeysEventsApplyInSequenceOrderWhateverTheirArrivalOrder() {
        ReferenceModel model = scd1(Optional.empty(), NullUpdates.OVERWRITE);

        assertThat(table(model, upsert(ONE, 2, values("bea", "gold")), upsert(ONE, 1, values("ann", "silver"))))
                .containsExactly(row(1, "bea", "gold", 2L));
    }

    @Test
    void onTheSameSequenceAnUpsertComesBeforeADelete() {
        ReferenceModel model = scd1(Optional.of(DeleteMode.HARD), NullUpdates.OVERWRITE);

        assertThat(table(model, delete(ONE, 1, values(null, null)), upsert(ONE, 1, values("ann", "silver")))).isEmpty();
    }

    @Test
    void onTheSameSequenceUpsertsApplyInValueOrderColumnByColumnNullsFirst() {
        Event bea = upsert(ONE, 1, values("bea", null));
        Event ann = upsert(ONE, 1, values("ann", "gold"));
        Event nameless = upsert(ONE, 1, values(null, "silver"));

        // nameless, then ann, then bea: overwrite keeps bea's values, ignore fills bea's null tier from ann
        assertThat(table(scd1(Optional.empty(), NullUpdates.OVERWRITE), bea, ann, nameless)).containsExactly(row(1, "bea", null, 1L));
        assertThat(table(scd1(Optional.empty(), NullUpdates.IGNORE), bea, nameless, ann)).containsExactly(row(1, "bea", "gold", 1L));
    }

    @Test
    void valuesOfDifferentClassesCompareByTheirStringForm() {
        assertThat(ValueOrder.VALUE.compare(10, 9)).isPositive();
        assertThat(ValueOrder.VALUE.compare(10, 9L)).as("\"10\" < \"9\"").isNegative();
        assertThat(ValueOrder.VALUE.compare(null, "")).isNegative();
        assertThat(ValueOrder.COLUMNS.compare(values("a", null), values("a", 1))).isNegative();
    }

    @Test
    void aNullKeyPartMatchesOnlyNull() {
        ReferenceModel model = new ReferenceModel(new MergeSpec(LoadType.SCD1, List.of("id", "part"), "seq", List.of("name"), List.of(),
                Optional.empty(), NullUpdates.OVERWRITE));

        List<List<Object>> rows = model.table(List.of(
                upsert(key(null, 1), 1, values("ann")),
                upsert(key(null, 1), 2, values("bea")),
                upsert(key(1, 1), 3, values("cid")),
                upsert(key(null, null), 4, values("dan"))));

        assertThat(rows).containsExactlyInAnyOrder(row(null, 1, "bea", 2L), row(1, 1, "cid", 3L), row(null, null, "dan", 4L));
    }

    @Test
    void anUpsertOnALiveKeyTakesTheEventsValuesOrOnlyItsNonNullOnes() {
        Event ann = upsert(ONE, 1, values("ann", "silver"));
        Event gold = upsert(ONE, 2, values(null, "gold"));

        assertThat(table(scd1(Optional.empty(), NullUpdates.OVERWRITE), ann, gold)).containsExactly(row(1, null, "gold", 2L));
        assertThat(table(scd1(Optional.empty(), NullUpdates.IGNORE), ann, gold)).containsExactly(row(1, "ann", "gold", 2L));
    }

    @Test
    void anUpsertAfterADeleteStartsFreshEvenWhenNullsAreIgnored() {
        Event ann = upsert(ONE, 1, values("ann", "silver"));
        Event deleted = delete(ONE, 2, values("ann", "silver"));
        Event bea = upsert(ONE, 3, values("bea", null));

        assertThat(table(scd1(Optional.of(DeleteMode.HARD), NullUpdates.IGNORE), ann, deleted, bea)).containsExactly(row(1, "bea", null, 3L));
        assertThat(table(scd1(Optional.of(DeleteMode.SOFT), NullUpdates.IGNORE), ann, deleted, bea))
                .containsExactly(row(1, "bea", null, 3L, false));
    }

    @Test
    void aHardDeleteRemovesTheRowAndASoftDeleteKeepsItsLastValuesMarkedDeleted() {
        Event ann = upsert(ONE, 1, values("ann", "silver"));
        Event deleted = delete(ONE, 2, values(null, null));

        assertThat(table(scd1(Optional.of(DeleteMode.HARD), NullUpdates.OVERWRITE), ann, deleted)).isEmpty();
        assertThat(table(scd1(Optional.of(DeleteMode.SOFT), NullUpdates.OVERWRITE), ann, deleted))
                .containsExactly(row(1, "ann", "silver", 2L, true));
    }

    @Test
    void aDeleteOfAnAbsentOrDeletedKeyChangesNothing() {
        Event ann = upsert(ONE, 2, values("ann", "silver"));

        assertThat(table(scd1(Optional.of(DeleteMode.SOFT), NullUpdates.OVERWRITE), delete(ONE, 1, values(null, null)))).isEmpty();
        assertThat(table(scd1(Optional.of(DeleteMode.HARD), NullUpdates.OVERWRITE), delete(ONE, 1, values(null, null)), ann))
                .containsExactly(row(1, "ann", "silver", 2L));
        assertThat(table(scd1(Optional.of(DeleteMode.SOFT), NullUpdates.OVERWRITE), ann, delete(ONE, 3, values(null, null)),
                delete(ONE, 4, values("x", "y")))).as("the second delete does not move the sequence").containsExactly(row(1, "ann", "silver", 3L, true));
    }

    @Test
    void appendKeepsTheKeysEarliestEventWhenItArrivesLast() {
        ReferenceModel model = new ReferenceModel(spec(LoadType.APPEND, Optional.empty(), NullUpdates.OVERWRITE, List.of()));

        assertThat(table(model, upsert(ONE, 3, values("cid", "gold")), upsert(ONE, 2, values("bea", "gold")), upsert(ONE, 2, values("ann", null))))
                .containsExactly(row(1, "ann", null, 2L));
    }

    @Test
    void appendTakesNoDeletes() {
        ReferenceModel model = new ReferenceModel(spec(LoadType.APPEND, Optional.empty(), NullUpdates.OVERWRITE, List.of()));

        assertThatThrownBy(() -> table(model, delete(ONE, 1, values(null, null)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a table that takes no deletes was given a delete");
    }

    @Test
    void scd2OpensAVersionWhenATrackedColumnChangesAndUpdatesTheOpenOneOtherwise() {
        List<List<Object>> rows = table(scd2(Optional.empty(), NullUpdates.OVERWRITE),
                upsert(ONE, 1, values("ann", "silver")),
                upsert(ONE, 3, values("ann", "gold")),
                upsert(ONE, 5, values("anne", "gold")),
                upsert(ONE, 7, values("anne", "gold")));

        assertThat(rows).containsExactly(
                row(1, "ann", "silver", 1L, 1L, 3L, false, 1),
                row(1, "anne", "gold", 7L, 3L, null, true, 2));
    }

    @Test
    void scd2TracksEveryValueColumnWhenNoneAreNamed() {
        ReferenceModel model = new ReferenceModel(spec(LoadType.SCD2, Optional.empty(), NullUpdates.OVERWRITE, List.of()));

        assertThat(table(model, upsert(ONE, 1, values("ann", "gold")), upsert(ONE, 5, values("anne", "gold")))).containsExactly(
                row(1, "ann", "gold", 1L, 1L, 5L, false, 1),
                row(1, "anne", "gold", 5L, 5L, null, true, 2));
    }

    @Test
    void scd2WithIgnoredNullsOpensNoVersionForANullTrackedValue() {
        assertThat(table(scd2(Optional.empty(), NullUpdates.IGNORE), upsert(ONE, 1, values("ann", "gold")), upsert(ONE, 2, values("bea", null))))
                .containsExactly(row(1, "bea", "gold", 2L, 1L, null, true, 1));
    }

    @Test
    void scd2HardDeleteClosesTheOpenVersionAndALaterUpsertOpensTheNextNumber() {
        List<List<Object>> rows = table(scd2(Optional.of(DeleteMode.HARD), NullUpdates.IGNORE),
                upsert(ONE, 1, values("ann", "silver")),
                delete(ONE, 2, values(null, null)),
                delete(ONE, 3, values(null, null)),
                upsert(ONE, 4, values("bea", null)));

        assertThat(rows).containsExactly(
                row(1, "ann", "silver", 1L, 1L, 2L, false, 1),
                row(1, "bea", null, 4L, 4L, null, true, 2));
    }

    @Test
    void scd2SoftDeleteOpensADeletedVersionWithTheLastValuesThatTheNextUpsertCloses() {
        List<List<Object>> rows = table(scd2(Optional.of(DeleteMode.SOFT), NullUpdates.OVERWRITE),
                upsert(ONE, 1, values("ann", "silver")),
                upsert(ONE, 2, values("anne", "silver")),
                delete(ONE, 3, values(null, null)),
                delete(ONE, 4, values(null, null)),
                upsert(ONE, 6, values("anne", "silver")));

        assertThat(rows).containsExactly(
                row(1, "anne", "silver", 2L, 1L, 3L, false, 1, false),
                row(1, "anne", "silver", 3L, 3L, 6L, false, 2, true),
                row(1, "anne", "silver", 6L, 6L, null, true, 3, false));
    }

    @Test
    void scd2PlacesALateEventInTheIntervalItBelongsTo() {
        ReferenceModel model = scd2(Optional.empty(), NullUpdates.OVERWRITE);
        Event silver = upsert(ONE, 1, values("ann", "silver"));
        Event gold = upsert(ONE, 5, values("ann", "gold"));
        Event platinum = upsert(ONE, 3, values("ann", "platinum"));

        assertThat(table(model, silver, gold, platinum)).containsExactly(
                row(1, "ann", "silver", 1L, 1L, 3L, false, 1),
                row(1, "ann", "platinum", 3L, 3L, 5L, false, 2),
                row(1, "ann", "gold", 5L, 5L, null, true, 3));
    }

    /**
     * The model is a function of the set of events: shuffling them, repeating some, or computing from
     * the union of random batches gives the same table. Thousands of random cases, no Spark.
     */
    @Test
    void arrivalOrderBatchingAndRepeatsDoNotChangeTheModelsTable() {
        int cases = 0;
        for (Variant variant : Variant.all()) {
            ReferenceModel model = new ReferenceModel(variant.spec());
            for (int index = 0; index < 400; index++) {
                long seed = 7_919L * index + variant.name().hashCode();
                RandomCase randomCase = CaseGenerator.generate(seed, variant);
                List<List<Object>> expected = sorted(model.table(randomCase.eventsFor(0)));

                List<Event> shuffled = new ArrayList<>(randomCase.eventsFor(0));
                shuffled.addAll(shuffled.subList(0, shuffled.size() / 2));
                Collections.shuffle(shuffled, new Random(seed));
                assertThat(sorted(model.table(shuffled))).as("seed %d %s: %s", seed, variant, randomCase.toJava()).isEqualTo(expected);
                cases++;
            }
        }
        assertThat(cases).isGreaterThanOrEqualTo(5_000);
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> sorted = new ArrayList<>(rows);
        sorted.sort(ValueOrder.COLUMNS);
        return sorted;
    }
}
