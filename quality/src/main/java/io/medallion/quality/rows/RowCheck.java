package io.medallion.quality.rows;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.Column;

/**
 * One row-level rule, compiled to Spark expressions: a row fails it when {@code failsWhen} is true
 * (null counts as passing, so a rule never fails on a value another rule already rejects as absent or
 * unparseable). {@code offendingValue} is the value as it arrived, kept in quarantine next to the rule.
 *
 * @param ruleId stable id, {@code <table>.<column>.<rule>}, used to filter and replay quarantine
 * @param rule the rule kind: required, type, range, pattern, allowed_values, malformed_record
 * @param column the column the rule is on; empty for whole-record rules
 * @param description the rule as a person reads it, e.g. {@code quantity must be between 1 and 1000}
 */
public record RowCheck(String ruleId, String rule, String column, Column failsWhen, Column offendingValue, String description) {
    public RowCheck {
        requireNonNull(ruleId, "ruleId is null");
        requireNonNull(rule, "rule is null");
        requireNonNull(column, "column is null");
        requireNonNull(failsWhen, "failsWhen is null");
        requireNonNull(offendingValue, "offendingValue is null");
        requireNonNull(description, "description is null");
    }
}
