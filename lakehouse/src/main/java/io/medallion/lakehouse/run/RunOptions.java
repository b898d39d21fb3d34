package io.medallion.lakehouse.run;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * What a run should do: the ingest date files land under (default today, UTC) and which tables to run
 * (empty: all of them).
 */
public record RunOptions(LocalDate ingestDate, Set<String> tables) {
    public RunOptions {
        requireNonNull(ingestDate, "ingestDate is null");
        tables = Set.copyOf(tables);
    }

    public static RunOptions defaults() {
        return new RunOptions(LocalDate.now(ZoneOffset.UTC), Set.of());
    }

    public RunOptions withIngestDate(LocalDate date) {
        return new RunOptions(date, tables);
    }

    public RunOptions withTables(Set<String> names) {
        return new RunOptions(ingestDate, names);
    }

    boolean includes(String table) {
        return tables.isEmpty() || tables.contains(table);
    }
}
