package io.medallion.jobs.generate;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** A file written by one of the writers, with the defects injected into it. */
record WrittenFile(GeneratedFile file, Map<DefectKind, Long> defects) {

    WrittenFile {
        requireNonNull(file, "file is null");
        defects = Map.copyOf(defects);
    }

    static WrittenFile withoutDefects(GeneratedFile file) {
        return new WrittenFile(file, Map.of());
    }
}
