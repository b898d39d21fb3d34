package io.medallion.jobs.generate;

import io.medallion.lakehouse.error.Errors;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A defect {@code medallion demo --inject} adds to generated landing files: well-formed rows that
 * pass every row rule, so only a table-level quality gate can stop them. It changes the files in
 * place, so on a lakehouse that loaded them already they land again as a new version.
 */
public enum InjectedDefect {
    /**
     * The till system re-sends part of a day: every {@value #RESENT_EVERY}th row of the newest sales
     * file is appended again, whole, so 1 in {@value #RESENT_EVERY} transaction ids occurs twice.
     */
    DUPLICATE_TRANSACTIONS("duplicate-transactions");

    private static final int RESENT_EVERY = 20;

    private final String key;

    InjectedDefect(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<InjectedDefect> byKey(String key) {
        return Arrays.stream(values()).filter(d -> d.key.equals(key.toLowerCase(Locale.ROOT))).findFirst();
    }

    /** Injects the defect into the files under {@code landing}, and says what it did. */
    public String injectInto(Path landing) {
        Path sales = newestFile(landing.resolve("sales"), ".csv");
        long resent = appendEveryNthRow(sales, RESENT_EVERY);
        return "re-sent " + resent + " transactions of " + sales.getFileName() + " a second time (1 in " + RESENT_EVERY + " rows)";
    }

    private static Path newestFile(Path folder, String suffix) {
        try (Stream<Path> files = Files.list(folder)) {
            // Generated files are named by day, so the greatest name is the newest day.
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).max(Comparator.comparing(Path::toString))
                    .orElseThrow(() -> Errors.badUsage("--inject found no " + suffix + " file in " + folder + ": generate data first"));
        } catch (IOException e) {
            throw Errors.storageFailed("list the demo's landing folder", folder.toString(), e);
        }
    }

    /** Appends every {@code n}th data row (header excluded) to the end of the file; returns how many. */
    private static long appendEveryNthRow(Path csv, int n) {
        Path copy = csv.resolveSibling(csv.getFileName() + ".resent");
        long appended = 0;
        try {
            // The rows are read from the original while they are written to a copy, which then replaces it:
            // a crash half-way leaves the original file as it was.
            Files.copy(csv, copy);
            try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                    BufferedWriter writer = Files.newBufferedWriter(copy, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
                reader.readLine();
                long row = 0;
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (++row % n == 0) {
                        writer.write(line);
                        writer.write('\n');
                        appended++;
                    }
                }
            }
            Files.move(copy, csv, StandardCopyOption.REPLACE_EXISTING);
            return appended;
        } catch (IOException e) {
            throw Errors.storageFailed("inject duplicate transactions into", csv.toString(), e);
        }
    }
}
