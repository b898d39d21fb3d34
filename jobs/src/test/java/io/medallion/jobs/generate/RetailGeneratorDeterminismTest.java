package io.medallion.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetailGeneratorDeterminismTest {

    @Test
    void sameOptionsWriteByteIdenticalFiles(@TempDir Path first, @TempDir Path second) throws IOException {
        GenerationResult firstResult = RetailGenerator.generate(options(first, 42));
        GenerationResult secondResult = RetailGenerator.generate(options(second, 42));

        List<Path> files = relativeFiles(first);
        assertThat(files).as("five files a day, and the change feed from the second day").hasSize(11).isEqualTo(relativeFiles(second));
        for (Path file : files) {
            assertThat(Files.readAllBytes(second.resolve(file)))
                    .as("bytes of %s", file)
                    .isEqualTo(Files.readAllBytes(first.resolve(file)));
        }
        assertThat(secondResult.rowsBySource()).isEqualTo(firstResult.rowsBySource());
        assertThat(secondResult.defectsByKind()).isEqualTo(firstResult.defectsByKind());
        assertThat(secondResult.bytesWritten()).isEqualTo(firstResult.bytesWritten());
    }

    @Test
    void anotherSeedWritesOtherFiles(@TempDir Path first, @TempDir Path second) throws IOException {
        RetailGenerator.generate(options(first, 42));
        RetailGenerator.generate(options(second, 43));

        for (Path file : relativeFiles(first)) {
            assertThat(Files.readAllBytes(second.resolve(file)))
                    .as("bytes of %s", file)
                    .isNotEqualTo(Files.readAllBytes(first.resolve(file)));
        }
    }

    private static GenerateOptions options(Path output, long seed) {
        return new GenerateOptions(output.toString(), seed, 300_000, 2, LocalDate.of(2026, 1, 1), 0.05);
    }

    private static List<Path> relativeFiles(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        try (var paths = Files.walk(root)) {
            paths.filter(Files::isRegularFile).sorted().forEach(path -> files.add(root.relativize(path)));
        }
        return files;
    }
}
