package io.medallion.lakehouse.bronze;

import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.raw.LandedFile;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** What the text formats (CSV, JSON) share: the session, the table, the source, and the head-of-file check. */
abstract class TextSourceReader implements SourceReader {
    /** U+FEFF, which some writers put before the first line; it belongs to no value. */
    static final String BYTE_ORDER_MARK = "\uFEFF";

    final SparkSession spark;
    final TableConfig table;
    final SourceConfig source;
    private final TextFileCheck fileCheck;

    TextSourceReader(SparkSession spark, TableConfig table, SourceConfig source) {
        this.spark = spark;
        this.table = table;
        this.source = source;
        this.fileCheck = new TextFileCheck(spark.sparkContext().hadoopConfiguration(), source, table);
    }

    @Override
    public Optional<FileRejection> check(LandedFile file) {
        return fileCheck.check(file);
    }

    /** The header of a checked file, when the source's files have one. */
    Optional<java.util.List<String>> header(LandedFile file) {
        return fileCheck.header(file);
    }

    @Override
    public java.util.List<SchemaDifference> schemaDifferences() {
        return fileCheck.differences();
    }
}
