package io.medallion.lakehouse.bronze;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.ltrim;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;

import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.raw.LandedFile;
import io.medallion.quality.rows.RowChecks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
        // Files with line breaks inside quoted fields are read record by record, which Spark cannot
        // split across tasks; the others, line by line, in parallel. Landing has told which is which.
        Map<Boolean, List<String>> byLineBreaks = files.stream().collect(Collectors.partitioningBy(LandedFile::quotedLineBreaks,
                Collectors.mapping(LandedFile::rawPath, Collectors.toList())));
        Dataset<Row> rows = null;
        for (Map.Entry<Boolean, List<String>> group : byLineBreaks.entrySet()) {
            if (group.getValue().isEmpty()) {
                continue;
            }
            Map<String, String> groupOptions = new HashMap<>(options);
            groupOptions.putIfAbsent("multiLine", group.getKey().toString());
            Dataset<Row> read = spark.read().schema(schema).options(groupOptions).csv(group.getValue().toArray(String[]::new))
                    .withColumn(MetadataColumns.SOURCE_FILE, col("_metadata.file_path"));
            rows = rows == null ? read : rows.unionByName(read);
        }
        if (Boolean.parseBoolean(options.get("header"))) {
            return rows; // a byte order mark sits in the header line, which is skipped
        }
        String first = table.columnNames().get(0);
        return rows.withColumn(first, ltrim(col(RowChecks.quote(first)), BYTE_ORDER_MARK));
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

    /** The reader's line for a malformed record; otherwise the fields, as JSON, so names stay next to values. */
    @Override
    public Column rawRecord() {
        Column fields = to_json(struct(table.columnNames().stream().map(c -> col(RowChecks.quote(c))).toArray(Column[]::new)));
        return coalesce(col(MetadataColumns.CORRUPT_RECORD), fields);
    }
}
