package io.medallion.lakehouse.run;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

/**
 * What a run should do: the ingest date new files land under when their name carries no date
 * (default today, UTC), which tables to run (empty: all of them; a table by its name or as
 * {@code layer.name}, the form references and exports use), and what to load again from raw:
 * nothing (a normal run), the raw partitions of a date range (a backfill), or all of raw (a full
 * refresh, which rebuilds each table).
 */
public record RunOptions(LocalDate ingestDate, Set<String> tables, Optional<DateRange> backfill, boolean fullRefresh) {
    public RunOptions {
        requireNonNull(ingestDate, "ingestDate is null");
        tables = Set.copyOf(tables);
        requireNonNull(backfill, "backfill is null");
        if (backfill.isPresent() && fullRefresh) {
            throw new IllegalArgumentException("a run is a backfill or a full refresh, not both");
        }
    }

    /** The dates from {@code from} to {@code to}, both included. */
    public record DateRange(LocalDate from, LocalDate to) {
        public DateRange {
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("the range ends (" + to + ") before it starts (" + from + ")");
            }
        }

        public boolean contains(LocalDate date) {
            return !date.isBefore(from) && !date.isAfter(to);
        }

        @Override
        public String toString() {
            return from + ".." + to;
        }
    }

    public static RunOptions defaults() {
        return new RunOptions(LocalDate.now(ZoneOffset.UTC), Set.of(), Optional.empty(), false);
    }

    public RunOptions withIngestDate(LocalDate date) {
        return new RunOptions(date, tables, backfill, fullRefresh);
    }

    public RunOptions withTables(Set<String> names) {
        return new RunOptions(ingestDate, names, backfill, fullRefresh);
    }

    /** Loads the raw partitions of these dates into bronze again, in place of their earlier rows. */
    public RunOptions withBackfill(LocalDate from, LocalDate to) {
        return new RunOptions(ingestDate, tables, Optional.of(new DateRange(from, to)), false);
    }

    /** Rebuilds every table from all of raw, after landing new files. */
    public RunOptions withFullRefresh() {
        return new RunOptions(ingestDate, tables, Optional.empty(), true);
    }

    boolean includes(String table) {
        return tables.isEmpty() || tables.contains(table);
    }

    /** Whether the run takes in the table {@code layer.name}, named so or by its name alone. */
    boolean includesTable(String qualifiedName) {
        return includes(qualifiedName.substring(qualifiedName.indexOf('.') + 1)) || tables.contains(qualifiedName);
    }
}
