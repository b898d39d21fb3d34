package io.medallion.lakehouse.raw;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordCounterTest {
    private static RecordCounter count(String text, int quote) {
        RecordCounter counter = new RecordCounter(quote, quote < 0 ? -1 : ',');
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // Feed in two pieces so a record spanning buffers is counted once.
        int half = bytes.length / 2;
        counter.update(bytes, half);
        counter.update(java.util.Arrays.copyOfRange(bytes, half, bytes.length), bytes.length - half);
        counter.finish();
        return counter;
    }

    @Test
    void quotedLineBreaksStayInsideTheirRecord() {
        RecordCounter counter = count("a,b\n1,\"two\nlines\"\n3,x\n", '"');

        assertThat(counter.records()).isEqualTo(3);
        assertThat(counter.blankLines()).isZero();
        assertThat(counter.quotedLineBreaks()).isTrue();
        assertThat(count("a,b\n1,\"one line\"\n", '"').quotedLineBreaks()).isFalse();
    }

    @Test
    void blankLinesAreCountedApartAndLastLineNeedsNoLineFeed() {
        RecordCounter counter = count("a,b\r\n\r\n1,2\n  \n3,4", '"');

        assertThat(counter.records()).isEqualTo(3);
        assertThat(counter.blankLines()).isEqualTo(2);
    }

    @Test
    void rowsOfEmptyFieldsAreBlankNotRecords() {
        RecordCounter counter = count("a,b\n1,2\n,,\n , \n\"\",\n", '"');

        assertThat(counter.records()).isEqualTo(2);
        assertThat(counter.blankLines()).isEqualTo(3);
    }

    @Test
    void withoutQuotingEveryLineIsARecord() {
        RecordCounter counter = count("{\"a\":\"x\n", -1);

        assertThat(counter.records()).isEqualTo(1);
    }
}
