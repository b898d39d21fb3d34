package io.medallion.lakehouse.raw;

import io.medallion.lakehouse.config.FileFormat;
import io.medallion.lakehouse.config.SourceConfig;
import java.util.Optional;

/**
 * What landing learns of a text file from its bytes as they stream past: records and blank lines
 * (line formats only), the first bytes its charset cannot decode, and whether quoted fields hold line
 * breaks. Compressed files are inspected on their decompressed bytes; a file that cannot be
 * decompressed is left {@link #unknown()}, for bronze to quarantine.
 */
final class TextInspection {
    private final SourceConfig source;
    private final RecordCounter counter;
    private final Optional<EncodingCheck> encoding;
    private boolean known = true;

    private TextInspection(SourceConfig source) {
        this.source = source;
        this.counter = new RecordCounter(quoteByte(source), delimiterByte(source));
        this.encoding = source.format().isText() ? Optional.of(new EncodingCheck(source.charset())) : Optional.empty();
    }

    static TextInspection of(SourceConfig source) {
        return new TextInspection(source);
    }

    /**
     * The source settings an inspection's findings depend on: a raw file inspected under other
     * settings (the encoding or quote fixed in the config since) must be inspected again before a
     * backfill or full refresh trusts its manifest.
     */
    static String settingsOf(SourceConfig source) {
        return String.join("|", source.format().key(), source.charset().name(), String.valueOf(delimiterByte(source)),
                String.valueOf(quoteByte(source)), source.option("header", "true"), source.records().orElse(""));
    }

    void update(byte[] buffer, int length) {
        counter.update(buffer, length);
        if (encoding.isPresent()) {
            encoding.get().update(buffer, length);
        }
    }

    void finish() {
        counter.finish();
        encoding.ifPresent(EncodingCheck::finish);
    }

    /** Marks the counts unknown: the bytes could not all be read (a truncated archive). */
    void unknown() {
        known = false;
    }

    /** Records in the file, without the CSV header; -1 where records are not lines or the bytes were not all read. */
    long records() {
        if (!known || !lineFormat()) {
            return -1;
        }
        boolean header = source.format() == FileFormat.CSV && Boolean.parseBoolean(source.option("header", "true"));
        return counter.records() - (header && counter.records() > 0 ? 1 : 0);
    }

    long blankLines() {
        return known && lineFormat() ? counter.blankLines() : -1;
    }

    Optional<String> encodingProblem() {
        return known ? encoding.flatMap(EncodingCheck::problem) : Optional.empty();
    }

    boolean quotedLineBreaks() {
        return counter.quotedLineBreaks();
    }

    /** Lines are records in CSV and JSON Lines; a whole JSON document's records are not lines. */
    private boolean lineFormat() {
        return source.format() == FileFormat.CSV || (source.format() == FileFormat.JSON && source.records().isEmpty());
    }

    private static int delimiterByte(SourceConfig source) {
        if (source.format() != FileFormat.CSV) {
            return -1;
        }
        String delimiter = source.option("delimiter", source.option("sep", ","));
        return delimiter.length() == 1 ? delimiter.charAt(0) : -1;
    }

    private static int quoteByte(SourceConfig source) {
        if (source.format() != FileFormat.CSV) {
            return -1;
        }
        String quote = source.option("quote", "\"");
        return quote.isEmpty() ? -1 : quote.charAt(0);
    }
}
