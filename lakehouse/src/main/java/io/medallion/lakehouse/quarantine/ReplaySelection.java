package io.medallion.lakehouse.quarantine;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.medallion.lakehouse.bronze.MetadataColumns;
import io.medallion.lakehouse.config.TableConfig;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;

/**
 * Which quarantined rows a replay considers: those that failed {@code ruleId} (all when empty) in
 * batch {@code batchId} (all when empty). A rule id may leave out its table prefix:
 * {@code quantity.range} is {@code sales.quantity.range} for table {@code sales}.
 */
public record ReplaySelection(Optional<String> ruleId, Optional<String> batchId) {
    public ReplaySelection {
        requireNonNull(ruleId, "ruleId is null");
        requireNonNull(batchId, "batchId is null");
    }

    public static ReplaySelection all() {
        return new ReplaySelection(Optional.empty(), Optional.empty());
    }

    /** The rule id as quarantine records it for {@code table}. */
    public Optional<String> qualifiedRuleId(TableConfig table) {
        return ruleId.map(rule -> rule.startsWith(table.name() + ".") ? rule : table.name() + "." + rule);
    }

    Column condition(TableConfig table) {
        Column condition = lit(true);
        Optional<String> rule = qualifiedRuleId(table);
        if (rule.isPresent()) {
            condition = condition.and(array_contains(col(MetadataColumns.FAILED_RULES), rule.get()));
        }
        if (batchId.isPresent()) {
            condition = condition.and(col(MetadataColumns.BATCH_ID).equalTo(batchId.get()));
        }
        return condition;
    }

    /** How the selection reads in messages: {@code rule sales.quantity.range, batch ...}, or {@code all rows}. */
    String describe(TableConfig table) {
        String rule = qualifiedRuleId(table).map(r -> "rule " + r).orElse("");
        String batch = batchId.map(b -> "batch " + b).orElse("");
        String both = String.join(", ", Stream.of(rule, batch).filter(s -> !s.isEmpty()).toList());
        return both.isEmpty() ? "every rule and batch" : both;
    }
}
