package io.medallion.bench.duckdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV record into its fields, for the few lines DuckDB's reader rejects: Medallion
 * quarantines such a line with the fields it does have (Spark keeps them) and checks every rule on
 * them, so the line has to be split again, and DuckDB offers no function for that. A field is quoted
 * when it starts with the quote; inside it a doubled quote (or, when the escape differs from the
 * quote, the escape before any character) stands for that character; text after the closing quote
 * and quotes inside an unquoted field are kept as they are. Empty fields are null, quoted or not,
 * as both Spark and DuckDB read them.
 */
final class CsvLineSplitter {
    private final char delimiter;
    private final char quote;
    private final char escape;

    CsvLineSplitter(char delimiter, char quote, char escape) {
        this.delimiter = delimiter;
        this.quote = quote;
        this.escape = escape;
    }

    List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean atFieldStart = true;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (atFieldStart && c == quote) {
                quoted = true;
                atFieldStart = false;
                i++;
            } else if (quoted && c == escape && escape != quote && i + 1 < line.length()) {
                field.append(line.charAt(i + 1));
                i += 2;
            } else if (quoted && c == quote) {
                if (escape == quote && i + 1 < line.length() && line.charAt(i + 1) == quote) {
                    field.append(quote);
                    i += 2;
                } else {
                    quoted = false;
                    i++;
                }
            } else if (!quoted && c == delimiter) {
                fields.add(valueOf(field));
                field.setLength(0);
                atFieldStart = true;
                i++;
            } else {
                field.append(c);
                atFieldStart = false;
                i++;
            }
        }
        fields.add(valueOf(field));
        return fields;
    }

    private static String valueOf(StringBuilder field) {
        return field.isEmpty() ? null : field.toString();
    }
}
