package io.medallion.lakehouse.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.StructType;

/**
 * The least and greatest value of each key column of a batch, as a filter on a table's rows: the
 * rows whose key the batch may hold.
 *
 * <p>Why: as a filter of a Delta read (and a conjunct of a MERGE condition that names only the
 * target), Delta compares it with each file's column statistics and skips the files that cannot
 * hold a key of the batch, before any row is read. A join with the batch's keys cannot skip a file.
 * Keys that grow with time (order and transaction ids, event dates) put a day's batch outside every
 * older file's range, so the table's rows of the batch's keys are found without reading the table;
 * keys spread evenly over the table skip nothing and cost one comparison per row.
 *
 * <p>It never drops a row the batch's keys match null-safely: a key column the batch holds only as
 * null admits only null, and a null key column always passes (its files are kept by their null
 * counts). Only key columns of atomic types are bounded; the others pass every row.
 */
final class KeyRange {
    private final List<Bound> bounds;

    private record Bound(String column, Object least, Object greatest) {}

    private KeyRange(List<Bound> bounds) {
        this.bounds = bounds;
    }

    /** The aggregates that {@link #from} reads, in order: least and greatest of each bounded key column of {@code schema}. */
    static List<Column> aggregates(List<String> keys, StructType schema) {
        List<Column> aggregates = new ArrayList<>();
        for (String key : bounded(keys, schema)) {
            aggregates.add(min(Columns.named(key)));
            aggregates.add(max(Columns.named(key)));
        }
        return aggregates;
    }

    /** The range from the values of {@link #aggregates} in {@code totals}, starting at {@code offset}. */
    static KeyRange from(Row totals, int offset, List<String> keys, StructType schema) {
        List<Bound> bounds = new ArrayList<>();
        int position = offset;
        for (String key : bounded(keys, schema)) {
            bounds.add(new Bound(key, totals.get(position), totals.get(position + 1)));
            position += 2;
        }
        return new KeyRange(List.copyOf(bounds));
    }

    private static List<String> bounded(List<String> keys, StructType schema) {
        return keys.stream().filter(key -> schema.apply(key).dataType() instanceof AtomicType).toList();
    }

    /** {@code rows}, a table read, kept to the range: the filter Delta's file statistics skip files by. */
    Dataset<Row> within(Dataset<Row> rows) {
        return condition(Columns::named).map(rows::filter).orElse(rows);
    }

    /**
     * True for each row of a MERGE's target (columns qualified by {@code alias}) whose key lies within
     * the range or holds a null; empty when no key column is bounded.
     */
    Optional<Column> holdsKeyOf(String alias) {
        return condition(key -> col(alias + "." + Columns.quote(key)));
    }

    private Optional<Column> condition(Function<String, Column> columnNamed) {
        Column condition = null;
        for (Bound bound : bounds) {
            Column column = columnNamed.apply(bound.column());
            // Null bounds (a column the batch holds only as null) make the comparisons null: only the null test passes.
            Column within = column.geq(lit(bound.least())).and(column.leq(lit(bound.greatest()))).or(column.isNull());
            condition = condition == null ? within : condition.and(within);
        }
        return Optional.ofNullable(condition);
    }
}
