package io.medallion.lakehouse.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.quality.testing.SharedSpark;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model's scalar subqueries, computed before planning so Delta skips files with their values. */
class ScalarSubqueryValuesTest {
    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path temp;

    private String history;
    private String built;

    /** A history of two commits, one file each (ids 1–10, then 11–20), and a built table that holds up to id 10. */
    @BeforeEach
    void tables() {
        history = "delta.`" + temp.resolve("history") + "`";
        built = "delta.`" + temp.resolve("built") + "`";
        spark.range(1, 11).toDF("id").coalesce(1).write().format("delta").save(temp.resolve("history").toString());
        spark.range(11, 21).toDF("id").coalesce(1).write().format("delta").mode(SaveMode.Append).save(temp.resolve("history").toString());
        spark.range(1, 11).toDF("id").write().format("delta").save(temp.resolve("built").toString());
    }

    @Test
    void deltaSkipsTheFilesTheSubquerysValueRulesOut() {
        Dataset<Row> query = spark.sql("select id from " + history + " where id > (select max(id) from " + built + ")");

        ScalarSubqueryValues.Inlined inlined = ScalarSubqueryValues.inline(spark, query);

        assertThat(query.inputFiles()).hasSize(2);
        assertThat(inlined.subqueries()).isEqualTo(1);
        assertThat(inlined.query().inputFiles()).hasSize(1);
        assertThat(inlined.query().collectAsList()).hasSize(10).containsExactlyInAnyOrderElementsOf(query.collectAsList());
    }

    @Test
    void aSubqueryInsideAnInListIsComputedToo() {
        Dataset<Row> query = spark.sql("select id from " + history + " where id in (select id + 1 from " + history
                + " where id > (select max(id) from " + built + "))");

        ScalarSubqueryValues.Inlined inlined = ScalarSubqueryValues.inline(spark, query);

        assertThat(inlined.subqueries()).isEqualTo(1);
        assertThat(inlined.query().collectAsList()).hasSize(9).containsExactlyInAnyOrderElementsOf(query.collectAsList());
    }

    @Test
    void aCorrelatedSubqueryOrAQueryWithoutOneIsLeftAsItIs() {
        Dataset<Row> correlated = spark.sql("select id, (select count(*) from " + built + " b where b.id = h.id) as seen from " + history + " h");
        Dataset<Row> plain = spark.sql("select id from " + history + " where id > 15");

        assertThat(ScalarSubqueryValues.inline(spark, correlated).subqueries()).isZero();
        assertThat(ScalarSubqueryValues.inline(spark, correlated).query()).isSameAs(correlated);
        assertThat(ScalarSubqueryValues.inline(spark, plain).query()).isSameAs(plain);
    }

    @Test
    void anEmptySubqueryIsNullAndOneOfManyRowsFailsAsSparkFailsIt() {
        Dataset<Row> empty = spark.sql("select id from " + history + " where id > (select max(id) from " + built + " where id < 0)");
        Dataset<Row> manyRows = spark.sql("select id from " + history + " where id > (select id from " + built + ")");

        assertThat(ScalarSubqueryValues.inline(spark, empty).query().count()).isZero();
        ScalarSubqueryValues.Inlined many = ScalarSubqueryValues.inline(spark, manyRows);
        assertThat(many.subqueries()).isZero();
        assertThatThrownBy(() -> many.query().count()).hasMessageContaining("SCALAR_SUBQUERY_TOO_MANY_ROWS");
    }

    @Test
    void theSameSubqueryWrittenTwiceIsComputedOnce() {
        Dataset<Row> query = spark.sql("select id from " + history + " where id > (select max(id) from " + built + ")"
                + " and id <= (select max(id) from " + built + ") + 5");

        ScalarSubqueryValues.Inlined inlined = ScalarSubqueryValues.inline(spark, query);

        assertThat(inlined.subqueries()).isEqualTo(1);
        assertThat(inlined.query().collectAsList()).hasSize(5).containsExactlyInAnyOrderElementsOf(query.collectAsList());
    }

    @Test
    void aSubqueryThatReadsACteOfTheQueryOrTheCurrentTimeIsLeftToSpark() {
        Dataset<Row> cte = spark.sql("with h as (select id from " + history + ") select id from h where id > (select max(id) from h where id <= 10)");
        Dataset<Row> now = spark.sql("select id from " + history + " where id > (select max(id) from " + built
                + " where current_date() > date'2000-01-01')");

        ScalarSubqueryValues.Inlined inlinedCte = ScalarSubqueryValues.inline(spark, cte);
        ScalarSubqueryValues.Inlined inlinedNow = ScalarSubqueryValues.inline(spark, now);

        assertThat(inlinedCte.subqueries()).isZero();
        assertThat(inlinedCte.query().collectAsList()).hasSize(10);
        assertThat(inlinedNow.subqueries()).isZero();
        assertThat(inlinedNow.query().collectAsList()).hasSize(10);
    }
}
