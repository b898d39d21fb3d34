package io.medallion.lakehouse.system;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ids and dates one run stamps on everything it writes: the run id (one per command), the
 * ingest date (the raw partition files land in; {@code --date} sets it, default today in UTC) and the
 * start instant.
 */
public record BatchContext(String pipeline, String runId, LocalDate ingestDate, Instant startedAt) {
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public BatchContext {
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(ingestDate, "ingestDate is null");
        requireNonNull(startedAt, "startedAt is null");
    }

    public static BatchContext start(String pipeline, LocalDate ingestDate) {
        Instant now = Instant.now();
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        return new BatchContext(pipeline, RUN_ID_TIME.format(now) + "-" + suffix, ingestDate, now);
    }

    /** The batch id of one table in this run: {@code <table>-<run id>}. */
    public String batchId(String table) {
        return table + "-" + runId;
    }
}
