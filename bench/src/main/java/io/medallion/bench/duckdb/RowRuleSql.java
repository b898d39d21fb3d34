package io.medallion.bench.duckdb;

import static java.util.Objects.requireNonNull;

import io.medallion.lakehouse.config.ColumnConfig;
import io.medallion.lakehouse.config.TableConfig;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A bronze table's row rules as DuckDB conditions, generated from its config with Medallion's
 * semantics and rule ids ({@code io.medallion.quality.rows.RowChecks}), in Medallion's order: the
 * well-formed-record rule, then per declared column {@code required}, {@code type}, {@code range},
 * {@code pattern}, {@code allowed_values}. A rule on an absent value never fails, except
 * {@code required} (null or blank, where blank means only spaces, as Spark's {@code trim}).
 *
 * <p>Conditions read the text columns by their declared names, the typed values by
 * {@link #typedName}, and the boolean column {@link #MALFORMED} that the reader sets on records with
 * the wrong number of fields. One known difference: patterns run on RE2, not {@code java.util.regex},
 * so a pattern using back-references or look-around fails in DuckDB, and Java's {@code $} also
 * matches before a final line break where RE2 does not.
 */
final class RowRuleSql {
    /** The boolean column that is true on records with the wrong number of fields. */
    static final String MALFORMED = "_malformed";

    /** One rule: its id and the condition under which a row fails it (never NULL). */
    record Rule(String ruleId, String failsWhen) {
        Rule {
            requireNonNull(ruleId, "ruleId is null");
            requireNonNull(failsWhen, "failsWhen is null");
        }
    }

    private final TableConfig table;
    private final List<Rule> rules;

    RowRuleSql(TableConfig table) {
        this.table = table;
        this.rules = List.copyOf(rulesOf(table));
    }

    List<Rule> rules() {
        return rules;
    }

    /** The typed value of every declared column, as {@code <expression> AS <typed name>}, comma-separated. */
    String typedColumns() {
        return table.columns().stream()
                .map(c -> ColumnTyping.typed(c, SqlText.identifier(c.name())) + " AS " + SqlText.identifier(typedName(c.name())))
                .collect(Collectors.joining(",\n  "));
    }

    /** The list of the ids of the rules a row fails, in rule order; empty when it passes every one. */
    String failedRuleIds() {
        if (rules.isEmpty()) {
            return "CAST([] AS VARCHAR[])";
        }
        String candidates = rules.stream()
                .map(r -> "CASE WHEN " + r.failsWhen() + " THEN " + SqlText.literal(r.ruleId()) + " END")
                .collect(Collectors.joining(",\n    "));
        return "list_filter([\n    " + candidates + "], lambda rule_id: rule_id IS NOT NULL)";
    }

    /** The column holding the typed value of {@code column} until bronze takes back the declared name. */
    static String typedName(String column) {
        return "__typed_" + column;
    }

    private static List<Rule> rulesOf(TableConfig table) {
        List<Rule> rules = new ArrayList<>();
        rules.add(new Rule(table.name() + "._record.malformed_record", MALFORMED));
        for (ColumnConfig column : table.columns()) {
            String text = SqlText.identifier(column.name());
            String typed = SqlText.identifier(typedName(column.name()));
            String present = "(" + text + " IS NOT NULL AND trim(" + text + ") <> '')";
            String prefix = table.name() + "." + column.name() + ".";
            if (column.required()) {
                rules.add(new Rule(prefix + "required", "(" + text + " IS NULL OR trim(" + text + ") = '')"));
            }
            if (!column.type().isText()) {
                rules.add(new Rule(prefix + "type", present + " AND (" + typed + " IS NULL OR NOT "
                        + ColumnTyping.lossless(column, text, typed) + ")"));
            }
            if (column.min().isPresent() || column.max().isPresent()) {
                String below = column.min().map(m -> typed + " < " + number(m)).orElse("false");
                String above = column.max().map(m -> typed + " > " + number(m)).orElse("false");
                rules.add(new Rule(prefix + "range", "coalesce(" + below + " OR " + above + ", false)"));
            }
            column.pattern().ifPresent(regex -> rules.add(new Rule(prefix + "pattern",
                    "(" + text + " IS NOT NULL AND NOT regexp_full_match(" + text + ", " + SqlText.literal(regex) + "))")));
            if (!column.allowedValues().isEmpty()) {
                String allowed = column.allowedValues().stream().map(SqlText::literal).collect(Collectors.joining(", "));
                rules.add(new Rule(prefix + "allowed_values", "(" + text + " IS NOT NULL AND " + text + " NOT IN (" + allowed + "))"));
            }
        }
        return rules;
    }

    /** A bound as an exact decimal literal, so 0.1 is not compared as a double. */
    private static String number(BigDecimal bound) {
        return "CAST(" + SqlText.literal(bound.toPlainString()) + " AS DECIMAL(38," + Math.max(0, Math.min(bound.scale(), 18)) + "))";
    }
}
