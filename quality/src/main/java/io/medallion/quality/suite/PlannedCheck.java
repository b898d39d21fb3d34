package io.medallion.quality.suite;

import com.amazon.deequ.checks.Check;
import com.amazon.deequ.constraints.ConstraintResult;
import io.medallion.quality.gate.CheckOutcome;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One configured check made ready for a batch: the columns it adds to the batch so Deequ can measure
 * them in the shared scan, the Deequ check to run (none when the outcome is known without measuring,
 * e.g. a referenced table that does not exist), and how the constraint results read as an outcome.
 */
record PlannedCheck(UnaryOperator<Dataset<Row>> addColumns, Optional<Check> deequCheck, Function<List<ConstraintResult>, CheckOutcome> outcome) {
    /** A check decided without running Deequ. */
    static PlannedCheck decided(CheckOutcome outcome) {
        return new PlannedCheck(UnaryOperator.identity(), Optional.empty(), results -> outcome);
    }

    static PlannedCheck measured(Check check, Function<List<ConstraintResult>, CheckOutcome> outcome) {
        return new PlannedCheck(UnaryOperator.identity(), Optional.of(check), outcome);
    }

    PlannedCheck addingColumns(UnaryOperator<Dataset<Row>> columns) {
        return new PlannedCheck(columns, deequCheck, outcome);
    }
}
