package io.medallion.lakehouse.config;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a source delivers its files and how to read them. {@code location} is a folder (local path or
 * any Hadoop URI such as {@code s3a://bucket/landing/sales}); {@code filePattern} is a glob on file
 * names in it (default {@code *}); {@code options} are passed to Spark's reader for the format.
 * {@code records} names the array that holds the records when a JSON file is one whole document
 * (the catalog's {@code {"products": [...]}}); without it, JSON files are JSON Lines.
 * {@code fileDate} is the date format of the business date in file names ({@code yyyy-MM-dd}), when
 * they carry one: a file lands under its own date, however late it arrives.
 *
 * <p>A JDBC source ({@code format: jdbc}) has {@code jdbc} set: its extracts land in raw as Parquet,
 * so its {@code format} is {@link FileFormat#PARQUET} (what bronze reads) and its {@code location}
 * is the database URL, which never holds a password.
 */
public record SourceConfig(String name, String location, FileFormat format, String filePattern, Map<String, String> options,
        Optional<String> records, Optional<String> fileDate, Optional<JdbcSourceConfig> jdbc) {
    public SourceConfig {
        requireNonNull(name, "name is null");
        requireNonNull(location, "location is null");
        requireNonNull(format, "format is null");
        requireNonNull(filePattern, "filePattern is null");
        options = java.util.Collections.unmodifiableMap(new TreeMap<>(options));
        requireNonNull(records, "records is null");
        requireNonNull(fileDate, "fileDate is null");
        requireNonNull(jdbc, "jdbc is null");
    }

    /** The date a file belongs to: the one its name carries, when the source declares {@code file_date}. */
    public Optional<java.time.LocalDate> dateOf(String fileName) {
        return fileDate.flatMap(format -> io.medallion.lakehouse.raw.FileDates.of(format).dateOf(fileName));
    }

    /**
     * The charset text files are written in: the {@code encoding} (or {@code charset}) option, UTF-8 by
     * default. The loader has checked that the JVM knows it.
     */
    public java.nio.charset.Charset charset() {
        return java.nio.charset.Charset.forName(option("encoding", option("charset", "UTF-8")));
    }

    /**
     * Whether landing counts each delivery's records, which a reconciliation check compares the
     * batch's rows with: lines of CSV and JSON Lines, rows of a JDBC extract. Parquet, Avro and whole
     * JSON documents are not counted.
     */
    public boolean countsRecords() {
        return jdbc.isPresent() || format == FileFormat.CSV || (format == FileFormat.JSON && records.isEmpty());
    }

    /** A JDBC source, whose extracts land in raw as Parquet. */
    public static SourceConfig ofJdbc(String name, JdbcSourceConfig jdbc) {
        return new SourceConfig(name, jdbc.url(), FileFormat.PARQUET, "*.parquet", Map.of(), Optional.empty(), Optional.empty(), Optional.of(jdbc));
    }

    /** A reader option, or the default when the config does not set it. */
    public String option(String key, String defaultValue) {
        return options.getOrDefault(key, defaultValue);
    }
}
