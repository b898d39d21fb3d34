package io.medallion.lakehouse.bronze;

import io.medallion.lakehouse.config.ColumnConfig;
import io.medallion.lakehouse.config.FileFormat;
import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.raw.LandedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * Decides, from the first bytes of a landed text file (CSV or JSON), whether it can be read at all:
 * not empty, text rather than binary, valid in its charset, and for CSV with {@code header: true} a
 * header that names every required column. Columns are then read by header name; a file without a
 * required column is quarantined whole. Headers that differ from the declared columns are noted as
 * schema differences. Cost: reads at most 64 KiB per file, on the driver.
 */
final class TextFileCheck {
    private static final int PROBE_BYTES = 64 * 1024;

    private final Configuration hadoopConfiguration;
    private final SourceConfig source;
    private final TableConfig table;
    private final Map<String, List<String>> headers = new ConcurrentHashMap<>();
    private final List<SchemaDifference> differences = new CopyOnWriteArrayList<>();

    TextFileCheck(Configuration hadoopConfiguration, SourceConfig source, TableConfig table) {
        this.hadoopConfiguration = hadoopConfiguration;
        this.source = source;
        this.table = table;
    }

    /** The header of a CSV file that passed {@link #check}, as written (trimmed); empty for files without one. */
    Optional<List<String>> header(LandedFile file) {
        if (!hasHeader()) {
            return Optional.empty();
        }
        return Optional.of(headers.computeIfAbsent(file.rawPath(), path -> {
            try {
                return headerFields(readHead(new Path(path)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
    }

    /** How the headers of the checked files differ from the declared columns. */
    List<SchemaDifference> differences() {
        return List.copyOf(differences);
    }

    private boolean hasHeader() {
        return source.format() == FileFormat.CSV && Boolean.parseBoolean(source.option("header", "true"));
    }

    Optional<FileRejection> check(LandedFile file) {
        if (file.source().size() == 0) {
            return reject(file, "file_empty", "the file is empty");
        }
        byte[] head;
        try {
            head = readHead(new Path(file.rawPath()));
        } catch (IOException e) {
            return reject(file, "file_unreadable", "the file cannot be read: " + e.getMessage());
        }
        // NUL bytes mean binary data, except in charsets of two or four bytes per character (UTF-16, UTF-32).
        boolean singleByteNewline = "\n".getBytes(source.charset()).length == 1;
        for (byte b : head) {
            if (b == 0 && singleByteNewline) {
                return reject(file, "file_not_text", "the file holds binary data, not " + source.format().key() + " text");
            }
        }
        if (file.encodingProblem().isPresent()) {
            return reject(file, "file_encoding", file.encodingProblem().get() + "; if the source writes another encoding, set it as "
                    + "sources." + source.name() + ".options.encoding (e.g. ISO-8859-1, windows-1252)");
        }
        if (!hasHeader()) {
            return Optional.empty();
        }
        List<String> found = headerFields(head);
        Set<String> foundNames = found.stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<String> missingRequired = table.columns().stream()
                .filter(c -> c.required() || table.keys().contains(c.name()))
                .map(ColumnConfig::name).filter(c -> !foundNames.contains(c.toLowerCase(Locale.ROOT))).toList();
        if (!missingRequired.isEmpty()) {
            return reject(file, "header_mismatch", "the header " + found + " lacks the required columns " + missingRequired
                    + "; update the table's columns in the config if the source changed");
        }
        headers.put(file.rawPath(), found);
        SchemaDifference.of(file.rawPath(), table, found).ifPresent(differences::add);
        return Optional.empty();
    }

    private byte[] readHead(Path path) throws IOException {
        FileSystem fs = path.getFileSystem(hadoopConfiguration);
        CompressionCodec codec = new CompressionCodecFactory(hadoopConfiguration).getCodec(path);
        try (InputStream raw = fs.open(path); InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
            return in.readNBytes(PROBE_BYTES);
        }
    }

    private List<String> headerFields(byte[] head) {
        String text = new String(head, source.charset());
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        int end = text.indexOf('\n');
        String line = (end < 0 ? text : text.substring(0, end)).replace("\r", "");
        String delimiter = source.option("delimiter", source.option("sep", ","));
        char quote = source.option("quote", "\"").isEmpty() ? '\0' : source.option("quote", "\"").charAt(0);
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == quote) {
                quoted = !quoted;
            } else if (!quoted && line.startsWith(delimiter, i)) {
                fields.add(field.toString().trim());
                field.setLength(0);
                i += delimiter.length() - 1;
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString().trim());
        return fields;
    }

    private static Optional<FileRejection> reject(LandedFile file, String rule, String reason) {
        return Optional.of(new FileRejection(file.rawPath(), rule, reason));
    }
}
