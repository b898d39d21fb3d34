package io.medallion.lakehouse.raw;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * A source file copied unchanged into raw: where it came from, where it is now, and what its manifest
 * says (size, SHA-256, record count). {@code records} and {@code blankLines} are counted while copying
 * for line formats (CSV, JSON Lines); -1 where the format has no lines to count.
 */
public record LandedFile(SourceFile source, String rawPath, String sha256, long records, long blankLines, LocalDate ingestDate) {
    public LandedFile {
        requireNonNull(source, "source is null");
        requireNonNull(rawPath, "rawPath is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(ingestDate, "ingestDate is null");
    }
}
