package io.medallion.lakehouse.raw;

/**
 * Counts the records of a delimited text stream as it is copied, byte by byte: a record ends at a
 * line feed outside a quoted field (RFC 4180 quoting, so quoted fields may hold line breaks). Lines
 * with nothing but white space and delimiters (the {@code ,,,,} rows spreadsheet exports end with)
 * are counted apart as blank: they are skipped, not records. For JSON Lines pass {@code -1} for both
 * the quote and the delimiter.
 */
final class RecordCounter {
    private final int quote;
    private final int delimiter;
    private boolean inQuotes;
    private boolean recordHasContent;
    private boolean recordStarted;
    private long records;
    private long blankLines;
    private boolean quotedLineBreaks;

    RecordCounter(int quote, int delimiter) {
        this.quote = quote;
        this.delimiter = delimiter;
    }

    void update(byte[] buffer, int length) {
        for (int i = 0; i < length; i++) {
            int b = buffer[i] & 0xFF;
            if (b == quote) {
                inQuotes = !inQuotes;
                recordStarted = true;
            } else if (b == '\n' && !inQuotes) {
                endRecord();
            } else if (b == '\n') {
                quotedLineBreaks = true;
            } else {
                recordStarted = true;
                if (b != ' ' && b != '\t' && b != '\r' && b != delimiter) {
                    recordHasContent = true;
                }
            }
        }
    }

    /** Counts a last record that has no line feed after it. */
    void finish() {
        if (recordStarted) {
            endRecord();
        }
    }

    long records() {
        return records;
    }

    /** Whether a line feed was seen inside a quoted field. */
    boolean quotedLineBreaks() {
        return quotedLineBreaks;
    }

    long blankLines() {
        return blankLines;
    }

    private void endRecord() {
        if (recordHasContent) {
            records++;
        } else {
            blankLines++;
        }
        recordHasContent = false;
        recordStarted = false;
    }
}
