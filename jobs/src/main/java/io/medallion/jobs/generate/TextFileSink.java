package io.medallion.jobs.generate;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes a UTF-8 text file through a 1 MB byte buffer, with appenders for the few shapes the
 * generator writes: numbers, zero-padded ids, cents, timestamps, CSV fields and JSON strings.
 *
 * <p>It exists because the sales file is most of a gigabyte: {@code String.format} or a
 * {@code Writer} fed with per-line strings spends most of its time allocating and encoding. Here
 * numbers are written digit by digit straight into the buffer. Not thread-safe; one per file.
 */
final class TextFileSink implements Closeable {
    private static final int BUFFER_BYTES = 1 << 20;
    /** The longest single append other than text, which checks its own length. */
    private static final int LONGEST_NUMBER_BYTES = 24;

    private final Path path;
    private final OutputStream output;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    /** "00" to "99", two bytes each. */
    private static final byte[] TWO_DIGITS = twoDigitTable();
    private int position;
    private long flushedBytes;
    private boolean closed;
    private LocalDate lastDate;
    private byte[] lastDateBytes;

    private TextFileSink(Path path, OutputStream output) {
        this.path = path;
        this.output = output;
    }

    /** Creates or truncates {@code path}. */
    static TextFileSink create(Path path) {
        try {
            return new TextFileSink(path, Files.newOutputStream(path));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + path, e);
        }
    }

    /** Bytes appended so far, flushed or not; the file's size once closed. */
    long bytesWritten() {
        return flushedBytes + position;
    }

    /** Appends text known to be ASCII: ids, codes, headers, formatted numbers. */
    TextFileSink ascii(String text) {
        int length = text.length();
        if (length > buffer.length - position) {
            flush();
            if (length > buffer.length) {
                write(text.getBytes(StandardCharsets.UTF_8));
                return this;
            }
        }
        for (int i = 0; i < length; i++) {
            buffer[position++] = (byte) text.charAt(i);
        }
        return this;
    }

    /** Appends any text as UTF-8. */
    TextFileSink text(String text) {
        if (isAscii(text)) {
            return ascii(text);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > buffer.length - position) {
            flush();
            if (bytes.length > buffer.length) {
                write(bytes);
                return this;
            }
        }
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
        return this;
    }

    TextFileSink character(char asciiCharacter) {
        ensureRoom(1);
        buffer[position++] = (byte) asciiCharacter;
        return this;
    }

    TextFileSink newline() {
        return character('\n');
    }

    TextFileSink number(long value) {
        ensureRoom(LONGEST_NUMBER_BYTES);
        if (value < 0) {
            buffer[position++] = '-';
            value = -value;
        }
        writeDigits(value, digitCount(value));
        return this;
    }

    /** Appends a non-negative {@code value} left-padded with zeros to {@code width} digits. */
    TextFileSink zeroPadded(long value, int width) {
        ensureRoom(LONGEST_NUMBER_BYTES);
        int count = digitCount(value);
        for (int padding = width - count; padding > 0; padding--) {
            buffer[position++] = '0';
        }
        writeDigits(value, count);
        return this;
    }

    /** Writes the {@code count} digits of a non-negative value, two per division as {@link Integer#toString()} does. */
    private void writeDigits(long value, int count) {
        int end = position + count;
        int cursor = end;
        while (value >= Integer.MAX_VALUE) {
            int pair = (int) (value % 100);
            value /= 100;
            buffer[--cursor] = TWO_DIGITS[2 * pair + 1];
            buffer[--cursor] = TWO_DIGITS[2 * pair];
        }
        // int division is markedly cheaper than long division, and ids and dates fit in an int.
        int small = (int) value;
        while (small >= 100) {
            int pair = small % 100;
            small /= 100;
            buffer[--cursor] = TWO_DIGITS[2 * pair + 1];
            buffer[--cursor] = TWO_DIGITS[2 * pair];
        }
        if (small >= 10) {
            buffer[--cursor] = TWO_DIGITS[2 * small + 1];
            buffer[--cursor] = TWO_DIGITS[2 * small];
        } else {
            buffer[--cursor] = (byte) ('0' + small);
        }
        position = end;
    }

    private static int digitCount(long value) {
        int count = 1;
        for (long bound = 10; count < 19 && value >= bound; bound *= 10) {
            count++;
        }
        return count;
    }

    /** Appends hundredths as a decimal with exactly two places: 1999 as {@code 19.99}, -50 as {@code -0.50}. */
    TextFileSink hundredths(long hundredths) {
        if (hundredths < 0) {
            character('-');
            hundredths = -hundredths;
        }
        number(hundredths / 100);
        character('.');
        return zeroPadded(hundredths % 100, 2);
    }

    /** Appends hundredths with trailing zeros dropped: 1000 as {@code 10}, 1250 as {@code 12.5}, 1275 as {@code 12.75}. */
    TextFileSink trimmedHundredths(long hundredths) {
        number(hundredths / 100);
        long fraction = hundredths % 100;
        if (fraction == 0) {
            return this;
        }
        character('.');
        return fraction % 10 == 0 ? number(fraction / 10) : zeroPadded(fraction, 2);
    }

    /** Appends tenths with one place: 75 as {@code 7.5}. */
    TextFileSink tenths(long tenths) {
        number(tenths / 10);
        character('.');
        return number(tenths % 10);
    }

    /** Appends {@code HH:mm:ss} for a second of the day. */
    TextFileSink timeOfDay(int secondOfDay) {
        ensureRoom(8);
        twoDigits(secondOfDay / 3_600);
        buffer[position++] = ':';
        twoDigits(secondOfDay / 60 % 60);
        buffer[position++] = ':';
        twoDigits(secondOfDay % 60);
        return this;
    }

    /** Appends {@code yyyy-MM-dd}; the last date's bytes are kept, as rows of a file mostly share one date. */
    TextFileSink date(LocalDate date) {
        if (!date.equals(lastDate)) {
            lastDate = date;
            lastDateBytes = date.toString().getBytes(StandardCharsets.US_ASCII);
        }
        ensureRoom(lastDateBytes.length);
        System.arraycopy(lastDateBytes, 0, buffer, position, lastDateBytes.length);
        position += lastDateBytes.length;
        return this;
    }

    private void twoDigits(int value) {
        buffer[position++] = TWO_DIGITS[2 * value];
        buffer[position++] = TWO_DIGITS[2 * value + 1];
    }

    /** Appends {@code yyyy-MM-dd'T'HH:mm:ss'Z'} for a UTC instant. */
    TextFileSink isoInstant(long epochSecond) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        date(time.toLocalDate()).character('T');
        return timeOfDay(time.toLocalTime().toSecondOfDay()).character('Z');
    }

    /** Appends a CSV field, quoted as RFC 4180 asks only when it holds a comma, quote or line break. */
    TextFileSink csvField(String value) {
        boolean needsQuotes = false;
        for (int i = 0; i < value.length() && !needsQuotes; i++) {
            char character = value.charAt(i);
            needsQuotes = character == ',' || character == '"' || character == '\n' || character == '\r';
        }
        if (!needsQuotes) {
            return text(value);
        }
        return character('"').text(value.replace("\"", "\"\"")).character('"');
    }

    /** Appends a quoted JSON string, escaping quotes, backslashes and control characters. */
    TextFileSink jsonString(String value) {
        character('"');
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char character = value.charAt(i);
            if (character == '"' || character == '\\' || character < 0x20) {
                text(value.substring(start, i));
                if (character == '"' || character == '\\') {
                    character('\\').character(character);
                } else {
                    ascii("\\u").zeroPadded(0, 2).character(hexDigit(character >> 4)).character(hexDigit(character));
                }
                start = i + 1;
            }
        }
        text(start == 0 ? value : value.substring(start));
        return character('"');
    }

    private static char hexDigit(int value) {
        return "0123456789abcdef".charAt(value & 0xF);
    }

    private static byte[] twoDigitTable() {
        byte[] table = new byte[200];
        for (int value = 0; value < 100; value++) {
            table[2 * value] = (byte) ('0' + value / 10);
            table[2 * value + 1] = (byte) ('0' + value % 10);
        }
        return table;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private void ensureRoom(int bytes) {
        if (buffer.length - position < bytes) {
            flush();
        }
    }

    private void flush() {
        write(buffer, position);
        flushedBytes += position;
        position = 0;
    }

    private void write(byte[] bytes) {
        write(bytes, bytes.length);
        flushedBytes += bytes.length;
    }

    private void write(byte[] bytes, int length) {
        try {
            output.write(bytes, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + path, e);
        }
    }

    /** Flushes and closes the file; closing again does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (output) {
            flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close " + path, e);
        }
    }
}
