package io.medallion.lakehouse.bronze;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.StringReader;
import java.util.Optional;

/**
 * Finds JSON text that holds more than its first value: {@code {"id": 1} {"id": 2}} on one line, or
 * a second document after the first in a file. Spark's JSON parsing reads the first value and
 * ignores the rest without a word, so the second record would be lost; such a line or file is
 * quarantined instead. Text whose first value does not parse is left to Spark, which marks it corrupt.
 */
final class TrailingJson {
    /**
     * A cheap test a line must pass before it is parsed again: outside strings, valid JSON has only
     * whitespace, a comma or a closing bracket after a closing brace, and after such a comma an opening
     * one only inside an array. Most lines fail it and cost one regular-expression scan; those that
     * pass (an array of objects, a brace inside a string) are parsed to be sure.
     */
    static final String SUSPECT_LINE = "\\}\\s*(?:,\\s*[\\[{]|[^\\s,}\\]])";
    /** Parses what Spark's JSON reader parses by default: single quotes, NaN and Infinity too. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private TrailingJson() {}

    /** Whether a line holds something after its first JSON value; a Spark UDF's body, so null-safe. */
    static Boolean inLine(String line) {
        return line != null && after(new StringReader(line)).isPresent();
    }

    /**
     * Where the text goes on after its first value, as "line L, column C", or empty when nothing but
     * whitespace follows it or the first value itself does not parse.
     */
    static Optional<String> after(Reader text) {
        try (JsonParser parser = FACTORY.createParser(withoutByteOrderMark(text))) {
            try {
                if (parser.nextToken() == null) {
                    return Optional.empty();
                }
                parser.skipChildren();
            } catch (IOException unparsable) {
                return Optional.empty();
            }
            try {
                JsonToken next = parser.nextToken();
                return next == null ? Optional.empty() : Optional.of(where(parser.currentTokenLocation()));
            } catch (IOException garbage) { // not JSON, but something all the same
                return Optional.of(where(parser.currentLocation()));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Reader withoutByteOrderMark(Reader text) throws IOException {
        PushbackReader reader = new PushbackReader(text, 1);
        int first = reader.read();
        if (first >= 0 && first != TextSourceReader.BYTE_ORDER_MARK.charAt(0)) {
            reader.unread(first);
        }
        return reader;
    }

    private static String where(JsonLocation location) {
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
