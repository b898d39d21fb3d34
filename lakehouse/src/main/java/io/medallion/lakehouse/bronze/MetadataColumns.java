package io.medallion.lakehouse.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.medallion.lakehouse.system.BatchContext;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The columns Medallion adds to bronze and quarantine rows, so every row can be traced to its file and batch. */
public final class MetadataColumns {
    public static final String SOURCE_FILE = "_source_file";
    public static final String INGEST_DATE = "_ingest_date";
    public static final String BATCH_ID = "_batch_id";
    public static final String RUN_ID = "_run_id";
    public static final String INGESTED_AT = "_ingested_at";
    /** Quarantine only: the record as it arrived (the reader's raw line, or its fields as JSON). */
    public static final String RAW_RECORD = "_raw_record";
    /** Quarantine only: the ids of the rules the row failed, for filtering. */
    public static final String FAILED_RULES = "_failed_rules";
    /** Columns the source sent that the table does not declare, as JSON (see {@link RescuedData}). */
    public static final String RESCUED_DATA = "_rescued_data";
    /** The reader's column for lines it could not split into the declared columns. */
    static final String CORRUPT_RECORD = "_corrupt_record";

    private static final List<String> TRACE = List.of(SOURCE_FILE, INGEST_DATE, BATCH_ID, RUN_ID, INGESTED_AT);

    private MetadataColumns() {}

    /**
     * The batch's values of {@code _ingest_date}, {@code _batch_id}, {@code _run_id},
     * {@code _ingested_at}, for rows that have their {@code _source_file}. The ingest date is the raw
     * partition the row's file landed in, which for a late file is its own date, not the run's.
     */
    static Column[] batchValues(BatchContext batch, String batchId) {
        Column rawPartition = regexp_extract(col(SOURCE_FILE), "/ingest_date=([0-9]{4}-[0-9]{2}-[0-9]{2})/", 1);
        return new Column[] {
            when(rawPartition.notEqual(lit("")), to_date(rawPartition)).otherwise(lit(Date.valueOf(batch.ingestDate()))).as(INGEST_DATE),
            lit(batchId).as(BATCH_ID),
            lit(batch.runId()).as(RUN_ID),
            lit(Timestamp.from(batch.startedAt())).as(INGESTED_AT)
        };
    }

    /** References to the five trace columns, in table order, to append to a projection. */
    static List<Column> trace() {
        return TRACE.stream().map(name -> col(name)).toList();
    }

    /** {@code schema} with the five trace columns appended. */
    static StructType withTrace(StructType schema) {
        return schema.add(SOURCE_FILE, DataTypes.StringType, true)
                .add(INGEST_DATE, DataTypes.DateType, true)
                .add(BATCH_ID, DataTypes.StringType, true)
                .add(RUN_ID, DataTypes.StringType, true)
                .add(INGESTED_AT, DataTypes.TimestampType, true);
    }
}
