package io.medallion.lakehouse.raw;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EncodingCheckTest {
    private static EncodingCheck check(byte[] bytes, int bufferSize) {
        EncodingCheck check = new EncodingCheck(StandardCharsets.UTF_8);
        for (int start = 0; start < bytes.length; start += bufferSize) {
            byte[] buffer = Arrays.copyOfRange(bytes, start, Math.min(bytes.length, start + bufferSize));
            check.update(buffer, buffer.length);
        }
        check.finish();
        return check;
    }

    @Test
    void aCharacterCutByTheBufferBoundaryIsStillValid() {
        byte[] text = "a,€,b\nc,日本,d\n".getBytes(StandardCharsets.UTF_8);
        for (int size = 1; size <= text.length; size++) {
            assertThat(check(text, size).problem()).as("buffer of %d bytes", size).isEmpty();
        }
    }

    @Test
    void theFirstInvalidByteIsNamedWithItsLine() {
        byte[] text = "id,name\nA1,ok\nA2,Caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(check(text, 4).problem()).hasValue("the bytes E9 at line 3 (byte offset 20) are not valid UTF-8");
    }

    @Test
    void aStreamEndingInTheMiddleOfACharacterIsInvalid() {
        byte[] euro = "x€".getBytes(StandardCharsets.UTF_8);
        assertThat(check(Arrays.copyOf(euro, euro.length - 1), 8).problem()).hasValueSatisfying(p -> assertThat(p).contains("line 1"));
    }
}
