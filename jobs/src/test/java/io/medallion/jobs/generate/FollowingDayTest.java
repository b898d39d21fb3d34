package io.medallion.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three days generated with and without a following day of 1% of their sales, compared file by file. */
class FollowingDayTest {
    private static final LocalDate LAST_FULL_DAY = LocalDate.of(2026, 1, 3);
    private static final LocalDate FOLLOWING_DAY = LocalDate.of(2026, 1, 4);
    private static final String SALES_HEADER = "transaction_id,transaction_ts,store_id,customer_id,product_id,quantity,"
            + "unit_price,discount_pct,payment_method,channel,currency";

    @TempDir
    static Path alone;
    @TempDir
    static Path full;
    @TempDir
    static Path following;

    private static GenerationResult result;

    @BeforeAll
    static void generate() {
        RetailGenerator.generate(options(alone));
        result = RetailGenerator.generate(options(full), Optional.of(new FollowingDay(following.toString(), 0.01)));
    }

    @Test
    void theFullDaysAreAsWithoutTheFollowingDayButTheLastChangeFeedFile() throws IOException {
        List<Path> files = relativeFiles(alone);
        assertThat(relativeFiles(full)).isEqualTo(files);
        Path lastFeedFile = alone.relativize(GeneratedData.file(alone, "customer_changes", LAST_FULL_DAY, "avro"));
        for (Path file : files) {
            if (!file.equals(lastFeedFile)) {
                assertThat(Files.readAllBytes(full.resolve(file))).as("bytes of %s", file).isEqualTo(Files.readAllBytes(alone.resolve(file)));
            }
        }
    }

    @Test
    void theFollowingDayHasEverySourcesFileOfItsDateInItsOwnDirectory() throws IOException {
        assertThat(relativeFiles(following)).containsExactlyInAnyOrder(
                Path.of("sales", "sales_2026-01-04.csv"), Path.of("inventory", "inventory_2026-01-04.csv"),
                Path.of("customers", "customers_2026-01-04.parquet"), Path.of("products", "products_2026-01-04.json"),
                Path.of("campaigns", "campaigns_2026-01-04.json"), Path.of("customer_changes", "customer_changes_2026-01-04.avro"));
        assertThat(result.files()).extracting(GeneratedFile::path).contains(GeneratedData.file(following, "sales", FOLLOWING_DAY, "csv").toString());
    }

    @Test
    void itsSalesAreOnePercentOfTheFullDaysWithTransactionIdsAfterTheirs() {
        List<List<String>> fullSales = new ArrayList<>();
        for (int day = 1; day <= 3; day++) {
            fullSales.addAll(GeneratedData.csvRows(GeneratedData.file(full, "sales", LocalDate.of(2026, 1, day), "csv"), SALES_HEADER));
        }
        List<List<String>> sales = GeneratedData.csvRows(GeneratedData.file(following, "sales", FOLLOWING_DAY, "csv"), SALES_HEADER);

        assertThat(sales).hasSize((int) Math.round(fullSales.size() * 0.01));
        long lastFullId = fullSales.stream().mapToLong(FollowingDayTest::transactionNumber).max().orElseThrow();
        assertThat(sales.stream().mapToLong(FollowingDayTest::transactionNumber).min().orElseThrow()).isGreaterThan(lastFullId);
    }

    @Test
    void someOfItsCustomersAndProductsChangedFromTheLastFullDay() {
        Map<String, String> before = customers(GeneratedData.file(full, "customers", LAST_FULL_DAY, "parquet"));
        Map<String, String> after = customers(GeneratedData.file(following, "customers", FOLLOWING_DAY, "parquet"));
        long changed = after.entrySet().stream().filter(c -> before.containsKey(c.getKey()) && !before.get(c.getKey()).equals(c.getValue())).count();
        assertThat(changed).as("customers changed of %s", before.size()).isPositive().isLessThan(before.size() / 10);
        assertThat(GeneratedData.avroRows(GeneratedData.file(following, "customer_changes", FOLLOWING_DAY, "avro"))).isNotEmpty();

        var pricesBefore = GeneratedData.productPrices(GeneratedData.file(full, "products", LAST_FULL_DAY, "json"));
        var pricesAfter = GeneratedData.productPrices(GeneratedData.file(following, "products", FOLLOWING_DAY, "json"));
        assertThat(pricesAfter.entrySet().stream().filter(p -> pricesBefore.containsKey(p.getKey()) && !pricesBefore.get(p.getKey()).equals(p.getValue())))
                .as("products whose price changed").isNotEmpty();
    }

    @Test
    void aShareOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new FollowingDay("/tmp/x", 0)).hasMessageContaining("above 0 and at most 1, got 0.0");
        assertThatThrownBy(() -> new FollowingDay("/tmp/x", Double.NaN)).hasMessageContaining("got NaN");
        assertThatThrownBy(() -> new FollowingDay(" ", 0.01)).hasMessageContaining("must not be blank");
    }

    @Test
    void aFolderThatIsOrHoldsOrLiesInTheFullDaysFolderIsRefused(@TempDir Path root) {
        GenerateOptions days = options(root.resolve("landing"));
        for (Path folder : List.of(root.resolve("landing"), root.resolve("landing/next"), root)) {
            assertThatThrownBy(() -> RetailGenerator.generate(days, Optional.of(new FollowingDay(folder.toString(), 0.01))))
                    .as("following day in %s", folder).hasMessageContaining("must be apart from the generated days' folder");
        }
        assertThat(root.resolve("landing")).doesNotExist();
    }

    private static GenerateOptions options(Path output) {
        return new GenerateOptions(output.toString(), 7, 1_500_000, 3, LocalDate.of(2026, 1, 1), 0.05);
    }

    private static long transactionNumber(List<String> row) {
        return Long.parseLong(row.get(0).replaceAll("[^0-9]", ""));
    }

    private static Map<String, String> customers(Path file) {
        Map<String, String> rows = new HashMap<>();
        for (Group row : GeneratedData.parquetRows(file)) {
            rows.put(row.getString("customer_id", 0), row.toString());
        }
        return rows;
    }

    private static List<Path> relativeFiles(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).sorted().map(root::relativize).toList();
        }
    }
}
