package io.medallion.lakehouse.bronze;

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
    /** The reader's column for lines it could not split into the declared columns. */
    static final String CORRUPT_RECORD = "_corrupt_record";

    private MetadataColumns() {}
}
