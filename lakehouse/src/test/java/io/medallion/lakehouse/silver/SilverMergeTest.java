package io.medallion.lakehouse.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.quality.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Hand-written batches and the exact tables they give, for each load type, delete mode and null rule. */
@ExtendWith(FilterEveryMergeTarget.class)
class SilverMergeTest {
    private static final StructType EVENTS = new StructType()
            .add("id", DataTypes.StringType)
            .add("name", DataTypes.StringType)
            .add("city", DataTypes.StringType)
            .add("seq", DataTypes.LongType)
            .add(EventColumns.OPERATION, DataTypes.StringType);

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path temp;

    private static MergeSpec spec(LoadType load, Optional<DeleteMode> deletes, NullUpdates nulls, List<String> tracked) {
        return new MergeSpec(load, List.of("id"), "seq", List.of("name", "city"), tracked, deletes, nulls);
    }

    private static MergeSpec scd1() {
        return spec(LoadType.SCD1, Optional.empty(), NullUpdates.OVERWRITE, List.of());
    }

    private static Object[] upsert(String id, long seq, String name, String city) {
        return new Object[] {id, name, city, seq, ChangeOperation.UPSERT.key()};
    }

    private static Object[] delete(String id, long seq) {
        return new Object[] {id, null, null, seq, ChangeOperation.DELETE.key()};
    }

    /** A silver table and every event given to it, batch by batch, as the run keeps them. */
    private final class Feed {
        private final SilverMerge merge;
        private final TableRef table;
        private final List<Object[]> given = new ArrayList<>();

        Feed(MergeSpec spec, String name) {
            this.merge = new SilverMerge(spark, spec);
            this.table = TableRef.atPath(temp.resolve(name).toString());
        }

        MergeResult apply(Object[]... batch) {
            MergeResult result = merge.apply(events(Arrays.asList(batch)), events(given), table);
            given.addAll(Arrays.asList(batch));
            return result;
        }

        MergeResult rebuild() {
            return merge.rebuild(events(given), table);
        }

        long version() {
            return DeltaTables.forTable(spark, table).history(1).head().getLong(0);
        }

        /** The table's rows as {@code col|col|...} (nulls as "null"), sorted. */
        List<String> rows() {
            Dataset<Row> rows = DeltaTables.read(spark, table);
            return rows.collectAsList().stream()
                    .map(row -> Arrays.stream(rows.columns()).map(c -> String.valueOf(row.<Object>getAs(c))).collect(Collectors.joining("|")))
                    .sorted().toList();
        }
    }

    private Dataset<Row> events(List<Object[]> rows) {
        return spark.createDataFrame(rows.stream().map(RowFactory::create).toList(), EVENTS);
    }

    @Test
    void scd1KeepsTheLatestEventOfEachKeyWhateverTheOrderInTheBatch() {
        Feed feed = new Feed(scd1(), "customers");

        MergeResult result = feed.apply(
                upsert("a", 3, "Ann", "Rome"), upsert("a", 1, "Ann", "Paris"), upsert("b", 1, "Bob", "Oslo"),
                upsert("a", 2, "Ann", "Lima"), upsert("b", 1, "Bob", "Oslo"));

        assertThat(feed.rows()).containsExactly("a|Ann|Rome|3", "b|Bob|Oslo|1");
        assertThat(result).isEqualTo(new MergeResult(5, 1, 0, 0, 2, 0, 0));

        MergeResult next = feed.apply(upsert("a", 4, "Ann", "Kyiv"), upsert("c", 1, "Cy", "Bonn"));

        assertThat(feed.rows()).containsExactly("a|Ann|Kyiv|4", "b|Bob|Oslo|1", "c|Cy|Bonn|1");
        assertThat(next).isEqualTo(new MergeResult(2, 0, 0, 0, 1, 1, 0));
    }

    @Test
    void aBatchWhoseChangesAreAllNewKeysIsAppendedWithoutAMerge() {
        Feed feed = new Feed(scd1(), "customers");
        feed.apply(upsert("a", 1, "Ann", "Rome"));

        MergeResult result = feed.apply(upsert("b", 1, "Bob", "Oslo"), upsert("c", 2, "Cy", "Bonn"), upsert("c", 1, "Cy", "Kyiv"));

        Row commit = DeltaTables.forTable(spark, feed.table).history(1).select("operation", "operationParameters").head();
        assertThat(commit.getString(0)).isEqualTo("WRITE");
        assertThat(commit.<String, String>getJavaMap(1)).containsEntry("mode", "Append");
        assertThat(feed.rows()).containsExactly("a|Ann|Rome|1", "b|Bob|Oslo|1", "c|Cy|Bonn|2");
        assertThat(result).isEqualTo(new MergeResult(3, 0, 0, 0, 2, 0, 0));
    }

    @Test
    void theMergeJoinsOnlyTheTargetRowsWhoseKeyTheBatchMayHold() {
        Feed feed = new Feed(scd1(), "customers");
        feed.apply(upsert("a", 1, "Ann", "Rome"), upsert("b", 1, "Bob", "Oslo"), upsert("c", 1, "Cy", "Bonn"));

        feed.apply(upsert("b", 2, "Bob", "Kyiv"), upsert("d", 1, "Di", "Lima"));

        Row commit = DeltaTables.forTable(spark, feed.table).history(1).select("operation", "operationParameters").head();
        assertThat(commit.getString(0)).isEqualTo("MERGE");
        assertThat(commit.<String, String>getJavaMap(1).get("predicate")).contains(MergeKeyFilter.FUNCTION_NAME + "(xxhash64(id");
        assertThat(feed.rows()).containsExactly("a|Ann|Rome|1", "b|Bob|Kyiv|2", "c|Cy|Bonn|1", "d|Di|Lima|1");
    }

    @Test
    void aLateScd1EventChangesNothingAndIsCounted() {
        Feed feed = new Feed(scd1(), "customers");
        feed.apply(upsert("a", 5, "Ann", "Rome"));
        long version = feed.version();

        MergeResult result = feed.apply(upsert("a", 2, "Ann", "Paris"));

        assertThat(feed.rows()).containsExactly("a|Ann|Rome|5");
        assertThat(result).isEqualTo(new MergeResult(1, 0, 1, 1, 0, 0, 0));
        assertThat(feed.version()).as("no commit for a batch that changes nothing").isEqualTo(version);
    }

    @Test
    void aRedeliveredBatchChangesNothing() {
        Feed feed = new Feed(spec(LoadType.SCD2, Optional.of(DeleteMode.HARD), NullUpdates.OVERWRITE, List.of()), "customers");
        Object[][] batch = {upsert("a", 1, "Ann", "Paris"), upsert("a", 2, "Ann", "Rome"), delete("b", 3), upsert("b", 1, "Bob", "Oslo")};
        feed.apply(batch);
        List<String> rows = feed.rows();
        long version = feed.version();

        MergeResult again = feed.apply(batch);

        assertThat(feed.rows()).isEqualTo(rows);
        assertThat(feed.version()).isEqualTo(version);
        assertThat(again).isEqualTo(new MergeResult(4, 4, 0, 0, 0, 0, 0));
    }

    @Test
    void aHardDeletedScd1KeyIsNotResurrectedByAnOlderUpsert() {
        Feed feed = new Feed(spec(LoadType.SCD1, Optional.of(DeleteMode.HARD), NullUpdates.OVERWRITE, List.of()), "customers");
        feed.apply(upsert("a", 1, "Ann", "Paris"), upsert("b", 1, "Bob", "Oslo"));
        MergeResult deleted = feed.apply(delete("a", 5));
        assertThat(feed.rows()).containsExactly("b|Bob|Oslo|1");
        assertThat(deleted.rowsDeleted()).isEqualTo(1);

        MergeResult late = feed.apply(upsert("a", 3, "Ann", "Rome"));

        assertThat(feed.rows()).containsExactly("b|Bob|Oslo|1");
        assertThat(late).isEqualTo(new MergeResult(1, 0, 1, 1, 0, 0, 0));

        feed.apply(upsert("a", 6, "Ann", "Lima"));
        assertThat(feed.rows()).containsExactly("a|Ann|Lima|6", "b|Bob|Oslo|1");
    }

    @Test
    void aSoftDeleteKeepsTheRowMarkedAndAnUpsertStartsAfresh() {
        Feed feed = new Feed(spec(LoadType.SCD1, Optional.of(DeleteMode.SOFT), NullUpdates.IGNORE, List.of()), "customers");
        feed.apply(upsert("a", 1, "Ann", "Paris"), delete("a", 2), delete("z", 2));
        assertThat(feed.rows()).containsExactly("a|Ann|Paris|2|true");

        feed.apply(upsert("a", 3, null, "Rome"), delete("a", 1));

        assertThat(feed.rows()).as("nothing of the values before the delete comes back").containsExactly("a|null|Rome|3|false");
    }

    @Test
    void nullsIgnoreKeepsHeldValuesAndNullsOverwriteReplacesThem() {
        Feed ignore = new Feed(spec(LoadType.SCD1, Optional.empty(), NullUpdates.IGNORE, List.of()), "ignore");
        Feed overwrite = new Feed(scd1(), "overwrite");
        for (Feed feed : List.of(ignore, overwrite)) {
            feed.apply(upsert("a", 1, "Ann", "Paris"));
            feed.apply(upsert("a", 2, null, "Rome"), upsert("a", 3, "Anna", null));
        }

        assertThat(ignore.rows()).containsExactly("a|Anna|Rome|3");
        assertThat(overwrite.rows()).containsExactly("a|Anna|null|3");
    }

    @Test
    void aCompositeKeyWithANullPartMatchesOnlyANullAlsoWhenThatPartPartitionsTheTable() {
        StructType events = new StructType().add("region", DataTypes.StringType).add("id", DataTypes.IntegerType)
                .add("name", DataTypes.StringType).add("seq", DataTypes.LongType).add(EventColumns.OPERATION, DataTypes.StringType);
        MergeSpec spec = new MergeSpec(LoadType.SCD1, List.of("region", "id"), "seq", List.of("name"), List.of(), Optional.empty(), NullUpdates.OVERWRITE,
                List.of("region"));
        SilverMerge merge = new SilverMerge(spark, spec);
        TableRef table = TableRef.atPath(temp.resolve("accounts").toString());
        List<Row> first = List.of(RowFactory.create(null, 1, "x", 1L, "upsert"), RowFactory.create("eu", 1, "y", 1L, "upsert"));
        merge.apply(spark.createDataFrame(first, events), spark.createDataFrame(List.of(), events), table);

        MergeResult result = merge.apply(spark.createDataFrame(List.of(RowFactory.create(null, 1, "z", 2L, "upsert")), events),
                spark.createDataFrame(first, events), table);

        List<String> rows = DeltaTables.read(spark, table).collectAsList().stream().map(Row::toString).sorted().toList();
        assertThat(rows).containsExactly("[eu,1,y,1]", "[null,1,z,2]");
        assertThat(result).isEqualTo(new MergeResult(1, 0, 0, 0, 0, 1, 0));
        assertThat(DeltaTable.forPath(spark, table.path()).detail().select("partitionColumns").head().getList(0)).containsExactly("region");
    }

    private static MergeSpec scd2(Optional<DeleteMode> deletes, List<String> tracked) {
        return spec(LoadType.SCD2, deletes, NullUpdates.OVERWRITE, tracked);
    }

    @Test
    void scd2OpensAVersionOnlyWhenATrackedColumnChanges() {
        Feed feed = new Feed(scd2(Optional.empty(), List.of("city")), "customers");
        feed.apply(upsert("a", 10, "Ann", "Paris"));

        MergeResult inPlace = feed.apply(upsert("a", 20, "Anna", "Paris"));
        assertThat(feed.rows()).containsExactly("a|Anna|Paris|20|10|null|true|1");
        assertThat(inPlace).isEqualTo(new MergeResult(1, 0, 0, 0, 0, 1, 0));

        MergeResult opened = feed.apply(upsert("a", 30, "Anna", "Rome"));
        assertThat(feed.rows()).containsExactly("a|Anna|Paris|20|10|30|false|1", "a|Anna|Rome|30|30|null|true|2");
        assertThat(opened).isEqualTo(new MergeResult(1, 0, 0, 0, 1, 1, 0));
    }

    @Test
    void aSnapshotRedeliveringTheCurrentRowsIsKnownAsOldWithoutReadingHistory() {
        Feed feed = new Feed(scd2(Optional.empty(), List.of("city")), "customers");
        feed.apply(upsert("a", 10, "Ann", "Paris"), upsert("a", 20, "Ann", "Rome"), upsert("b", 10, "Bob", "Oslo"));
        // History that fails when read: the merge must know the re-delivered rows from the table alone.
        Dataset<Row> unreadable = events(feed.given).filter(functions.raise_error(functions.lit("history was read")).isNull());

        MergeResult snapshot = feed.merge.apply(events(List.of(upsert("a", 20, "Ann", "Rome"), upsert("b", 30, "Bob", "Bonn"))), unreadable, feed.table);

        assertThat(snapshot).isEqualTo(new MergeResult(2, 1, 0, 0, 1, 1, 0));
        assertThat(feed.rows()).containsExactly("a|Ann|Paris|10|10|20|false|1", "a|Ann|Rome|20|20|null|true|2",
                "b|Bob|Bonn|30|30|null|true|2", "b|Bob|Oslo|10|10|30|false|1");
        // An event of a closed version is not the current row's: only history tells whether it is old, so it is read.
        assertThatThrownBy(() -> feed.merge.apply(events(List.<Object[]>of(upsert("a", 10, "Ann", "Paris"))), unreadable, feed.table))
                .hasStackTraceContaining("history was read");
    }

    @Test
    void aLateScd2EventSplitsTheIntervalItBelongsTo() {
        Feed feed = new Feed(scd2(Optional.empty(), List.of()), "customers");
        feed.apply(upsert("a", 10, "Ann", "Paris"), upsert("a", 30, "Ann", "Rome"), upsert("b", 10, "Bob", "Oslo"));
        assertThat(feed.rows()).containsExactly("a|Ann|Paris|10|10|30|false|1", "a|Ann|Rome|30|30|null|true|2", "b|Bob|Oslo|10|10|null|true|1");

        MergeResult late = feed.apply(upsert("a", 20, "Ann", "Lima"), upsert("b", 20, "Bob", "Bonn"));

        assertThat(feed.rows()).containsExactly(
                "a|Ann|Lima|20|20|30|false|2", "a|Ann|Paris|10|10|20|false|1", "a|Ann|Rome|30|30|null|true|3",
                "b|Bob|Bonn|20|20|null|true|2", "b|Bob|Oslo|10|10|20|false|1");
        assertThat(late).isEqualTo(new MergeResult(2, 0, 1, 1, 2, 3, 0));
    }

    @Test
    void anScd2HardDeleteClosesTheVersionAndALaterUpsertOpensTheNext() {
        Feed feed = new Feed(scd2(Optional.of(DeleteMode.HARD), List.of()), "customers");
        feed.apply(upsert("a", 10, "Ann", "Paris"), delete("a", 20));
        assertThat(feed.rows()).containsExactly("a|Ann|Paris|10|10|20|false|1");

        feed.apply(upsert("a", 15, "Ann", "Oslo"), delete("a", 5));
        assertThat(feed.rows()).as("a late upsert before the delete opens a version the delete closes")
                .containsExactly("a|Ann|Oslo|15|15|20|false|2", "a|Ann|Paris|10|10|15|false|1");

        feed.apply(upsert("a", 30, "Ann", "Rome"));
        assertThat(feed.rows()).containsExactly(
                "a|Ann|Oslo|15|15|20|false|2", "a|Ann|Paris|10|10|15|false|1", "a|Ann|Rome|30|30|null|true|3");
    }

    @Test
    void anScd2SoftDeleteOpensADeletedVersionWithTheLastValues() {
        Feed feed = new Feed(scd2(Optional.of(DeleteMode.SOFT), List.of()), "customers");
        feed.apply(upsert("a", 10, "Ann", "Paris"), delete("a", 20), delete("a", 25));
        assertThat(feed.rows()).containsExactly("a|Ann|Paris|10|10|20|false|1|false", "a|Ann|Paris|20|20|null|true|2|true");

        feed.apply(upsert("a", 30, "Ann", "Rome"));

        assertThat(feed.rows()).containsExactly(
                "a|Ann|Paris|10|10|20|false|1|false", "a|Ann|Paris|20|20|30|false|2|true", "a|Ann|Rome|30|30|null|true|3|false");
    }

    @Test
    void appendKeepsEachKeysFirstEventAcrossBatches() {
        Feed feed = new Feed(spec(LoadType.APPEND, Optional.empty(), NullUpdates.OVERWRITE, List.of()), "orders");
        MergeResult first = feed.apply(upsert("a", 2, "Ann", "Rome"), upsert("a", 1, "Ann", "Paris"), upsert("a", 1, "Ann", "Paris"),
                upsert("b", 1, "Bob", "Oslo"));
        assertThat(feed.rows()).containsExactly("a|Ann|Paris|1", "b|Bob|Oslo|1");
        // Duplicates: the identical a@1, and a@2, a later delivery of a kept key.
        assertThat(first).isEqualTo(new MergeResult(4, 2, 0, 0, 2, 0, 0));

        MergeResult second = feed.apply(upsert("a", 5, "Ann", "Lima"), upsert("c", 1, "Cy", "Bonn"), upsert("b", 0, "Bob", "Bonn"));

        assertThat(feed.rows()).containsExactly("a|Ann|Paris|1", "b|Bob|Bonn|0", "c|Cy|Bonn|1");
        assertThat(second).isEqualTo(new MergeResult(3, 1, 1, 0, 1, 1, 0));

        MergeResult redelivered = feed.apply(upsert("a", 1, "Ann", "Paris"));

        assertThat(feed.rows()).containsExactly("a|Ann|Paris|1", "b|Bob|Bonn|0", "c|Cy|Bonn|1");
        assertThat(redelivered).as("a duplicate, not late as well").isEqualTo(new MergeResult(1, 1, 0, 0, 0, 0, 0));
    }

    @Test
    void aRebuildFromAllEventsGivesTheTableTheBatchesGave() {
        for (MergeSpec spec : List.of(scd2(Optional.of(DeleteMode.SOFT), List.of("city")),
                spec(LoadType.SCD1, Optional.of(DeleteMode.HARD), NullUpdates.IGNORE, List.of()))) {
            Feed feed = new Feed(spec, spec.load().key());
            feed.apply(upsert("a", 10, "Ann", "Paris"), upsert("b", 10, "Bob", "Oslo"), upsert("a", 20, "Anna", null));
            feed.apply(delete("b", 30), upsert("a", 15, "Ann", "Lima"), upsert("c", 5, "Cy", "Bonn"), upsert("a", 20, "Anna", null));
            feed.apply(upsert("b", 40, null, "Rome"), delete("c", 1), upsert("a", 12, null, "Kyiv"));
            List<String> incremental = feed.rows();

            MergeResult rebuilt = feed.rebuild();

            assertThat(feed.rows()).as(spec.load().key()).isEqualTo(incremental);
            assertThat(rebuilt).isEqualTo(new MergeResult(10, 1, 0, 0, incremental.size(), 0, incremental.size()));
        }
    }

    @Test
    void aMergeChangingOneRowMarksItDeletedInsteadOfRewritingItsFile() {
        Feed feed = new Feed(scd1(), "customers");
        feed.apply(java.util.stream.IntStream.range(0, 200).mapToObj(i -> upsert("k" + i, 1, "n" + i, "Paris")).toArray(Object[][]::new));

        feed.apply(upsert("k7", 2, "n7", "Rome"));

        java.util.Map<String, String> metrics = DeltaTables.lastCommitMetrics(spark, feed.table);
        assertThat(metrics).containsEntry("numTargetRowsUpdated", "1").containsEntry("numTargetRowsCopied", "0")
                .containsEntry("numTargetDeletionVectorsAdded", "1");
    }

    @Test
    void aMergesConditionBoundsTheTargetsKeysByTheBatchsSoDeltaCanSkipFiles() {
        Feed feed = new Feed(scd1(), "customers");
        for (String prefix : List.of("a", "b", "c")) {
            feed.apply(java.util.stream.IntStream.range(0, 50).mapToObj(i -> upsert(prefix + i, 1, "n" + i, "Paris")).toArray(Object[][]::new));
        }

        feed.apply(upsert("b7", 2, "n7", "Rome"), upsert("b19", 2, "n19", "Oslo"));

        assertThat(DeltaTables.lastCommitMetrics(spark, feed.table)).containsEntry("numTargetRowsUpdated", "2");
        assertThat(feed.rows()).hasSize(150).contains("b7|n7|Rome|2", "b19|n19|Oslo|2", "a7|n7|Paris|1", "c19|n19|Paris|1");
        // The range's filter skips files by their statistics (KeyRangeTest); here, that the MERGE is given it.
        String predicate = DeltaTables.forTable(spark, feed.table).history(1).select("operationParameters.predicate").head().getString(0);
        assertThat(predicate).containsPattern("id#\\d+ >= b19\\)").containsPattern("id#\\d+ <= b7\\)");
    }

    @Test
    void anAppendTableTakesNoDeletes() {
        MergeSpec spec = spec(LoadType.APPEND, Optional.of(DeleteMode.HARD), NullUpdates.OVERWRITE, List.of());

        assertThatThrownBy(() -> new SilverMerge(spark, spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an append table takes no deletes; use load: scd1 or scd2 for a change feed with deletes");
    }
}
