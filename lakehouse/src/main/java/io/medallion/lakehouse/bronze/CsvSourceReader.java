package io.medallion.lakehouse.bronze;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;

import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.raw.LandedFile;
import io.medallion.quality.rows.RowChecks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads CSV with every declared column as text, by position, in declared order. A line the reader
 * cannot split into the declared columns keeps its text in {@code _corrupt_record}; the header has
 * been compared with the declared columns by {@link TextFileCheck} before.
 */
final class CsvSourceReader extends TextSourceReader {
    CsvSourceReader(SparkSession spark, TableConfig table, SourceConfig source) {
        super(spark, table, source);
    }

    @Override
    public Dataset<Row> read(List<LandedFile> files) {
        StructType schema = new StructType();
        for (String column : table.columnNames()) {
            schema = schema.add(column, DataTypes.StringType, true);
        }
        schema = schema.add(MetadataColumns.CORRUPT_RECORD, DataTypes.StringType, true);
        Map<String, String> options = new HashMap<>(source.options());
        options.putIfAbsent("header", "true");
        // RFC 4180 escapes a quote inside a quoted field by doubling it; Spark's default is a backslash.
        options.putIfAbsent("escape", "\"");
        options.put("mode", "PERMISSIVE");
        options.put("columnNameOfCorruptRecord", MetadataColumns.CORRUPT_RECORD);
        // Positions, not header names, map fields to columns; TextFileCheck has already compared the header.
        options.put("enforceSchema", "true");
        return spark.read().schema(schema).options(options).csv(files.stream().map(LandedFile::rawPath).toArray(String[]::new))
                .withColumn(MetadataColumns.SOURCE_FILE, col("_metadata.file_path"));
    }

    /** A row of empty fields only ({@code ,,,,}), which spreadsheet exports add by the thousand. */
    @Override
    public Column isBlank() {
        Column blank = col(MetadataColumns.CORRUPT_RECORD).isNull();
        for (String column : table.columnNames()) {
            blank = blank.and(coalesce(trim(col(RowChecks.quote(column))), lit("")).equalTo(lit("")));
        }
        return blank;
    }

    /**
     * The reader's line for a malformed record; null for a line it could split, whose fields
     * quarantine keeps as JSON instead (rendered only for the failing rows, after the scan).
     */
    @Override
    public Column rawRecord() {
        return col(MetadataColumns.CORRUPT_RECORD);
    }
}
