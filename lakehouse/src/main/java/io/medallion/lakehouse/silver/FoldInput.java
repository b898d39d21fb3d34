package io.medallion.lakehouse.silver;

import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of a silver table, and the one row shape {@link KeyFold} reads: a table row or an
 * event, tagged with a {@link Kind}. Its columns are the keys, the values, the sequence, the
 * operation, the SCD2 columns, is_deleted, then the kind; what a row lacks is null.
 */
final class FoldInput {
    static final String KIND = "__merge_kind";
    static final String ACTION = "__merge_action";

    /** Where a row of the fold's input comes from. */
    enum Kind {
        /** A row the table holds. */
        HELD,
        /** An event applied after the held state. */
        NEW_EVENT,
        /** An event of a key rebuilt from its whole history: the key's held rows are only compared with the result. */
        RECOMPUTED_EVENT
    }

    private final MergeSpec spec;
    private final StructType events;

    FoldInput(MergeSpec spec, StructType events) {
        this.spec = spec;
        this.events = events;
    }

    private DataType sequenceType() {
        return events.apply(spec.sequence()).dataType();
    }

    /** The silver table's columns: keys, values, sequence, the SCD2 columns, then is_deleted for soft deletes. */
    StructType table() {
        List<StructField> fields = new ArrayList<>();
        for (String name : dataColumns()) {
            fields.add(DataTypes.createStructField(name, events.apply(name).dataType(), true));
        }
        if (spec.load() == LoadType.SCD2) {
            fields.add(DataTypes.createStructField(EventColumns.EFFECTIVE_FROM, sequenceType(), true));
            fields.add(DataTypes.createStructField(EventColumns.EFFECTIVE_TO, sequenceType(), true));
            fields.add(DataTypes.createStructField(EventColumns.IS_CURRENT, DataTypes.BooleanType, true));
            fields.add(DataTypes.createStructField(EventColumns.VERSION, DataTypes.IntegerType, true));
        }
        if (spec.softDeletes()) {
            fields.add(DataTypes.createStructField(EventColumns.IS_DELETED, DataTypes.BooleanType, true));
        }
        return DataTypes.createStructType(fields);
    }

    /** The table's columns and the MERGE action of the row. */
    StructType changes() {
        return table().add(ACTION, DataTypes.StringType, false);
    }

    /** Events (with the columns {@link MergeSpec} names) in the fold's shape. */
    Dataset<Row> events(Dataset<Row> events, Kind kind) {
        List<Column> columns = new ArrayList<>(dataColumns().stream().map(Columns::named).toList());
        columns.add(Columns.named(EventColumns.OPERATION));
        columns.add(lit(null).cast(sequenceType()).as(EventColumns.EFFECTIVE_FROM));
        columns.add(lit(null).cast(sequenceType()).as(EventColumns.EFFECTIVE_TO));
        columns.add(lit(null).cast(DataTypes.BooleanType).as(EventColumns.IS_CURRENT));
        columns.add(lit(null).cast(DataTypes.IntegerType).as(EventColumns.VERSION));
        columns.add(lit(null).cast(DataTypes.BooleanType).as(EventColumns.IS_DELETED));
        columns.add(lit(kind.name()).as(KIND));
        return events.select(columns.toArray(Column[]::new));
    }

    /** Rows of the table (with at least the columns {@link #table()} names) in the fold's shape. */
    Dataset<Row> held(Dataset<Row> rows) {
        boolean scd2 = spec.load() == LoadType.SCD2;
        List<Column> columns = new ArrayList<>(dataColumns().stream().map(Columns::named).toList());
        columns.add(lit(null).cast(DataTypes.StringType).as(EventColumns.OPERATION));
        columns.add(scd2 ? Columns.named(EventColumns.EFFECTIVE_FROM) : lit(null).cast(sequenceType()).as(EventColumns.EFFECTIVE_FROM));
        columns.add(scd2 ? Columns.named(EventColumns.EFFECTIVE_TO) : lit(null).cast(sequenceType()).as(EventColumns.EFFECTIVE_TO));
        columns.add(scd2 ? Columns.named(EventColumns.IS_CURRENT) : lit(null).cast(DataTypes.BooleanType).as(EventColumns.IS_CURRENT));
        columns.add(scd2 ? Columns.named(EventColumns.VERSION) : lit(null).cast(DataTypes.IntegerType).as(EventColumns.VERSION));
        columns.add(spec.softDeletes() ? Columns.named(EventColumns.IS_DELETED) : lit(null).cast(DataTypes.BooleanType).as(EventColumns.IS_DELETED));
        columns.add(lit(Kind.HELD.name()).as(KIND));
        return rows.select(columns.toArray(Column[]::new));
    }

    /** Keys, values, then the sequence: the columns events and table rows share. */
    List<String> dataColumns() {
        List<String> names = new ArrayList<>(spec.keys());
        names.addAll(spec.values());
        names.add(spec.sequence());
        return names;
    }
}
