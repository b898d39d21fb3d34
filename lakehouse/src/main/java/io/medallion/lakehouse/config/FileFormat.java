package io.medallion.lakehouse.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The file formats a source can deliver. */
public enum FileFormat {
    CSV,
    JSON,
    PARQUET,
    AVRO;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether files of this format are text in a charset (and can hold blank lines, a BOM, bad bytes). */
    public boolean isText() {
        return this == CSV || this == JSON;
    }

    public static Optional<FileFormat> fromKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key().equals(key)).findFirst();
    }
}
