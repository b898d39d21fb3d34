package io.medallion.lakehouse.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ZoneCheckTest {
    @Test
    void zonesThatAgreeRaiseNothingAndOnesThatDifferNameBothAndTheFix() {
        assertThat(ZoneCheck.mismatch(ZoneId.of("UTC"), ZoneId.of("UTC"))).isEmpty();
        assertThat(ZoneCheck.mismatch(ZoneOffset.UTC, ZoneId.of("Z"))).as("one zone, two spellings").isEmpty();

        assertThat(ZoneCheck.mismatch(ZoneId.of("Europe/Berlin"), ZoneId.of("UTC"))).get().asString()
                .contains("JVM's time zone is Europe/Berlin", "spark.sql.session.timeZone is UTC", "-Duser.timezone=UTC");
    }
}
