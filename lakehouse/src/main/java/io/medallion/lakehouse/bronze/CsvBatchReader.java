package io.medallion.lakehouse.bronze;

import static org.apache.spark.sql.functions.col;

import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.raw.LandedFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads landed CSV files with every declared column as text, in declared order, plus the reader's
 * corrupt-record column and {@code _source_file}. Nothing is typed or dropped here: a line the
 * reader cannot split keeps its text in the corrupt-record column for the rules to reject.
 */
final class CsvBatchReader {
    private static final Logger LOG = LoggerFactory.getLogger(CsvBatchReader.class);

    private final SparkSession spark;
    private final TableConfig table;
    private final SourceConfig source;

    CsvBatchReader(SparkSession spark, TableConfig table, SourceConfig source) {
        this.spark = spark;
        this.table = table;
        this.source = source;
    }

    Dataset<Row> read(List<LandedFile> files) {
        String[] paths = files.stream().map(LandedFile::rawPath).toArray(String[]::new);
        return reader(paths).withColumn(MetadataColumns.SOURCE_FILE, col("_metadata.file_path"));
    }

    /**
     * Reads each file on its own to find the ones the reader cannot get through (a truncated
     * archive, say), adds them to {@code rejected} and returns the others. Run only after a read of
     * the whole batch failed; when no single file fails, that failure is reported as it is.
     */
    List<LandedFile> withoutUnreadable(List<LandedFile> files, List<FileRejection> rejected, Exception batchFailure) {
        List<LandedFile> readable = new ArrayList<>();
        for (LandedFile file : files) {
            try {
                reader(file.rawPath()).count();
                readable.add(file);
            } catch (Exception e) { // Spark throws SparkException without declaring it
                FileRejection rejection = new FileRejection(file.rawPath(), "file_unreadable", "the file cannot be read: " + Errors.rootMessage(e));
                LOG.warn("Bronze {}: quarantined file {}: {}", table.qualifiedName(), file.rawPath(), rejection.reason());
                rejected.add(rejection);
            }
        }
        if (readable.size() == files.size()) {
            throw Errors.jobFailed("Reading the files of " + table.qualifiedName() + " failed: " + Errors.rootMessage(batchFailure), batchFailure);
        }
        return readable;
    }

    private Dataset<Row> reader(String... paths) {
        StructType schema = new StructType();
        for (String column : table.columnNames()) {
            schema = schema.add(column, DataTypes.StringType, true);
        }
        schema = schema.add(MetadataColumns.CORRUPT_RECORD, DataTypes.StringType, true);
        Map<String, String> options = new HashMap<>(source.options());
        options.putIfAbsent("header", "true");
        options.put("mode", "PERMISSIVE");
        options.put("columnNameOfCorruptRecord", MetadataColumns.CORRUPT_RECORD);
        // Positions, not header names, map fields to columns; CsvFileCheck has already compared the header.
        options.put("enforceSchema", "true");
        return spark.read().schema(schema).options(options).csv(paths);
    }
}
