package io.medallion.lakehouse.gold;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.ScalarSubquery;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.runtime.AbstractPartialFunction;

/**
 * Puts the value of each uncorrelated scalar subquery into a model's query before Spark plans it.
 *
 * <p>Why: dbt's incremental idiom filters on a subquery of the model's own table,
 * {@code where _ingested_at > (select max(_ingested_at) from {{ this }})}. Spark computes such a
 * subquery only when the query runs, after Delta has chosen the files to read, so Delta reads them
 * all and the "incremental" run scans the whole history. With the value in place of the subquery,
 * Delta's file statistics skip every file older than it. Spark computes an uncorrelated scalar
 * subquery exactly once in any case, so this moves that work earlier and adds none. The innermost
 * subqueries go first, so a subquery that filters on another one skips files too.
 *
 * <p>A subquery that returns more than one row is left as it is, for Spark to report as it always does.
 */
final class ScalarSubqueryValues {
    private static final Logger LOG = LoggerFactory.getLogger(ScalarSubqueryValues.class);

    private ScalarSubqueryValues() {}

    /** {@code query} with its uncorrelated scalar subqueries computed, and the number computed. */
    static Inlined inline(SparkSession spark, Dataset<Row> query) {
        int[] computed = {0};
        // Scala's PartialFunction, through the class both Scala 2.12 and 2.13 provide for Java callers.
        AbstractPartialFunction<Expression, Expression> toValue = new AbstractPartialFunction<>() {
            @Override
            public boolean isDefinedAt(Expression expression) {
                return expression instanceof ScalarSubquery subquery && subquery.outerAttrs().isEmpty();
            }

            @Override
            public Expression apply(Expression expression) {
                ScalarSubquery subquery = (ScalarSubquery) expression;
                // Two rows at most: one more than a scalar subquery may return, to tell an error apart.
                List<Row> rows = Dataset.ofRows(spark, subquery.plan()).limit(2).collectAsList();
                if (rows.size() > 1) {
                    return subquery;
                }
                computed[0]++;
                Literal value = Literal.create(rows.isEmpty() ? null : rows.get(0).get(0), subquery.dataType());
                LOG.debug("Scalar subquery computed before planning: {} = {}", subquery.plan().treeString(), value);
                return value;
            }
        };
        // Up: a subquery's own subqueries are computed before it is.
        LogicalPlan inlined = query.queryExecution().analyzed().transformUpWithSubqueries(new AbstractPartialFunction<>() {
            @Override
            public boolean isDefinedAt(LogicalPlan plan) {
                return true;
            }

            @Override
            public LogicalPlan apply(LogicalPlan plan) {
                return plan.transformExpressions(toValue);
            }
        });
        return computed[0] == 0 ? new Inlined(query, 0) : new Inlined(Dataset.ofRows(spark, inlined), computed[0]);
    }

    /** A query with its scalar subqueries' values in place. */
    record Inlined(Dataset<Row> query, int subqueries) {}
}
