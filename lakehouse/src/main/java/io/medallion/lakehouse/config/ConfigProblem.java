package io.medallion.lakehouse.config;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a pipeline config: the file, the key path inside it (for example
 * {@code bronze.sales.columns[3].type}), what is wrong and what to change.
 */
public record ConfigProblem(String file, String keyPath, String problem, String fix) {
    public ConfigProblem {
        requireNonNull(file, "file is null");
        requireNonNull(keyPath, "keyPath is null");
        requireNonNull(problem, "problem is null");
        requireNonNull(fix, "fix is null");
    }

    /** One line a person can act on: {@code retail.yaml: bronze.sales.keys: ... . Fix: ...}. */
    public String describe() {
        String where = keyPath.isEmpty() ? file : file + ": " + keyPath;
        return where + ": " + problem + (fix.isEmpty() ? "" : ". " + fix);
    }
}
