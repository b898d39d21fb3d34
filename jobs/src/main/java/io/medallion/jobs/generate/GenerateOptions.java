package io.medallion.jobs.generate;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * What {@code medallion generate} writes: where, how much, over how many days, and how dirty.
 *
 * <p>Every value is checked when the record is built, so a bad option fails before any file is
 * written. The same options always produce byte-identical files: the seed drives every random
 * choice and the start date is fixed rather than "today".
 *
 * @param outputDirectory local directory (or {@code file:} URI) that receives {@code sales/}, {@code products/},
 *     {@code customers/}, {@code inventory/} and {@code campaigns/}; created if missing
 * @param seed seed of every random choice; default {@value #DEFAULT_SEED}
 * @param sizeBytes target total size on disk, reached within about 15%; at least
 *     {@value #MINIMUM_SIZE_BYTES}; default 20 MB ({@value #DEFAULT_SIZE_BYTES} bytes)
 * @param days number of daily files per source, 1 to {@value #MAXIMUM_DAYS}; default {@value #DEFAULT_DAYS}
 * @param startDate date of the first daily file; default 2026-01-01
 * @param defectRate share of sales rows that carry one injected defect, 0 to
 *     {@value #MAXIMUM_DEFECT_RATE}; default {@value #DEFAULT_DEFECT_RATE}
 */
public record GenerateOptions(
        String outputDirectory, long seed, long sizeBytes, int days, LocalDate startDate, double defectRate) {

    public static final long DEFAULT_SEED = 42;
    public static final long DEFAULT_SIZE_BYTES = 20L * 1024 * 1024;
    public static final int DEFAULT_DAYS = 3;
    /** Fixed rather than today's date, so that a given seed always gives identical bytes. */
    public static final LocalDate DEFAULT_START_DATE = LocalDate.of(2026, 1, 1);
    public static final double DEFAULT_DEFECT_RATE = 0.02;

    public static final long MINIMUM_SIZE_BYTES = 100_000;
    public static final int MAXIMUM_DAYS = 366;
    public static final double MAXIMUM_DEFECT_RATE = 0.5;

    public GenerateOptions {
        requireNonNull(outputDirectory, "outputDirectory is null");
        requireNonNull(startDate, "startDate is null");
        if (outputDirectory.isBlank()) {
            throw new IllegalArgumentException("--out must not be blank");
        }
        if (outputDirectory.contains("://") && !outputDirectory.startsWith("file:")) {
            throw new IllegalArgumentException("--out must be a local directory, got '" + outputDirectory
                    + "'; generate locally, then copy the files to object storage");
        }
        if (sizeBytes < MINIMUM_SIZE_BYTES) {
            throw new IllegalArgumentException(
                    "--size must be at least " + MINIMUM_SIZE_BYTES + " bytes (about 100KB), got " + sizeBytes);
        }
        if (days < 1 || days > MAXIMUM_DAYS) {
            throw new IllegalArgumentException("--days must be between 1 and " + MAXIMUM_DAYS + ", got " + days);
        }
        // Written as a negation so that NaN is rejected too.
        if (!(defectRate >= 0 && defectRate <= MAXIMUM_DEFECT_RATE)) {
            throw new IllegalArgumentException(
                    "--defect-rate must be between 0 and " + MAXIMUM_DEFECT_RATE + ", got " + defectRate);
        }
    }

    /** The default options writing into {@code outputDirectory}. */
    public static GenerateOptions defaults(String outputDirectory) {
        return new GenerateOptions(
                outputDirectory, DEFAULT_SEED, DEFAULT_SIZE_BYTES, DEFAULT_DAYS, DEFAULT_START_DATE, DEFAULT_DEFECT_RATE);
    }

    /** The output directory as a path; a {@code file:} URI is accepted too. */
    Path outputPath() {
        return localPath(outputDirectory);
    }

    /** A local directory given as a path or a {@code file:} URI. */
    static Path localPath(String directory) {
        return directory.startsWith("file:") ? Path.of(URI.create(directory)) : Path.of(directory);
    }

    /** The date of the daily files numbered {@code dayIndex}, counting from 0. */
    LocalDate dateOfDay(int dayIndex) {
        return startDate.plusDays(dayIndex);
    }
}
