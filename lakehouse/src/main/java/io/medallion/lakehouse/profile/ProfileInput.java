package io.medallion.lakehouse.profile;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import io.medallion.lakehouse.config.FileFormat;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.lakehouse.raw.RawLanding;
import io.medallion.lakehouse.raw.SourceFile;
import io.medallion.quality.rows.RowChecks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The rows a profile reads: a table's Delta data (its declared columns), or the files waiting in a
 * source's landing folder, read the way bronze reads text before typing it: CSV and JSON values all
 * as strings, Parquet and Avro with their own types.
 */
public final class ProfileInput {
    private final SparkSession spark;
    private final PipelineConfig config;

    public ProfileInput(SparkSession spark, PipelineConfig config) {
        this.spark = spark;
        this.config = config;
    }

    /** The declared columns of the table's rows. */
    public Dataset<Row> table(TableConfig table) {
        TableRef ref = LakehouseLayout.at(config.root()).table(table);
        if (!DeltaTables.exists(spark, ref)) {
            throw Errors.badUsage(table.qualifiedName() + " has no data yet at " + ref.catalogName().orElse(ref.path())
                    + ": run the pipeline first, or profile its source's files with --source " + table.source().orElse("<source>"));
        }
        Column[] columns = table.columnNames().stream().map(c -> col(RowChecks.quote(c))).toArray(Column[]::new);
        return DeltaTables.read(spark, ref).select(columns);
    }

    /**
     * The source named {@code sourceName}, checked before Spark starts: it must be declared and
     * deliver files (a database table has none to profile).
     */
    public static SourceConfig profilableSource(PipelineConfig config, String sourceName) {
        if (!config.sources().containsKey(sourceName)) {
            throw Errors.badUsage("--source names " + sourceName + ", which " + config.file() + " does not declare. Declared sources: "
                    + String.join(", ", config.sources().keySet()));
        }
        SourceConfig source = config.source(sourceName);
        if (source.jdbc().isPresent()) {
            throw Errors.badUsage("Source " + sourceName + " is a database table, which has no landing files to profile: run the pipeline "
                    + "once, then profile its bronze table with --table");
        }
        return source;
    }

    /** Every file in the source's landing folder that matches its {@code files} glob (see {@link #profilableSource}). */
    public Dataset<Row> source(SourceConfig source) {
        List<SourceFile> files = new RawLanding(spark.sparkContext().hadoopConfiguration(), LakehouseLayout.at(config.root())).discover(source);
        if (files.isEmpty()) {
            throw Errors.badUsage("Source " + source.name() + " has no files matching " + source.filePattern() + " in " + source.location()
                    + " to profile; put a sample file there (sources." + source.name() + ".location)");
        }
        String[] paths = files.stream().map(SourceFile::path).toArray(String[]::new);
        Map<String, String> options = new HashMap<>(source.options());
        return switch (source.format()) {
            case CSV -> {
                options.putIfAbsent("header", "true");
                options.putIfAbsent("escape", "\"");
                options.put("inferSchema", "false");
                yield spark.read().options(options).csv(paths);
            }
            case JSON -> {
                options.put("primitivesAsString", "true");
                options.putIfAbsent("multiLine", Boolean.toString(source.records().isPresent()));
                Dataset<Row> read = spark.read().options(options).json(paths);
                yield source.records().isPresent()
                        ? read.select(explode(col(RowChecks.quote(source.records().get()))).as("record")).select("record.*")
                        : read;
            }
            case PARQUET, AVRO -> spark.read().format(source.format() == FileFormat.AVRO ? "avro" : "parquet").options(options).load(paths);
        };
    }
}
