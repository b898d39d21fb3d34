package io.medallion.lakehouse.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The rows a silver table's new contents insert, update and delete against its old contents, counted
 * as a MERGE of the same change would count them: rows are matched by key (null-safely), and for SCD2
 * by key and version number, as {@link KeyFold} matches them; a matched row whose columns all hold the
 * same values ({@link EventValues#same}) is unchanged. One query: a full outer join of the two.
 */
final class TableDifferences {
    private static final String OLD_PREFIX = "__old_";
    private static final String IN_OLD = "__in_old";
    private static final String IN_NEW = "__in_new";

    /** Rows inserted, updated and deleted. */
    record Counts(long inserted, long updated, long deleted) {
        long total() {
            return inserted + updated + deleted;
        }
    }

    private TableDifferences() {}

    /**
     * @param oldRows the table's rows before, with at least {@code table}'s columns
     * @param newRows its rows after, with at least {@code table}'s columns
     * @param table the table's columns
     */
    static Counts between(Dataset<Row> oldRows, Dataset<Row> newRows, MergeSpec spec, StructType table) {
        String[] names = table.fieldNames();
        List<Column> renamed = new ArrayList<>();
        List<Column> kept = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            renamed.add(Columns.named(names[i]).as(OLD_PREFIX + i));
            kept.add(Columns.named(names[i]));
        }
        renamed.add(lit(true).as(IN_OLD));
        kept.add(lit(true).as(IN_NEW));
        List<String> identity = new ArrayList<>(spec.keys());
        if (spec.load() == LoadType.SCD2) {
            identity.add(EventColumns.VERSION);
        }
        List<String> columns = List.of(names);
        Column sameRow = lit(true);
        for (int i = 0; i < names.length; i++) {
            sameRow = sameRow.and(sameValue(Columns.named(names[i]), col(OLD_PREFIX + i), table.fields()[i].dataType()));
        }
        Column sameIdentity = lit(true);
        for (String name : identity) {
            sameIdentity = sameIdentity.and(Columns.named(name).eqNullSafe(col(OLD_PREFIX + columns.indexOf(name))));
        }
        Dataset<Row> joined = newRows.select(kept.toArray(Column[]::new))
                .join(oldRows.select(renamed.toArray(Column[]::new)), sameIdentity, "full_outer");
        Row counts = joined.agg(
                count(when(col(IN_OLD).isNull(), lit(1))),
                count(when(col(IN_OLD).isNotNull().and(col(IN_NEW).isNotNull()).and(not(sameRow)), lit(1))),
                count(when(col(IN_NEW).isNull(), lit(1)))).head();
        return new Counts(counts.getLong(0), counts.getLong(1), counts.getLong(2));
    }

    /**
     * Null-safe equality as {@link EventValues#same} has it. Spark's {@code <=>} takes -0.0 for 0.0, where
     * Java's {@code Double.equals} (and so the fold) tells them apart: floating-point values compare by
     * their text, in which they differ (and NaN equals NaN, as for both).
     */
    private static Column sameValue(Column left, Column right, DataType type) {
        boolean floating = type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType);
        return floating ? left.cast(DataTypes.StringType).eqNullSafe(right.cast(DataTypes.StringType)) : left.eqNullSafe(right);
    }
}
