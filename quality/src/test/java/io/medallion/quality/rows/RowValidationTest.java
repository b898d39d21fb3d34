package io.medallion.quality.rows;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.medallion.quality.testing.SharedSpark;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RowValidationTest {
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.StringType)
            .add("quantity", DataTypes.StringType)
            .add("price", DataTypes.StringType)
            .add("ts", DataTypes.StringType)
            .add("channel", DataTypes.StringType);

    private final SparkSession spark = SharedSpark.session();
    private final RowChecks checks = new RowChecks("sales");

    private Dataset<Row> validate(List<Row> rows) {
        return RowValidation.withFailures(spark.createDataFrame(rows, SCHEMA), rules());
    }

    private List<RowCheck> rules() {
        Column quantity = ColumnParsing.parseText("quantity", "INT", Optional.empty());
        Column price = ColumnParsing.parseText("price", "DECIMAL(10,2)", Optional.empty());
        Column ts = ColumnParsing.parseText("ts", "TIMESTAMP", Optional.of("M/d/yyyy H:mm"));
        return List.of(
                checks.required("id"),
                checks.pattern("id", "T[0-9]{3}"),
                checks.parsesAs("quantity", quantity, ColumnParsing.lossless("quantity", "INT", quantity), "int", Optional.empty()),
                checks.range("quantity", quantity, Optional.of(BigDecimal.ONE), Optional.of(BigDecimal.valueOf(100))),
                checks.parsesAs("price", price, ColumnParsing.lossless("price", "DECIMAL(10,2)", price), "decimal(10,2)", Optional.empty()),
                checks.parsesAs("ts", ts, ColumnParsing.lossless("ts", "TIMESTAMP", ts), "timestamp", Optional.of("M/d/yyyy H:mm")),
                checks.allowedValues("channel", List.of("store", "web")));
    }

    private static List<String> failedRules(Row row) {
        return row.<Row>getList(row.fieldIndex(RowValidation.FAILURES_COLUMN)).stream().map(f -> f.getString(0)).toList();
    }

    @Test
    void validRowHasNoFailures() {
        List<Row> result = validate(List.of(RowFactory.create("T001", "3", "9.99", "10/2/2017 10:56", "web"))).collectAsList();

        assertThat(failedRules(result.get(0))).isEmpty();
    }

    @Test
    void rowListsEveryRuleItBreaks() {
        Row row = validate(List.of(RowFactory.create("X1", "two", "1.234", "2017-02-10", "fax"))).collectAsList().get(0);

        assertThat(failedRules(row)).containsExactly(
                "sales.id.pattern", "sales.quantity.type", "sales.price.type", "sales.ts.type", "sales.channel.allowed_values");
        Row quantityFailure = row.<Row>getList(row.fieldIndex(RowValidation.FAILURES_COLUMN)).get(1);
        assertThat(quantityFailure.getString(3)).as("offending value").isEqualTo("two");
        assertThat(quantityFailure.getString(4)).isEqualTo("quantity must be a int");
    }

    @Test
    void missingRequiredValueFailsOnlyTheRequiredRule() {
        Row row = validate(List.of(RowFactory.create(null, "5", "1.00", "1/1/2020 0:00", "store"))).collectAsList().get(0);

        assertThat(failedRules(row)).containsExactly("sales.id.required");
    }

    @Test
    void rangeUsesTheTypedValue() {
        List<Row> rows = validate(List.of(
                RowFactory.create("T001", "0", "1.00", "1/1/2020 0:00", "web"),
                RowFactory.create("T002", "101", "1.00", "1/1/2020 0:00", "web"),
                RowFactory.create("T003", "100", "1.00", "1/1/2020 0:00", "web"))).orderBy("id").collectAsList();

        assertThat(failedRules(rows.get(0))).containsExactly("sales.quantity.range");
        assertThat(failedRules(rows.get(1))).containsExactly("sales.quantity.range");
        assertThat(failedRules(rows.get(2))).isEmpty();
    }

    @Test
    void validAndInvalidSplitEveryRowExactlyOnce() {
        Dataset<Row> validated = validate(List.of(
                RowFactory.create("T001", "1", "1.00", "1/1/2020 0:00", "web"),
                RowFactory.create(null, null, null, null, null),
                RowFactory.create("T003", "x", "1.00", "1/1/2020 0:00", "web")));

        assertThat(validated.filter(RowValidation.isValid()).select(col("id")).collectAsList())
                .extracting(r -> r.getString(0)).containsExactly("T001");
        assertThat(validated.filter(RowValidation.isInvalid()).count()).isEqualTo(2);
    }

    @Test
    void passesAllIsTrueExactlyWhereNoRuleFailed() {
        Dataset<Row> validated = validate(List.of(
                RowFactory.create("T001", "1", "1.00", "1/1/2020 0:00", "web"),
                RowFactory.create("T002", null, null, null, null),
                RowFactory.create(null, null, null, null, null),
                RowFactory.create("T003", "x", "1.00", "1/1/2020 0:00", "web"),
                RowFactory.create("T004", "5", "1.001", "1/1/2020 0:00", "fax")));

        List<Row> verdicts = validated.select(col("id"), RowValidation.passesAll(rules()).as("passes"), RowValidation.isValid().as("valid"))
                .collectAsList();

        assertThat(verdicts).extracting(r -> r.getString(0), r -> r.getBoolean(1))
                .containsExactlyInAnyOrder(tuple("T001", true), tuple("T002", true), tuple(null, false), tuple("T003", false), tuple("T004", false));
        assertThat(verdicts).allSatisfy(r -> assertThat(r.getBoolean(1)).as("passesAll of %s", r.getString(0)).isEqualTo(r.getBoolean(2)));
    }

    @Test
    void ruleVerdictsGiveTheSameVerdictAndFailuresAsTheFailuresArray() {
        RuleVerdicts verdicts = new RuleVerdicts(rules());
        Dataset<Row> validated = validate(List.of(
                RowFactory.create("T001", "1", "1.00", "1/1/2020 0:00", "web"),
                RowFactory.create(null, null, null, null, null),
                RowFactory.create("X9", "0", "1.001", "13/1/2020 0:00", "fax")));

        List<Row> rows = verdicts.addTo(validated).select(col("id"), col(RowValidation.FAILURES_COLUMN).as("expected"),
                verdicts.passesAll().as("passes"), verdicts.failures(verdicts.flags(), verdicts.offendingValues()).as("actual")).collectAsList();

        assertThat(rows).extracting(r -> r.getString(0), r -> r.getBoolean(2))
                .containsExactlyInAnyOrder(tuple("T001", true), tuple(null, false), tuple("X9", false));
        assertThat(rows).allSatisfy(r -> assertThat(r.getList(3)).as("failures of %s", r.getString(0)).isEqualTo(r.getList(1)));
        assertThat(rows).filteredOn(r -> "X9".equals(r.getString(0))).singleElement()
                .satisfies(r -> assertThat(r.getList(3)).hasSize(5));
    }
}
