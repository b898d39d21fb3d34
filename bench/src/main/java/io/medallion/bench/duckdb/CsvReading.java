package io.medallion.bench.duckdb;

import io.medallion.lakehouse.config.FileFormat;
import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.error.Errors;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How DuckDB reads a source's CSV files for a bronze table: every declared column as VARCHAR by
 * position (the header line is skipped, not matched), with the source's Spark reader options
 * translated. Records with the wrong number of fields do not stop the read: DuckDB skips them and
 * stores each in a rejects table ({@code ignore_errors}, {@code store_rejects}), from which
 * {@link #rejectedLines} gives them back to be quarantined.
 *
 * <p>Spark options translated: {@code header}, {@code delimiter} or {@code sep}, {@code quote},
 * {@code escape}, {@code encoding} or {@code charset}; any other option is refused, since reading
 * the files differently from Medallion would make the comparison meaningless. Without
 * {@code escape}, DuckDB's RFC 4180 escape (a doubled quote) is used, where Spark's default is a
 * backslash; the two read the same files the same way unless a quoted value holds a quote.
 */
final class CsvReading {
    private static final Set<String> TRANSLATED_OPTIONS = Set.of("header", "delimiter", "sep", "quote", "escape", "encoding", "charset");

    private final TableConfig table;
    private final boolean header;
    private final char delimiter;
    private final char quote;
    private final Optional<Character> escape;
    private final Optional<String> encoding;

    CsvReading(TableConfig table, SourceConfig source) {
        this.table = table;
        if (source.format() != FileFormat.CSV) {
            throw Errors.badUsage("Source " + source.name() + " of table " + table.name() + " is " + source.format().key()
                    + ", but the DuckDB alternative reads only CSV sources; compare a table whose source is CSV.");
        }
        for (String option : source.options().keySet()) {
            if (!TRANSLATED_OPTIONS.contains(option.toLowerCase(Locale.ROOT))) {
                throw Errors.badUsage("Source " + source.name() + " sets the CSV option '" + option + "', which the DuckDB alternative"
                        + " does not translate, so DuckDB would read the files differently from Medallion; remove the option or"
                        + " teach CsvReading to translate it. Translated: " + TRANSLATED_OPTIONS.stream().sorted().toList());
            }
        }
        this.header = Boolean.parseBoolean(option(source, "header").orElse("true"));
        this.delimiter = singleCharacter(source, "delimiter", option(source, "delimiter").or(() -> option(source, "sep")).orElse(","));
        this.quote = singleCharacter(source, "quote", option(source, "quote").orElse("\""));
        this.escape = option(source, "escape").map(e -> singleCharacter(source, "escape", e));
        this.encoding = option(source, "encoding").or(() -> option(source, "charset")).map(e -> e.toLowerCase(Locale.ROOT));
    }

    /**
     * The {@code read_csv} call over {@code files}, giving the declared columns as text plus
     * {@code _source_file}, and storing skipped records in the two named temporary tables.
     */
    String readCsv(List<Path> files, String rejectsTable, String rejectsScanTable) {
        String paths = files.stream().map(f -> SqlText.literal(f.toAbsolutePath().toString())).collect(Collectors.joining(", "));
        String columns = table.columnNames().stream().map(c -> SqlText.literal(c) + ": 'VARCHAR'").collect(Collectors.joining(", "));
        StringBuilder call = new StringBuilder("read_csv([").append(paths).append("], auto_detect = false")
                .append(", header = ").append(header)
                .append(", delim = ").append(SqlText.literal(String.valueOf(delimiter)))
                .append(", quote = ").append(SqlText.literal(String.valueOf(quote)));
        escape.ifPresent(e -> call.append(", escape = ").append(SqlText.literal(String.valueOf(e))));
        encoding.ifPresent(e -> call.append(", encoding = ").append(SqlText.literal(e)));
        return call.append(", columns = {").append(columns).append("}")
                .append(", filename = '_source_file'")
                .append(", ignore_errors = true, store_rejects = true")
                .append(", rejects_table = ").append(SqlText.literal(rejectsTable))
                .append(", rejects_scan = ").append(SqlText.literal(rejectsScanTable))
                .append(")").toString();
    }

    /**
     * The records DuckDB skipped, one row each ({@code file}, {@code line}, {@code record}), in file
     * and line order. DuckDB stores one reject per missing column of a short record, and prefixes the
     * record with the line breaks of blank lines before it; both are undone here.
     */
    String rejectedLines(String rejectsTable, String rejectsScanTable) {
        return "SELECT s.file_path AS file, r.line AS line, trim(any_value(r.csv_line), chr(13) || chr(10)) AS record\n"
                + "FROM " + SqlText.identifier(rejectsTable) + " r JOIN " + SqlText.identifier(rejectsScanTable)
                + " s ON r.scan_id = s.scan_id AND r.file_id = s.file_id\n"
                + "GROUP BY s.file_path, r.line ORDER BY s.file_path, r.line";
    }

    /** Splits a rejected record the way this reading's delimiter, quote and escape do. */
    CsvLineSplitter splitter() {
        return new CsvLineSplitter(delimiter, quote, escape.orElse(quote));
    }

    private static Optional<String> option(SourceConfig source, String key) {
        return source.options().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key)).map(e -> e.getValue()).findFirst();
    }

    private static char singleCharacter(SourceConfig source, String option, String value) {
        String text = value.equals("\\t") ? "\t" : value;
        if (text.length() != 1) {
            throw Errors.badUsage("Source " + source.name() + " sets the CSV option '" + option + "' to '" + value
                    + "'; the DuckDB alternative takes a single character there. Use one character, or compare another source.");
        }
        return text.charAt(0);
    }
}
