package io.medallion.lakehouse.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keyword arguments as dbt's Jinja writes them in {@code config(...)}: {@code name='text'},
 * {@code name="text"}, {@code name=['a', "b"]}, {@code name=true} / {@code True}, {@code name=3}.
 * Values are {@link String}, {@link List} of values, {@link Boolean} or {@link BigDecimal}.
 */
final class PythonArguments {
    private final String text;
    private int at;

    private PythonArguments(String text) {
        this.text = text;
    }

    /** @throws IllegalArgumentException naming what it found where, when the text is not such arguments */
    static Map<String, Object> parse(String text) {
        PythonArguments reading = new PythonArguments(text);
        Map<String, Object> arguments = new LinkedHashMap<>();
        reading.skipSpaces();
        while (reading.at < text.length()) {
            String name = reading.name();
            reading.expect('=');
            arguments.put(name, reading.value());
            reading.skipSpaces();
            if (reading.at < text.length()) {
                reading.expect(',');
                reading.skipSpaces();
            }
        }
        return arguments;
    }

    private String name() {
        int start = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
            at++;
        }
        if (start == at) {
            throw unexpected("an argument name");
        }
        return text.substring(start, at);
    }

    private Object value() {
        skipSpaces();
        if (at >= text.length()) {
            throw unexpected("a value");
        }
        char c = text.charAt(at);
        if (c == '\'' || c == '"') {
            int end = text.indexOf(c, at + 1);
            if (end < 0) {
                throw new IllegalArgumentException("a string starting at character " + (at + 1) + " is not closed");
            }
            String value = text.substring(at + 1, end);
            at = end + 1;
            return value;
        }
        if (c == '[') {
            at++;
            List<Object> values = new ArrayList<>();
            skipSpaces();
            while (at < text.length() && text.charAt(at) != ']') {
                values.add(value());
                skipSpaces();
                if (at < text.length() && text.charAt(at) == ',') {
                    at++;
                    skipSpaces();
                }
            }
            expect(']');
            return List.copyOf(values);
        }
        String word = name();
        if (word.equalsIgnoreCase("true") || word.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(word);
        }
        try {
            return new BigDecimal(word);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("`" + word + "` is not a value (quote text: '" + word + "')");
        }
    }

    private void expect(char c) {
        skipSpaces();
        if (at >= text.length() || text.charAt(at) != c) {
            throw unexpected("`" + c + "`");
        }
        at++;
    }

    private void skipSpaces() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private IllegalArgumentException unexpected(String wanted) {
        String found = at >= text.length() ? "the end" : "`" + text.substring(at, Math.min(text.length(), at + 12)) + "`";
        return new IllegalArgumentException("expected " + wanted + " at character " + (at + 1) + ", found " + found);
    }
}
