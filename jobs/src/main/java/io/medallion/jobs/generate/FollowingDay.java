package io.medallion.jobs.generate;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * One more day after the generated ones, written into a directory of its own, to try an incremental
 * load on: the same customers and products one day on (they change as on any day: about 1% of
 * customers and 1.5% of products, some customers added or deleted, the change feed delivering the
 * last full day's held-back and re-delivered events), with sales and inventory rows of
 * {@code salesShare} of all the full days' rows, their ids following the last full day's.
 *
 * @param outputDirectory local directory (or {@code file:} URI) for the day's files, laid out as the
 *     full days' are; not the full days' own directory, so a load of those does not pick them up
 * @param salesShare the day's sales rows as a share of the full days' sales rows, above 0 and at most 1
 */
public record FollowingDay(String outputDirectory, double salesShare) {

    public FollowingDay {
        requireNonNull(outputDirectory, "outputDirectory is null");
        if (outputDirectory.isBlank()) {
            throw new IllegalArgumentException("the following day's output directory must not be blank");
        }
        // Written as a negation so that NaN is rejected too.
        if (!(salesShare > 0 && salesShare <= 1)) {
            throw new IllegalArgumentException("the following day's sales share must be above 0 and at most 1, got " + salesShare);
        }
    }

    Path outputPath() {
        return GenerateOptions.localPath(outputDirectory);
    }

    /**
     * @throws IllegalArgumentException when this day's folder is the full days' folder of
     *     {@code options}, or one holds the other: a load of the full days would pick this day up
     */
    public void requireApartFrom(GenerateOptions options) {
        Path day = outputPath().toAbsolutePath().normalize();
        Path full = options.outputPath().toAbsolutePath().normalize();
        if (day.startsWith(full) || full.startsWith(day)) {
            throw new IllegalArgumentException("the following day's folder " + outputDirectory + " must be apart from the generated days' folder "
                    + options.outputDirectory() + ", neither inside the other, so that a load of those days does not pick it up");
        }
    }
}
