package io.medallion.lakehouse.bronze;

import static java.util.Objects.requireNonNull;

/** A landed file that cannot be read at all, and why; it is quarantined whole and the other files still load. */
public record FileRejection(String rawPath, String rule, String reason) {
    public FileRejection {
        requireNonNull(rawPath, "rawPath is null");
        requireNonNull(rule, "rule is null");
        requireNonNull(reason, "reason is null");
    }
}
