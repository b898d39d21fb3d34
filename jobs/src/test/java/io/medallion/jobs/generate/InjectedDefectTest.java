package io.medallion.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InjectedDefectTest {
    @TempDir
    Path landing;

    @Test
    void duplicateTransactionsResendsOneInTwentyRowsOfTheNewestSalesFileWhole() throws IOException {
        RetailGenerator.generate(new GenerateOptions(landing.toString(), 3, 300_000, 2, LocalDate.of(2026, 1, 1), 0));
        Path newest = landing.resolve("sales/sales_2026-01-02.csv");
        Path older = landing.resolve("sales/sales_2026-01-01.csv");
        List<String> before = Files.readAllLines(newest);
        List<String> olderBefore = Files.readAllLines(older);

        String said = InjectedDefect.DUPLICATE_TRANSACTIONS.injectInto(landing);

        List<String> after = Files.readAllLines(newest);
        int dataRows = before.size() - 1;
        assertThat(after).startsWith(before.toArray(String[]::new));
        assertThat(after).hasSize(before.size() + dataRows / 20);
        assertThat(after.subList(before.size(), after.size())).allSatisfy(line -> assertThat(before).contains(line));
        Map<String, Integer> idCounts = new HashMap<>();
        after.stream().skip(1).forEach(line -> idCounts.merge(line.substring(0, line.indexOf(',')), 1, Integer::sum));
        assertThat(idCounts.values().stream().filter(c -> c == 2).count()).isEqualTo(dataRows / 20);
        assertThat(Files.readAllLines(older)).isEqualTo(olderBefore);
        assertThat(said).contains(String.valueOf(dataRows / 20)).contains("sales_2026-01-02.csv");
        assertThat(Files.list(landing.resolve("sales")).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                "sales_2026-01-01.csv", "sales_2026-01-02.csv");
    }
}
