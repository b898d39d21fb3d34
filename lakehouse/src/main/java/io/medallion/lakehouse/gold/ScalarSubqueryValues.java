package io.medallion.lakehouse.gold;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.ScalarSubquery;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.trees.TreePattern;
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
 * subquery once in any case, so this moves that work earlier; the same subquery written twice is
 * computed once here too. The innermost subqueries go first, so a subquery that filters on another
 * one skips files too.
 *
 * <p>Left as they are, for Spark: a subquery that returns more than one row (Spark reports it as it
 * always does, after computing it a second time); one that reads a CTE of the model's query (run
 * alone, it would lack the CTE's definition); and one that reads the current time or date, which
 * Spark gives one value across a whole query, subqueries included, and a query of its own would not.
 */
final class ScalarSubqueryValues {
    private static final Logger LOG = LoggerFactory.getLogger(ScalarSubqueryValues.class);

    private ScalarSubqueryValues() {}

    /** {@code query} with its uncorrelated scalar subqueries computed, and the number computed. */
    static Inlined inline(SparkSession spark, Dataset<Row> query) {
        Map<LogicalPlan, Optional<Literal>> values = new HashMap<>();  // by canonical plan: a subquery written twice runs once
        // Scala's PartialFunction, through the class both Scala 2.12 and 2.13 provide for Java callers.
        AbstractPartialFunction<Expression, Expression> toValue = new AbstractPartialFunction<>() {
            @Override
            public boolean isDefinedAt(Expression expression) {
                return expression instanceof ScalarSubquery subquery && subquery.outerAttrs().isEmpty() && standsAlone(subquery.plan());
            }

            @Override
            public Expression apply(Expression expression) {
                ScalarSubquery subquery = (ScalarSubquery) expression;
                Optional<Literal> value = values.computeIfAbsent(subquery.plan().canonicalized(), plan -> {
                    // Two rows at most: one more than a scalar subquery may return, to tell an error apart.
                    List<Row> rows = Dataset.ofRows(spark, subquery.plan()).limit(2).collectAsList();
                    if (rows.size() > 1) {
                        return Optional.empty();
                    }
                    Literal literal = Literal.create(rows.isEmpty() ? null : rows.get(0).get(0), subquery.dataType());
                    if (LOG.isDebugEnabled()) {
                        LOG.debug("Scalar subquery computed before planning: {} = {}", subquery.plan().treeString(), literal);
                    }
                    return Optional.of(literal);
                });
                return value.<Expression>map(literal -> literal).orElse(subquery);
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
        int computed = (int) values.values().stream().filter(Optional::isPresent).count();
        return computed == 0 ? new Inlined(query, 0) : new Inlined(Dataset.ofRows(spark, inlined), computed);
    }

    /** Whether {@code plan}, or a subquery in it, neither reads a CTE nor asks for the current time (see the class doc). */
    private static boolean standsAlone(LogicalPlan plan) {
        return plan.collectWithSubqueries(new AbstractPartialFunction<LogicalPlan, LogicalPlan>() {
            @Override
            public boolean isDefinedAt(LogicalPlan node) {
                return node.containsPattern(TreePattern.CTE()) || node.containsPattern(TreePattern.CURRENT_LIKE());
            }

            @Override
            public LogicalPlan apply(LogicalPlan node) {
                return node;
            }
        }).isEmpty();
    }

    /** A query with its scalar subqueries' values in place. */
    record Inlined(Dataset<Row> query, int subqueries) {}
}
