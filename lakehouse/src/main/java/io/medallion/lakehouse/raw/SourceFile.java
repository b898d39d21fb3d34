package io.medallion.lakehouse.raw;

import static java.util.Objects.requireNonNull;

/** A file found in a source's landing folder: its qualified path, size and modification time. */
public record SourceFile(String path, long size, long modificationTime) {
    public SourceFile {
        requireNonNull(path, "path is null");
    }

    /** The file's name, the last part of its path. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
