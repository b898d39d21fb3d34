package io.medallion.bench.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsvLineSplitterTest {
    private final CsvLineSplitter rfc4180 = new CsvLineSplitter(',', '"', '"');

    @Test
    void splitsOnDelimitersOutsideQuotesAndReadsEmptyFieldsAsNull() {
        assertThat(rfc4180.split("T006,2026-01-05 12:00:00,3,1.00,web,surplus"))
                .containsExactly("T006", "2026-01-05 12:00:00", "3", "1.00", "web", "surplus");
        assertThat(rfc4180.split("a,\"12,5O\",,\"\",b")).containsExactly("a", "12,5O", null, null, "b");
        assertThat(rfc4180.split("a,b,")).containsExactly("a", "b", null);
        assertThat(rfc4180.split("")).containsExactly((String) null);
    }

    @Test
    void readsDoubledQuotesInsideQuotedFieldsAndKeepsStrayQuotes() {
        assertThat(rfc4180.split("\"say \"\"hi\"\"\",x")).containsExactly("say \"hi\"", "x");
        assertThat(rfc4180.split("ab\"c,d")).containsExactly("ab\"c", "d");
        assertThat(rfc4180.split("\"ab\"c,d")).containsExactly("abc", "d");
    }

    @Test
    void readsAnEscapeThatDiffersFromTheQuoteBeforeAnyCharacter() {
        CsvLineSplitter backslash = new CsvLineSplitter(';', '\'', '\\');

        assertThat(backslash.split("'it\\'s';'a;b';c\\d"))
                .isEqualTo(Arrays.asList("it's", "a;b", "c\\d"));
    }
}
