package io.medallion.lakehouse.silver;

import static org.apache.spark.sql.functions.col;

import io.medallion.lakehouse.config.SilverTableConfig.PointInTimeLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Adds to events the version of an SCD2 table's entity that was valid when the event happened, the
 * version with {@code effective_from <= at < effective_to} (no end while current), as its
 * {@code effective_from}. An event from before the entity's first version gets null.
 */
final class PointInTimeLookups {
    private PointInTimeLookups() {}

    /** The columns the lookups add, in order, typed like the looked-up tables' {@code effective_from}. */
    static List<StructField> columns(List<PointInTimeLookup> lookups, Function<String, Dataset<Row>> versions) {
        return lookups.stream().map(lookup -> DataTypes.createStructField(lookup.as(),
                versions.apply(lookup.table()).schema().apply(EventColumns.EFFECTIVE_FROM).dataType(), true)).toList();
    }

    /**
     * @param versions an SCD2 table's rows by table name
     * @param keysOf an SCD2 table's key columns by table name, in the order of a lookup's {@code on}
     */
    static Dataset<Row> apply(Dataset<Row> events, List<PointInTimeLookup> lookups, Function<String, Dataset<Row>> versions,
            Function<String, List<String>> keysOf) {
        Dataset<Row> joined = events;
        for (PointInTimeLookup lookup : lookups) {
            List<String> keys = keysOf.apply(lookup.table());
            List<Column> dimension = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                dimension.add(col(keys.get(i)).as(lookupColumn(lookup, i)));
            }
            dimension.add(col(EventColumns.EFFECTIVE_FROM).as(lookupColumn(lookup, "from")));
            dimension.add(col(EventColumns.EFFECTIVE_FROM).as(lookup.as()));
            dimension.add(col(EventColumns.EFFECTIVE_TO).as(lookupColumn(lookup, "to")));
            Dataset<Row> valid = versions.apply(lookup.table()).select(dimension.toArray(Column[]::new));
            Column at = joined.col(lookup.at());
            Column condition = at.geq(valid.col(lookupColumn(lookup, "from")))
                    .and(valid.col(lookupColumn(lookup, "to")).isNull().or(at.lt(valid.col(lookupColumn(lookup, "to")))));
            for (int i = 0; i < keys.size(); i++) {
                condition = condition.and(joined.col(lookup.on().get(i)).eqNullSafe(valid.col(lookupColumn(lookup, i))));
            }
            List<String> helpers = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                helpers.add(lookupColumn(lookup, i));
            }
            helpers.add(lookupColumn(lookup, "from"));
            helpers.add(lookupColumn(lookup, "to"));
            joined = joined.join(valid, condition, "left").drop(helpers.toArray(String[]::new));
        }
        return joined;
    }

    private static String lookupColumn(PointInTimeLookup lookup, Object part) {
        return "_lookup_" + lookup.as() + "_" + part;
    }
}
