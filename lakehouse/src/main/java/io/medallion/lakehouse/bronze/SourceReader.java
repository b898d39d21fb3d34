package io.medallion.lakehouse.bronze;

import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.raw.LandedFile;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads landed files of one format into rows that bronze validates. {@link #read} returns one column
 * per declared column, named after it, holding the value as it arrived (text for CSV and JSON, the
 * file's own type for Parquet and Avro), plus {@code _rescued_data} (columns the table does not
 * declare, as JSON), {@code _corrupt_record} (set where the reader could not make a record of the
 * input) and {@code _source_file}. Nothing is typed or dropped here.
 */
interface SourceReader {
    /** Whether a landed file can be read at all; a rejected file is quarantined whole. */
    Optional<FileRejection> check(LandedFile file);

    /** The rows of files that passed {@link #check}. Lazy: nothing is read until an action runs. */
    Dataset<Row> read(List<LandedFile> files);

    /**
     * The record as it arrived, for quarantine, evaluated on the rows {@link #read} returns. Null
     * means the declared columns say it all: quarantine then keeps them, as JSON.
     */
    Column rawRecord();

    /**
     * True for rows that hold no record at all and are skipped, neither loaded nor quarantined; the
     * raw manifests count them as blank lines. Only delimited text has such rows.
     */
    default Column isBlank() {
        return org.apache.spark.sql.functions.lit(false);
    }

    /** How the files checked so far differ from the declared columns, one entry per file that does. */
    default List<SchemaDifference> schemaDifferences() {
        return List.of();
    }

    /**
     * Whether rows of the files read so far can hold {@code _rescued_data}: only when a file brought
     * columns the table does not declare. Formats whose records differ one by one (JSON) always can.
     */
    default boolean mayRescue() {
        return schemaDifferences().stream().anyMatch(difference -> !difference.added().isEmpty());
    }

    static SourceReader of(SparkSession spark, TableConfig table, SourceConfig source) {
        return switch (source.format()) {
            case CSV -> new CsvSourceReader(spark, table, source);
            case JSON -> new JsonSourceReader(spark, table, source);
            case PARQUET, AVRO -> new ColumnarSourceReader(spark, table, source);
        };
    }
}
