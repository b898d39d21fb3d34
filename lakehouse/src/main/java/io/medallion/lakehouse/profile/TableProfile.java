package io.medallion.lakehouse.profile;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What profiling one table or source gave: the rows it read, a column per input column, and the suggested checks. */
public record TableProfile(String subject, long rows, List<ColumnSuggestion> columns, List<CheckSuggestion> checks) {
    public TableProfile {
        requireNonNull(subject, "subject is null");
        columns = List.copyOf(columns);
        checks = List.copyOf(checks);
    }
}
