package io.medallion.lakehouse.raw;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Decodes a text stream with its declared charset as it is copied, to find the first bytes that are
 * not valid in it. Spark's readers replace such bytes with U+FFFD without a word, which would change
 * values silently; a file with them is quarantined instead, and this says where the first one is.
 * Checking stops at the first problem. Cost: one decode of the bytes, on the copy that lands them.
 */
final class EncodingCheck {
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final CharBuffer chars = CharBuffer.allocate(64 * 1024);
    private ByteBuffer carry = ByteBuffer.allocate(0);
    private long offset;
    private long lines = 1;
    private String problem;

    EncodingCheck(Charset charset) {
        this.charset = charset;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    void update(byte[] buffer, int length) {
        if (problem == null) {
            decode(join(buffer, length), false);
        }
    }

    void finish() {
        if (problem == null) {
            decode(carry, true);
        }
    }

    /** Where the first undecodable bytes are, or empty when the whole stream decoded. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    private ByteBuffer join(byte[] buffer, int length) {
        if (!carry.hasRemaining()) {
            return ByteBuffer.wrap(buffer, 0, length);
        }
        ByteBuffer joined = ByteBuffer.allocate(carry.remaining() + length);
        joined.put(carry).put(buffer, 0, length).flip();
        return joined;
    }

    private void decode(ByteBuffer bytes, boolean endOfInput) {
        while (true) {
            int start = bytes.position();
            chars.clear();
            CoderResult result = decoder.decode(bytes, chars, endOfInput);
            count(bytes, start, bytes.position());
            if (result.isError()) {
                byte[] bad = new byte[Math.min(result.length(), bytes.remaining())];
                bytes.get(bytes.position(), bad);
                problem = "the bytes " + HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bad) + " at line " + lines + " (byte offset "
                        + offset + ") are not valid " + charset.name();
                return;
            }
            if (result.isUnderflow()) {
                // A character cut by the buffer's end: keep its first bytes for the next buffer.
                byte[] rest = new byte[bytes.remaining()];
                bytes.get(rest);
                carry = ByteBuffer.wrap(rest);
                return;
            }
        }
    }

    private void count(ByteBuffer bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes.get(i) == '\n') {
                lines++;
            }
        }
        offset += to - from;
    }
}
