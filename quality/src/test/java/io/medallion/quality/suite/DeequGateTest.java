package io.medallion.quality.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.quality.gate.BatchFacts;
import io.medallion.quality.gate.CheckLevel;
import io.medallion.quality.gate.CheckOutcome;
import io.medallion.quality.gate.CheckStatus;
import io.medallion.quality.gate.GateResult;
import io.medallion.quality.testing.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeequGateTest {
    private static final CheckLevel ERROR = CheckLevel.ERROR;
    private static final Optional<String> NO_DESCRIPTION = Optional.empty();
    private static final Instant BATCH_TIME = Instant.parse("2026-01-05T12:00:00Z");
    private static final StructType SALES = new StructType()
            .add("id", DataTypes.StringType)
            .add("quantity", DataTypes.IntegerType)
            .add("channel", DataTypes.StringType)
            .add("store_id", DataTypes.StringType)
            .add("product_id", DataTypes.StringType)
            .add("ts", DataTypes.TimestampType);

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path temp;

    /** Five rows: id T1 twice, quantities 1..5 (one 500), channel fax once, one null store, product P9 unknown, newest ts 2026-01-04T10:00. */
    private Dataset<Row> sales() {
        return spark.createDataFrame(List.of(
                RowFactory.create("T1", 1, "web", "S001", "P1", ts("2026-01-01T10:00:00Z")),
                RowFactory.create("T1", 2, "store", "S002", "P2", ts("2026-01-02T10:00:00Z")),
                RowFactory.create("T3", 3, "app", null, "P1", ts("2026-01-03T10:00:00Z")),
                RowFactory.create("T4", 4, "fax", "S04", null, ts("2026-01-04T10:00:00Z")),
                RowFactory.create("T5", 500, "web", "S005", "P9", ts("2026-01-01T00:00:00Z"))), SALES);
    }

    private static Timestamp ts(String instant) {
        return Timestamp.from(Instant.parse(instant));
    }

    private Dataset<Row> products() {
        return spark.createDataFrame(List.of(RowFactory.create("P1"), RowFactory.create("P2"), RowFactory.create("P2")),
                new StructType().add("product_id", DataTypes.StringType));
    }

    private static BatchFacts facts(String batchId, Instant batchTime, OptionalLong sourceRecords) {
        return new BatchFacts("bronze.sales", "bronze", "run-" + batchId, batchId, LocalDate.of(2026, 1, 5), batchTime, sourceRecords);
    }

    private String repository() {
        return temp.resolve("_system/quality/metrics/bronze/sales.json").toString();
    }

    private GateResult evaluate(List<CheckConfig> checks, Dataset<Row> rows, OptionalLong sourceRecords) {
        DeequGate gate = new DeequGate(checks, repository(),
                table -> table.equals("bronze.products") ? Optional.of(products()) : Optional.empty());
        return gate.evaluate(rows, facts("b1", BATCH_TIME, sourceRecords));
    }

    private CheckOutcome only(CheckConfig check) {
        GateResult result = evaluate(List.of(check), sales(), OptionalLong.of(5));
        assertThat(result.outcomes()).hasSize(1);
        return result.outcomes().get(0);
    }

    @Test
    void uniquenessIsTheShareOfRowsWhoseValueOccursOnce() {
        CheckOutcome failed = only(new CheckConfig.Uniqueness("uniqueness_id", ERROR, NO_DESCRIPTION, List.of("id"), 0.999));
        CheckOutcome passed = only(new CheckConfig.Uniqueness("uniqueness_id_quantity", ERROR, NO_DESCRIPTION, List.of("id", "quantity"), 1.0));

        assertThat(failed.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(failed.value()).contains(0.6);
        assertThat(failed.describe()).isEqualTo("uniqueness_id (uniqueness, error): Uniqueness 0.6000, needs >= 0.9990; below the threshold 0.9990");
        assertThat(passed.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(passed.value()).contains(1.0);
    }

    @Test
    void completenessCountsNulls() {
        CheckOutcome failed = only(new CheckConfig.Completeness("completeness_store_id", ERROR, NO_DESCRIPTION, "store_id", 0.9));
        CheckOutcome passed = only(new CheckConfig.Completeness("completeness_store_id", ERROR, NO_DESCRIPTION, "store_id", 0.8));

        assertThat(failed.value()).contains(0.8);
        assertThat(failed.failed()).isTrue();
        assertThat(failed.threshold()).isEqualTo(">= 0.9000");
        assertThat(passed.failed()).isFalse();
    }

    @Test
    void allowedValuesAndPatternMeasureTheMatchingShare() {
        CheckOutcome channel = only(new CheckConfig.AllowedValues("allowed_values_channel", ERROR, NO_DESCRIPTION, "channel",
                List.of("store", "web", "app"), 1.0));
        CheckOutcome store = only(new CheckConfig.Pattern("pattern_store_id", ERROR, NO_DESCRIPTION, "store_id", "S[0-9]{3}", 0.7));

        assertThat(channel.value()).contains(0.8);
        assertThat(channel.failed()).isTrue();
        assertThat(channel.metric()).isEqualTo("Compliance");
        // S04 is the one non-null value that does not match as a whole; the null is completeness's business.
        assertThat(store.value()).contains(0.75);
        assertThat(store.failed()).isFalse();
    }

    @Test
    void rangeReportsTheMinimumAndMaximum() {
        CheckOutcome failed = only(new CheckConfig.Range("range_quantity", ERROR, NO_DESCRIPTION, "quantity",
                Optional.of(BigDecimal.ONE), Optional.of(BigDecimal.valueOf(100))));
        CheckOutcome passed = only(new CheckConfig.Range("range_quantity", ERROR, NO_DESCRIPTION, "quantity",
                Optional.of(BigDecimal.ONE), Optional.empty()));

        assertThat(failed.failed()).isTrue();
        assertThat(failed.measured()).isEqualTo("min 1, max 500");
        assertThat(failed.value()).contains(500.0);
        assertThat(failed.threshold()).isEqualTo("between 1 and 100");
        assertThat(passed.failed()).isFalse();
        assertThat(passed.measured()).isEqualTo("min 1");
    }

    @Test
    void sizeBoundsTheBatchRows() {
        CheckOutcome failed = only(new CheckConfig.Size("size", ERROR, NO_DESCRIPTION, OptionalLong.of(10), OptionalLong.empty()));
        CheckOutcome passed = only(new CheckConfig.Size("size", ERROR, NO_DESCRIPTION, OptionalLong.of(1), OptionalLong.of(5)));

        assertThat(failed.failed()).isTrue();
        assertThat(failed.measured()).isEqualTo("5");
        assertThat(failed.threshold()).isEqualTo(">= 10");
        assertThat(passed.failed()).isFalse();
    }

    @Test
    void sqlIsTheShareOfRowsSatisfyingTheExpression() {
        CheckOutcome failed = only(new CheckConfig.Sql("sql", ERROR, NO_DESCRIPTION, "quantity < 100 AND channel <> 'fax'", 0.9));

        assertThat(failed.value()).contains(0.6);
        assertThat(failed.failed()).isTrue();
        assertThat(failed.target()).isEqualTo("quantity < 100 AND channel <> 'fax'");
    }

    @Test
    void freshnessComparesTheNewestValueWithTheBatchTime() {
        CheckOutcome stale = only(new CheckConfig.Freshness("freshness_ts", ERROR, NO_DESCRIPTION, "ts", Duration.ofDays(1)));
        CheckOutcome fresh = only(new CheckConfig.Freshness("freshness_ts", ERROR, NO_DESCRIPTION, "ts", Duration.ofDays(3)));

        assertThat(stale.failed()).isTrue();
        assertThat(stale.measured()).isEqualTo("2026-01-04T10:00:00Z");
        assertThat(stale.threshold()).startsWith(">= 2026-01-04T12:00:00Z");
        assertThat(fresh.failed()).isFalse();

        CheckConfig freshness = new CheckConfig.Freshness("freshness_ts", ERROR, NO_DESCRIPTION, "ts", Duration.ofDays(3));
        CheckOutcome noTimes = evaluate(List.of(freshness), sales().withColumn("ts", org.apache.spark.sql.functions.lit(null).cast("timestamp")),
                OptionalLong.empty()).outcomes().get(0);
        CheckOutcome noRows = evaluate(List.of(freshness), sales().limit(0), OptionalLong.empty()).outcomes().get(0);
        assertThat(noTimes.failed()).as("rows without a time are no fresh data").isTrue();
        assertThat(noTimes.message()).isEqualTo("no row has a ts");
        assertThat(noRows.failed()).as("a batch without rows holds no stale data").isFalse();
    }

    @Test
    void reconciliationComparesRowsWithSourceRecords() {
        CheckConfig check = new CheckConfig.Reconciliation("reconciliation", ERROR, NO_DESCRIPTION, 0.98);

        CheckOutcome lost = evaluate(List.of(check), sales(), OptionalLong.of(10)).outcomes().get(0);
        CheckOutcome complete = evaluate(List.of(check), sales(), OptionalLong.of(5)).outcomes().get(0);
        CheckOutcome unknown = evaluate(List.of(check), sales(), OptionalLong.empty()).outcomes().get(0);

        assertThat(lost.failed()).isTrue();
        assertThat(lost.value()).contains(0.5);
        assertThat(lost.measured()).isEqualTo("0.5000 (5 of 10 source records)");
        assertThat(complete.failed()).isFalse();
        assertThat(unknown.failed()).isTrue();
        assertThat(unknown.message()).contains("record count of this batch is unknown");
    }

    @Test
    void referencesFindMissingKeysAndCountNullsAsFound() {
        CheckOutcome failed = only(new CheckConfig.References("references_product_id", ERROR, NO_DESCRIPTION, List.of("product_id"),
                "bronze.products", List.of("product_id"), 0.99));
        CheckOutcome missingTable = only(new CheckConfig.References("references_store_id", ERROR, NO_DESCRIPTION, List.of("store_id"),
                "bronze.stores", List.of("store_id"), 0.99));

        // P9 is not a product; the null product_id counts as found.
        assertThat(failed.value()).contains(0.8);
        assertThat(failed.failed()).isTrue();
        assertThat(failed.message()).isEqualTo("rows name product_id values missing from bronze.products");
        assertThat(missingTable.failed()).isTrue();
        assertThat(missingTable.message()).isEqualTo("the referenced table bronze.stores does not exist yet; load it first");
    }

    @Test
    void aCheckThatCannotBeMeasuredFailsAtItsOwnLevelNamingItself() {
        CheckConfig wrongKey = new CheckConfig.References("references_sku", CheckLevel.WARNING, NO_DESCRIPTION, List.of("product_id"),
                "bronze.products", List.of("sku"), 1.0);
        CheckConfig size = new CheckConfig.Size("size", ERROR, NO_DESCRIPTION, OptionalLong.of(1), OptionalLong.empty());

        GateResult result = evaluate(List.of(wrongKey, size), sales(), OptionalLong.empty());

        assertThat(result.blocksCommit()).as("a warning").isFalse();
        assertThat(result.failures()).singleElement().satisfies(outcome -> {
            assertThat(outcome.checkId()).isEqualTo("references_sku");
            assertThat(outcome.message()).startsWith("the check could not be measured: ").contains("sku");
        });
    }

    @Test
    void onlyAFailedErrorCheckBlocksTheCommit() {
        CheckConfig warning = new CheckConfig.Completeness("completeness_store_id", CheckLevel.WARNING, NO_DESCRIPTION, "store_id", 1.0);
        CheckConfig error = new CheckConfig.Uniqueness("uniqueness_id", ERROR, NO_DESCRIPTION, List.of("id"), 1.0);

        GateResult warned = evaluate(List.of(warning), sales(), OptionalLong.of(5));
        GateResult blocked = evaluate(List.of(warning, error), sales(), OptionalLong.of(5));

        assertThat(warned.failures()).extracting(CheckOutcome::checkId).containsExactly("completeness_store_id");
        assertThat(warned.blocksCommit()).isFalse();
        assertThat(blocked.blocksCommit()).isTrue();
        assertThat(blocked.score()).hasValue(0.0);
    }

    @Test
    void metricsAccumulateAndARowCountJumpIsAnAnomaly() throws Exception {
        CheckConfig anomaly = new CheckConfig.Anomaly("anomaly_row_count", CheckLevel.WARNING, NO_DESCRIPTION, AnomalyMetric.ROW_COUNT,
                Optional.empty(), OptionalDouble.of(0.5), OptionalDouble.of(3.0));
        DeequGate gate = new DeequGate(List.of(anomaly), repository(), table -> Optional.empty());
        Dataset<Row> tenTimes = sales();
        for (int i = 1; i < 10; i++) {
            tenTimes = tenTimes.union(sales());
        }

        CheckOutcome first = gate.evaluate(sales(), facts("b1", BATCH_TIME, OptionalLong.of(5))).outcomes().get(0);
        CheckOutcome second = gate.evaluate(sales(), facts("b2", BATCH_TIME.plusSeconds(3600), OptionalLong.of(5))).outcomes().get(0);
        CheckOutcome third = gate.evaluate(tenTimes, facts("b3", BATCH_TIME.plusSeconds(7200), OptionalLong.of(50))).outcomes().get(0);

        assertThat(first.failed()).isFalse();
        assertThat(first.message()).isEqualTo("no history yet");
        assertThat(second.failed()).isFalse();
        assertThat(second.measured()).isEqualTo("5 (previous batch 5)");
        assertThat(third.failed()).isTrue();
        assertThat(third.measured()).isEqualTo("50 (previous batch 5)");
        assertThat(third.threshold()).isEqualTo("falls by at most 50% and rises by at most 300% from the previous batch");
        String repository = java.nio.file.Files.readString(Path.of(repository()));
        assertThat(repository.replaceAll("\\s", "")).contains("\"batch_id\":\"b1\"", "\"batch_id\":\"b2\"", "\"batch_id\":\"b3\"",
                "\"table\":\"bronze.sales\"", "\"run_id\":\"run-b3\"", "\"ingest_date\":\"2026-01-05\"", "\"layer\":\"bronze\"",
                "\"dataSetDate\":" + BATCH_TIME.plusSeconds(7200).toEpochMilli(), "\"name\":\"Size\",\"value\":50.0");
        assertThat(first.measured()).isEqualTo("5");
    }

    @Test
    void aCompletenessDropIsAnAnomalyInAbsoluteTerms() {
        CheckConfig anomaly = new CheckConfig.Anomaly("anomaly_completeness_store_id", CheckLevel.WARNING, NO_DESCRIPTION,
                AnomalyMetric.COMPLETENESS, Optional.of("store_id"), OptionalDouble.of(0.05), OptionalDouble.empty());
        DeequGate gate = new DeequGate(List.of(anomaly), repository(), table -> Optional.empty());
        Dataset<Row> complete = sales().na().fill("S999", new String[] {"store_id"});

        gate.evaluate(complete, facts("b1", BATCH_TIME, OptionalLong.of(5)));
        CheckOutcome dropped = gate.evaluate(sales(), facts("b2", BATCH_TIME.plusSeconds(60), OptionalLong.of(5))).outcomes().get(0);

        assertThat(dropped.failed()).isTrue();
        assertThat(dropped.value()).contains(0.8);
        assertThat(dropped.measured()).isEqualTo("0.8000 (previous batch 1.0000)");
    }
    private static CheckConfig rowCountAnomaly(OptionalDouble maxDecrease, OptionalDouble maxIncrease) {
        return new CheckConfig.Anomaly("anomaly_row_count", ERROR, NO_DESCRIPTION, AnomalyMetric.ROW_COUNT, Optional.empty(), maxDecrease, maxIncrease);
    }

    private Dataset<Row> salesTimes(int times) {
        Dataset<Row> rows = sales();
        for (int i = 1; i < times; i++) {
            rows = rows.union(sales());
        }
        return rows;
    }

    @Test
    void aBlockedBatchIsNoBaselineSoItsRerunIsBlockedAgain() {
        DeequGate gate = new DeequGate(List.of(rowCountAnomaly(OptionalDouble.of(0.5), OptionalDouble.empty())), repository(), table -> Optional.empty());
        gate.evaluate(salesTimes(4), facts("b1", BATCH_TIME, OptionalLong.empty()));

        GateResult dropped = gate.evaluate(sales(), facts("b2", BATCH_TIME.plusSeconds(60), OptionalLong.empty()));
        GateResult rerun = gate.evaluate(sales(), facts("b3", BATCH_TIME.plusSeconds(120), OptionalLong.empty()));

        assertThat(dropped.blocksCommit()).isTrue();
        assertThat(rerun.blocksCommit()).as(rerun.outcomes().toString()).isTrue();
        assertThat(rerun.outcomes().get(0).measured()).isEqualTo("5 (previous batch 20)");
        assertThat(Path.of(MetricsHistory.blockedFile(repository()))).as("the blocked batches' metrics are kept apart").exists();
    }

    @Test
    void aChangeExactlyAtTheLimitPasses() {
        DeequGate gate = new DeequGate(List.of(rowCountAnomaly(OptionalDouble.of(0.8), OptionalDouble.of(4.0))), repository(), table -> Optional.empty());
        gate.evaluate(salesTimes(5), facts("b1", BATCH_TIME, OptionalLong.empty()));

        // 25 rows to 5 is a fall of exactly 80%; 5 to 25, a rise of exactly 400%. In doubles, 1 - 0.8 is 0.19999999999999996.
        assertThat(gate.evaluate(sales(), facts("b2", BATCH_TIME.plusSeconds(60), OptionalLong.empty())).blocksCommit()).isFalse();
        assertThat(gate.evaluate(salesTimes(5), facts("b3", BATCH_TIME.plusSeconds(120), OptionalLong.empty())).blocksCommit()).isFalse();
        assertThat(gate.evaluate(salesTimes(26).limit(126), facts("b4", BATCH_TIME.plusSeconds(180), OptionalLong.empty())).blocksCommit())
                .as("just past the limit").isTrue();
    }

    @Test
    void aRowCountRisingFromZeroFailsOnlyWhenARiseIsBounded() {
        Dataset<Row> none = sales().limit(0);
        DeequGate bounded = new DeequGate(List.of(rowCountAnomaly(OptionalDouble.of(0.5), OptionalDouble.of(1.0))), repository(), table -> Optional.empty());
        bounded.evaluate(none, facts("b1", BATCH_TIME, OptionalLong.empty()));

        CheckOutcome stillNone = bounded.evaluate(none, facts("b2", BATCH_TIME.plusSeconds(60), OptionalLong.empty())).outcomes().get(0);
        CheckOutcome rose = bounded.evaluate(sales(), facts("b3", BATCH_TIME.plusSeconds(120), OptionalLong.empty())).outcomes().get(0);
        CheckOutcome unbounded = new DeequGate(List.of(rowCountAnomaly(OptionalDouble.of(0.5), OptionalDouble.empty())), repository(), table -> Optional.empty())
                .evaluate(sales(), facts("b4", BATCH_TIME.plusSeconds(180), OptionalLong.empty())).outcomes().get(0);

        assertThat(stillNone.failed()).isFalse();
        assertThat(rose.failed()).isTrue();
        assertThat(rose.message()).contains("rose from 0 rows");
        assertThat(unbounded.failed()).as("a rise is allowed when only a fall is bounded").isFalse();
    }

    @Test
    void checksOfABatchWithoutRowsOrOfAColumnWithoutValuesHoldVacuouslyButSizeStillCounts() {
        Dataset<Row> noStores = sales().withColumn("store_id", org.apache.spark.sql.functions.lit(null).cast("string"));
        List<CheckConfig> checks = List.of(
                new CheckConfig.Uniqueness("uniqueness_id", ERROR, NO_DESCRIPTION, List.of("id"), 1.0),
                new CheckConfig.Pattern("pattern_store_id", ERROR, NO_DESCRIPTION, "store_id", "S[0-9]{3}", 1.0),
                new CheckConfig.Range("range_quantity", ERROR, NO_DESCRIPTION, "quantity", Optional.of(java.math.BigDecimal.ONE), Optional.of(java.math.BigDecimal.TEN)),
                new CheckConfig.Size("size", ERROR, NO_DESCRIPTION, OptionalLong.of(1), OptionalLong.empty()));

        GateResult empty = evaluate(checks, sales().limit(0), OptionalLong.empty());
        GateResult allNull = evaluate(List.of(checks.get(1)), noStores, OptionalLong.empty());

        assertThat(empty.failures()).extracting(CheckOutcome::checkId).containsExactly("size");
        assertThat(empty.outcomes().get(0).message()).isEqualTo("no values to check in this batch");
        assertThat(empty.outcomes().get(2).measured()).isEqualTo("min no values, max no values");
        assertThat(allNull.blocksCommit()).as(allNull.outcomes().toString()).isFalse();
    }
}
