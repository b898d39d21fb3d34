package io.medallion.jobs.generate;

import static java.util.Objects.requireNonNull;

/**
 * One file written by the {@link RetailGenerator}.
 *
 * @param source the source it belongs to: {@code sales}, {@code inventory}, {@code customers},
 *     {@code products} or {@code campaigns}
 * @param path the file's path: the output directory as given, joined with
 *     {@code <source>/<source>_<yyyy-MM-dd>.<extension>}
 * @param rows data rows in the file: CSV lines after the header, JSON Lines lines, Parquet rows, or
 *     elements of the {@code products} array
 * @param bytes the file's size on disk
 */
public record GeneratedFile(String source, String path, long rows, long bytes) {
    public GeneratedFile {
        requireNonNull(source, "source is null");
        requireNonNull(path, "path is null");
    }
}
