package io.medallion.lakehouse.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.lakehouse.config.FileFormat;
import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.error.MedallionException;
import io.medallion.lakehouse.layout.LakehouseLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Landing many files at once: each lands whole, in its own date, in the order given, and versions of a name stay apart. */
class RawLandingTest {
    private static final LocalDate DAY = LocalDate.of(2026, 3, 1);

    @TempDir
    Path temp;

    @Test
    void landsEveryFileWholeAndReturnsThemInTheOrderGiven() throws Exception {
        List<SourceFile> files = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            files.add(sourceFile(temp.resolve("in").resolve("sales_" + i + ".csv"), csv(1000 * (i + 1))));
        }
        RawLanding landing = landing();

        List<LandedFile> landed = landing.landAll(source(), files, file -> DAY.plusDays(file.name().charAt(6) - '0'));

        assertThat(landed).extracting(f -> f.source().path()).containsExactlyElementsOf(files.stream().map(SourceFile::path).toList());
        for (int i = 0; i < files.size(); i++) {
            LandedFile file = landed.get(i);
            byte[] copy = Files.readAllBytes(Path.of(java.net.URI.create(file.rawPath())));
            assertThat(copy).as("raw holds the file unchanged").isEqualTo(Files.readAllBytes(Path.of(java.net.URI.create(files.get(i).path()))));
            assertThat(file.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(copy)));
            assertThat(file.records()).isEqualTo(1000L * (i + 1));
            assertThat(file.ingestDate()).isEqualTo(DAY.plusDays(i));
            assertThat(file.rawPath()).contains("/ingest_date=" + DAY.plusDays(i) + "/sales_" + i + ".csv");
        }
    }

    @Test
    void landsFilesOfOneNameAndDateOneAfterTheOtherAsVersions() throws Exception {
        // Two source folders deliver a file of the same name: the second is a new version of the first.
        SourceFile first = sourceFile(temp.resolve("in/a/sales.csv"), csv(10));
        SourceFile second = sourceFile(temp.resolve("in/b/sales.csv"), csv(20));
        SourceFile other = sourceFile(temp.resolve("in/a/other.csv"), csv(5));

        List<LandedFile> landed = landing().landAll(source(), List.of(first, other, second), file -> DAY);

        assertThat(landed).extracting(LandedFile::records).containsExactly(10L, 5L, 20L);
        assertThat(landed.get(0).rawPath()).endsWith("/sales.csv");
        assertThat(landed.get(2).rawPath()).as("landed beside the first, not over it").endsWith("/sales.csv.v" + second.modificationTime());
        assertThat(Files.readAllLines(Path.of(java.net.URI.create(landed.get(0).rawPath())))).hasSize(11);
    }

    @Test
    void aFileStillBeingWrittenIsNotLandedAndTheOthersAre() throws Exception {
        SourceFile growing = sourceFile(temp.resolve("in/sales_1.csv"), csv(3));
        SourceFile done = sourceFile(temp.resolve("in/sales_2.csv"), csv(4));
        // The writer appends after the listing: the size and time listed no longer hold.
        Files.writeString(temp.resolve("in/sales_1.csv"), "3,9\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        Files.setLastModifiedTime(temp.resolve("in/sales_1.csv"), java.nio.file.attribute.FileTime.fromMillis(growing.modificationTime() + 5000));

        List<LandedFile> landed = landing().landAll(source(), List.of(growing, done), file -> DAY);

        assertThat(landed).extracting(f -> f.source().path()).containsExactly(done.path());
        Path rawDay = temp.resolve("lake/raw/sales/ingest_date=" + DAY);
        assertThat(rawDay.resolve("sales_1.csv")).as("the partial copy is deleted").doesNotExist();
        assertThat(temp.resolve("lake/raw/sales/_manifests/ingest_date=" + DAY + "/sales_1.csv.json")).doesNotExist();
    }

    @Test
    void aModificationTimeThatDiffersBelowASecondIsTheSameFileAsObjectStoresGiveIt() throws Exception {
        Path path = temp.resolve("in/sales_1.csv");
        sourceFile(path, csv(3));
        Files.setLastModifiedTime(path, java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L));
        // As an object store's listing gives it, with milliseconds its HEAD request (whole seconds) does not have.
        SourceFile listed = new SourceFile(path.toUri().toString(), Files.size(path), 1_700_000_000_456L);

        assertThat(landing().landAll(source(), List.of(listed), file -> DAY)).hasSize(1);
    }

    @Test
    void filesOfOneNameFromTwoFoldersWithTheSameSizeAndTimeLandAsTwoCopies() throws Exception {
        SourceFile first = sourceFile(temp.resolve("in/a/sales.csv"), csv(3));
        SourceFile second = sourceFile(temp.resolve("in/b/sales.csv"), csv(3));
        Files.setLastModifiedTime(Path.of(java.net.URI.create(second.path())), java.nio.file.attribute.FileTime.fromMillis(first.modificationTime()));
        second = new SourceFile(second.path(), second.size(), first.modificationTime());

        List<LandedFile> landed = landing().landAll(source(), List.of(first, second), file -> DAY);

        assertThat(landed).extracting(f -> f.source().path()).containsExactly(first.path(), second.path());
        assertThat(landed.get(1).rawPath()).isNotEqualTo(landed.get(0).rawPath()).endsWith("/sales.csv.v" + first.modificationTime());
    }

    @Test
    void aFileRawHoldsWholeIsNotCopiedAgain() throws Exception {
        SourceFile file = sourceFile(temp.resolve("in/sales_1.csv"), csv(3));
        LandedFile first = landing().land(source(), file, DAY).orElseThrow();
        Path copy = Path.of(java.net.URI.create(first.rawPath()));
        Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));

        LandedFile again = landing().land(source(), file, DAY).orElseThrow();

        assertThat(again).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(copy).toMillis()).as("not written again").isEqualTo(1_000_000_000_000L);
    }

    @Test
    void aFileThatCannotBeReadFailsTheLandingNamingIt() throws Exception {
        SourceFile present = sourceFile(temp.resolve("in/sales_1.csv"), csv(3));
        SourceFile missing = new SourceFile(temp.resolve("in/sales_2.csv").toUri().toString(), 10, 1);

        assertThatThrownBy(() -> landing().landAll(source(), List.of(present, missing), file -> DAY))
                .isInstanceOf(MedallionException.class)
                .hasMessageContaining("sales_2.csv");
    }

    private RawLanding landing() {
        return new RawLanding(new Configuration(), LakehouseLayout.at(temp.resolve("lake").toUri().toString()));
    }

    private SourceConfig source() {
        return new SourceConfig("sales", temp.resolve("in").toUri().toString(), FileFormat.CSV, "*.csv", Map.of("header", "true"),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static String csv(int records) {
        StringBuilder text = new StringBuilder("id,amount\n");
        for (int i = 0; i < records; i++) {
            text.append(i).append(',').append(i * 3).append('\n');
        }
        return text.toString();
    }

    private static SourceFile sourceFile(Path path, String content) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, content, StandardCharsets.UTF_8);
        return new SourceFile(path.toUri().toString(), Files.size(path), Files.getLastModifiedTime(path).toMillis());
    }
}
