package io.medallion.lakehouse.bronze;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.ltrim;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.medallion.lakehouse.config.ColumnConfig;
import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.raw.LandedFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads JSON Lines, or whole JSON documents whose records sit in one array (the source's
 * {@code records}, e.g. {@code {"products": [...]}}). Each record's text is kept, parsed once, and
 * every declared column taken from its {@code path}: top-level fields directly, deeper ones from
 * the nested field's JSON text, so nested data can be flattened or kept (as JSON or a nested type)
 * per column. Values stay text: numbers and booleans as written, objects and arrays as JSON.
 *
 * <p>A line that is not a JSON object (or holds a second value after it), or a document that does
 * not parse or has no records array, becomes a row with {@code _corrupt_record} set; blank lines are
 * skipped (the raw manifest counts them apart). A file with a second document is quarantined whole.
 */
final class JsonSourceReader extends TextSourceReader {
    static final String RECORD_TEXT = "_record_text";
    private static final String PARSED = "_parsed";
    private static final UserDefinedFunction HOLDS_TRAILING_JSON = udf((UDF1<String, Boolean>) TrailingJson::inLine, DataTypes.BooleanType);

    JsonSourceReader(SparkSession spark, TableConfig table, SourceConfig source) {
        super(spark, table, source);
    }

    @Override
    public Dataset<Row> read(List<LandedFile> files) {
        String[] paths = files.stream().map(LandedFile::rawPath).toArray(String[]::new);
        Dataset<Row> records = source.records().isPresent() ? documentRecords(paths, source.records().get()) : lineRecords(paths);
        StructType topLevel = new StructType();
        for (String field : topLevelFields()) {
            topLevel = topLevel.add(field, DataTypes.StringType, true);
        }
        topLevel = topLevel.add(MetadataColumns.CORRUPT_RECORD, DataTypes.StringType, true);
        Dataset<Row> parsed = records.withColumn(PARSED, from_json(col(RECORD_TEXT), topLevel,
                Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", MetadataColumns.CORRUPT_RECORD)));
        List<Column> columns = new ArrayList<>();
        for (ColumnConfig column : table.columns()) {
            columns.add(valueAt(column.sourcePath()).as(column.name()));
        }
        Column notAnObject = col(RECORD_TEXT).isNotNull().and(col(PARSED).isNull());
        // A line with a second value after its object: Spark parsed the first and dropped the second.
        Column moreThanOneValue = col(RECORD_TEXT).rlike(TrailingJson.SUSPECT_LINE).and(HOLDS_TRAILING_JSON.apply(col(RECORD_TEXT)));
        columns.add(coalesce(col(MetadataColumns.CORRUPT_RECORD), col(PARSED + "." + MetadataColumns.CORRUPT_RECORD),
                when(notAnObject.or(moreThanOneValue), col(RECORD_TEXT))).as(MetadataColumns.CORRUPT_RECORD));
        columns.add(RescuedData.ofJsonObject(RECORD_TEXT, topLevelFields()));
        columns.add(col(RECORD_TEXT));
        columns.add(col(MetadataColumns.SOURCE_FILE));
        return parsed.select(columns.toArray(Column[]::new));
    }

    /**
     * Besides the text checks, a document file must hold one document: a second one after it, which
     * Spark would skip without a word, quarantines the file. Cost: one more read of each document
     * file, streamed through the driver's JSON tokenizer (record arrays are read as lines otherwise).
     */
    @Override
    public Optional<FileRejection> check(LandedFile file) {
        Optional<FileRejection> rejected = super.check(file);
        if (rejected.isPresent() || source.records().isEmpty()) {
            return rejected;
        }
        Path path = new Path(file.rawPath());
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        CompressionCodec codec = new CompressionCodecFactory(hadoop).getCodec(path);
        try (InputStream raw = path.getFileSystem(hadoop).open(path); InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
            return TrailingJson.after(new BufferedReader(new InputStreamReader(in, source.charset())))
                    .map(where -> new FileRejection(file.rawPath(), "file_many_documents", "the file holds more than one JSON document: "
                            + "another starts at " + where + "; write one document per file, or its records as JSON Lines without `records`"));
        } catch (IOException | RuntimeException e) { // codecs throw unchecked exceptions on corrupt input
            return Optional.empty(); // the read finds the file unreadable and quarantines it with the reader's own reason
        }
    }

    /** Any record may bring fields the table does not declare. */
    @Override
    public boolean mayRescue() {
        return true;
    }

    @Override
    public Column rawRecord() {
        return coalesce(col(MetadataColumns.CORRUPT_RECORD), col(RECORD_TEXT));
    }

    /** One row per non-blank line: the line's text, no corrupt record yet. */
    private Dataset<Row> lineRecords(String[] paths) {
        return spark.read().options(source.options()).text(paths)
                .filter(trim(col("value")).notEqual(lit("")))
                .select(ltrim(col("value"), BYTE_ORDER_MARK).as(RECORD_TEXT), lit(null).cast("string").as(MetadataColumns.CORRUPT_RECORD),
                        col("_metadata.file_path").as(MetadataColumns.SOURCE_FILE));
    }

    /**
     * One row per element of each document's records array, as JSON text; a document that does not
     * parse, or lacks the array, gives one row whose corrupt record says so.
     */
    private Dataset<Row> documentRecords(String[] paths, String recordsField) {
        StructType schema = new StructType()
                .add(recordsField, DataTypes.createArrayType(DataTypes.StringType), true)
                .add(MetadataColumns.CORRUPT_RECORD, DataTypes.StringType, true);
        Dataset<Row> documents = spark.read().schema(schema).options(source.options())
                .option("multiLine", "true").option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", MetadataColumns.CORRUPT_RECORD)
                .json(paths)
                .withColumn(MetadataColumns.SOURCE_FILE, col("_metadata.file_path"));
        Column usable = col(MetadataColumns.CORRUPT_RECORD).isNull().and(col(recordsField).isNotNull());
        Dataset<Row> records = documents.filter(usable).select(explode(col(recordsField)).as(RECORD_TEXT),
                lit(null).cast("string").as(MetadataColumns.CORRUPT_RECORD), col(MetadataColumns.SOURCE_FILE));
        Dataset<Row> broken = documents.filter(usable.equalTo(lit(false))).select(lit(null).cast("string").as(RECORD_TEXT),
                coalesce(col(MetadataColumns.CORRUPT_RECORD), lit("the document has no `" + recordsField + "` array of records"))
                        .as(MetadataColumns.CORRUPT_RECORD),
                col(MetadataColumns.SOURCE_FILE));
        return records.unionByName(broken);
    }

    /** A declared column's value: a top-level field of the parsed record, or a path into one of them. */
    private static Column valueAt(String path) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            return col(PARSED).getField(path);
        }
        return get_json_object(col(PARSED).getField(path.substring(0, dot)), "$." + path.substring(dot + 1));
    }

    private Set<String> topLevelFields() {
        Set<String> fields = new LinkedHashSet<>();
        for (ColumnConfig column : table.columns()) {
            String path = column.sourcePath();
            int dot = path.indexOf('.');
            fields.add(dot < 0 ? path : path.substring(0, dot));
        }
        return fields;
    }
}
