package io.medallion.lakehouse.raw;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A source file copied unchanged into raw: where it came from, where it is now, and what its manifest
 * says (size, SHA-256, record count). {@code records} and {@code blankLines} are counted while copying
 * for line formats (CSV, JSON Lines); -1 where the format has no lines to count. {@code encodingProblem}
 * says where a text file first breaks its declared encoding (such a file is quarantined whole).
 * {@code quotedLineBreaks} is true for delimited text with line breaks inside quoted fields, which
 * must be read record by record rather than line by line.
 */
public record LandedFile(SourceFile source, String rawPath, String sha256, long records, long blankLines, LocalDate ingestDate,
        Optional<String> encodingProblem, boolean quotedLineBreaks) {
    public LandedFile {
        requireNonNull(source, "source is null");
        requireNonNull(rawPath, "rawPath is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(ingestDate, "ingestDate is null");
        requireNonNull(encodingProblem, "encodingProblem is null");
    }

    /** A landed file whose bytes were not checked against an encoding (binary formats, extracts). */
    public LandedFile(SourceFile source, String rawPath, String sha256, long records, long blankLines, LocalDate ingestDate) {
        this(source, rawPath, sha256, records, blankLines, ingestDate, Optional.empty(), false);
    }
}
