package io.medallion.lakehouse.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.medallion.lakehouse.config.ColumnConfig;
import io.medallion.lakehouse.config.ColumnType;
import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.raw.LandedFile;
import io.medallion.quality.rows.RowChecks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads Parquet and Avro, whose files carry their own schema. Each file's schema is checked first:
 * a file without a required column is quarantined whole, with the columns it lacks and has. Files
 * are then read in groups of equal schema and unioned by name, so a source whose schema changed
 * between files still loads; a declared optional column a file lacks is null. Values keep the
 * file's types; bronze converts them to the declared ones, and a value that does not convert fails
 * its row instead of becoming null. Cost: one footer (Parquet) or header (Avro) read per file.
 */
final class ColumnarSourceReader implements SourceReader {
    private final SparkSession spark;
    private final TableConfig table;
    private final SourceConfig source;
    private final Map<String, StructType> schemas = new ConcurrentHashMap<>();
    private final List<SchemaDifference> differences = new CopyOnWriteArrayList<>();

    ColumnarSourceReader(SparkSession spark, TableConfig table, SourceConfig source) {
        this.spark = spark;
        this.table = table;
        this.source = source;
    }

    @Override
    public Optional<FileRejection> check(LandedFile file) {
        if (file.source().size() == 0) {
            return Optional.of(new FileRejection(file.rawPath(), "file_empty", "the file is empty"));
        }
        StructType schema;
        try {
            schema = reader().load(file.rawPath()).schema();
        } catch (Exception e) { // Spark throws checked exceptions without declaring them
            return Optional.of(new FileRejection(file.rawPath(), "file_unreadable",
                    "the file is not readable as " + source.format().key() + ": " + Errors.rootMessage(e)));
        }
        List<String> missing = new ArrayList<>();
        for (ColumnConfig column : table.columns()) {
            if (column.required() && !has(schema, column.sourcePath())) {
                missing.add(column.sourcePath());
            }
        }
        if (!missing.isEmpty()) {
            return Optional.of(new FileRejection(file.rawPath(), "file_schema_mismatch",
                    "the file lacks the required columns " + missing + "; it has " + List.of(schema.fieldNames())
                            + ". Fix the source, or make the columns optional in the table's config"));
        }
        schemas.put(file.rawPath(), schema);
        SchemaDifference.of(file.rawPath(), table, List.of(schema.fieldNames()), retyped(schema)).ifPresent(differences::add);
        return Optional.empty();
    }

    @Override
    public Dataset<Row> read(List<LandedFile> files) {
        Map<StructType, List<String>> groups = new LinkedHashMap<>();
        for (LandedFile file : files) {
            StructType schema = schemas.computeIfAbsent(file.rawPath(), path -> reader().load(path).schema());
            groups.computeIfAbsent(schema, s -> new ArrayList<>()).add(file.rawPath());
        }
        Dataset<Row> result = null;
        for (Map.Entry<StructType, List<String>> group : groups.entrySet()) {
            Dataset<Row> rows = reader().load(group.getValue().toArray(String[]::new));
            List<Column> columns = new ArrayList<>();
            for (ColumnConfig column : table.columns()) {
                Column value = has(group.getKey(), column.sourcePath()) ? col(column.sourcePath()) : lit(null);
                columns.add(value.as(column.name()));
            }
            columns.add(RescuedData.ofColumns(undeclared(group.getKey())));
            columns.add(lit(null).cast("string").as(MetadataColumns.CORRUPT_RECORD));
            columns.add(col("_metadata.file_path").as(MetadataColumns.SOURCE_FILE));
            Dataset<Row> selected = rows.select(columns.toArray(Column[]::new));
            result = result == null ? selected : result.unionByName(selected);
        }
        return result;
    }

    @Override
    public List<SchemaDifference> schemaDifferences() {
        return List.copyOf(differences);
    }

    /** The file's top-level fields that no declared column is read from. */
    private List<String> undeclared(StructType schema) {
        Set<String> roots = table.columns().stream().map(SchemaDifference::root).collect(Collectors.toSet());
        return Arrays.stream(schema.fieldNames()).filter(f -> !roots.contains(f.toLowerCase(Locale.ROOT))).toList();
    }

    /**
     * Declared top-level columns the file holds in another type than declared, as file type: a
     * value that does not convert fails its row; this tells the person why many rows failed.
     */
    private Map<String, String> retyped(StructType schema) {
        Map<String, String> retyped = new TreeMap<>();
        for (ColumnConfig column : table.columns()) {
            if (column.sourcePath().contains(".") || column.type().kind() == ColumnType.Kind.JSON) {
                continue;
            }
            Arrays.stream(schema.fields()).filter(f -> f.name().equalsIgnoreCase(column.sourcePath())).findFirst()
                    .filter(f -> !f.dataType().sameType(DataType.fromDDL(column.type().sqlName())))
                    .ifPresent(f -> retyped.put(column.name(), f.dataType().simpleString() + " (declared " + DataType.fromDDL(column.type().sqlName()).simpleString() + ")"));
        }
        return retyped;
    }

    @Override
    public Column rawRecord() {
        return to_json(struct(table.columnNames().stream().map(c -> col(RowChecks.quote(c))).toArray(Column[]::new)));
    }

    private org.apache.spark.sql.DataFrameReader reader() {
        return spark.read().format(source.format().key()).options(source.options());
    }

    /** Whether a (possibly nested, dot-separated) field exists in the schema. */
    private static boolean has(StructType schema, String path) {
        StructType current = schema;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            Optional<StructField> field = Arrays.stream(current.fields())
                    .filter(f -> f.name().equalsIgnoreCase(part)).findFirst();
            if (field.isEmpty()) {
                return false;
            }
            if (i < parts.length - 1) {
                if (!(field.get().dataType() instanceof StructType nested)) {
                    return false;
                }
                current = nested;
            }
        }
        return true;
    }
}
