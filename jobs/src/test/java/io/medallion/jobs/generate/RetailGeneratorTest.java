package io.medallion.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One small generation (about 1.5 MB over three days, 5% defects) read back and checked file by file. */
class RetailGeneratorTest {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
    private static final List<LocalDate> DAYS =
            List.of(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 2), LocalDate.of(2026, 1, 3));
    private static final String SALES_HEADER = "transaction_id,transaction_ts,store_id,customer_id,product_id,quantity,"
            + "unit_price,discount_pct,payment_method,channel,currency";
    private static final String INVENTORY_HEADER = "movement_id,product_id,store_id,quantity_change,reason,movement_ts";

    @TempDir
    static Path output;

    private static GenerateOptions options;
    private static GenerationResult result;

    @BeforeAll
    static void generate() {
        options = new GenerateOptions(output.toString(), 7, 1_500_000, 3, LocalDate.of(2026, 1, 1), 0.05);
        result = RetailGenerator.generate(options);
    }

    @Test
    void writesOneFilePerSourceAndDayAndNothingElse() throws IOException {
        List<String> expected = new ArrayList<>();
        for (String source : List.of("sales", "inventory", "customers", "products", "campaigns")) {
            String extension = switch (source) {
                case "sales", "inventory" -> "csv";
                case "customers" -> "parquet";
                default -> "json";
            };
            for (LocalDate day : DAYS) {
                expected.add(GeneratedData.file(output, source, day, extension).toString());
            }
        }
        // The change feed starts with the first changes, on the second day.
        for (LocalDate day : DAYS.subList(1, DAYS.size())) {
            expected.add(GeneratedData.file(output, "customer_changes", day, "avro").toString());
        }

        assertThat(result.files()).extracting(GeneratedFile::path).containsExactlyElementsOf(expected);
        try (Stream<Path> files = Files.walk(output)) {
            assertThat(files.filter(Files::isRegularFile).map(Path::toString))
                    .as("every file on disk, so no .crc side files")
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void reportedRowsAndBytesMatchTheFiles() throws IOException {
        Map<String, Long> rowsBySource = new LinkedHashMap<>();
        long bytes = 0;
        for (GeneratedFile file : result.files()) {
            Path path = Path.of(file.path());
            long rows = switch (file.source()) {
                case "sales", "inventory" -> GeneratedData.lines(path).size() - 1;
                case "customers" -> GeneratedData.parquetRows(path).size();
                case "products" -> GeneratedData.json(path).get("products").size();
                case "customer_changes" -> GeneratedData.avroRows(path).size();
                default -> GeneratedData.lines(path).size();
            };
            assertThat(file.rows()).as("rows of %s", path).isEqualTo(rows);
            assertThat(file.bytes()).as("bytes of %s", path).isEqualTo(Files.size(path));
            rowsBySource.merge(file.source(), rows, Long::sum);
            bytes += Files.size(path);
        }

        assertThat(result.rowsBySource()).containsExactlyEntriesOf(rowsBySource);
        assertThat(result.bytesWritten()).isEqualTo(bytes);
    }

    @Test
    void everySalesLineHasTheElevenColumnsOfTheHeader() {
        for (LocalDate day : DAYS) {
            List<String> lines = GeneratedData.lines(GeneratedData.file(output, "sales", day, "csv"));
            assertThat(lines.get(0)).isEqualTo(SALES_HEADER);
            for (String line : lines) {
                assertThat(GeneratedData.csvFields(line)).as(line).hasSize(11);
            }
        }
    }

    @Test
    void everyInjectedDefectIsCountedUnderItsKind() {
        Map<DefectKind, Long> found = new EnumMap<>(DefectKind.class);
        for (DefectKind kind : DefectKind.values()) {
            found.put(kind, 0L);
        }
        for (LocalDate day : DAYS) {
            Set<String> customers = GeneratedData.customerIds(GeneratedData.file(output, "customers", day, "parquet"));
            Set<String> products = GeneratedData.productPrices(GeneratedData.file(output, "products", day, "json")).keySet();
            Set<String> transactionIds = new HashSet<>();
            for (List<String> row : GeneratedData.csvRows(GeneratedData.file(output, "sales", day, "csv"), SALES_HEADER)) {
                DefectKind kind = salesDefect(row, day, customers, products, transactionIds);
                if (kind != null) {
                    found.merge(kind, 1L, Long::sum);
                }
            }
            for (List<String> row : GeneratedData.csvRows(GeneratedData.file(output, "inventory", day, "csv"), INVENTORY_HEADER)) {
                if (!isInteger(row.get(3))) {
                    found.merge(DefectKind.WRONG_TYPE, 1L, Long::sum);
                }
            }
        }

        Map<String, Long> foundByKey = new LinkedHashMap<>();
        found.forEach((kind, count) -> foundByKey.put(kind.key(), count));
        assertThat(result.defectsByKind()).containsExactlyEntriesOf(foundByKey);
        assertThat(found.values()).as("every kind injected").allSatisfy(count -> assertThat(count).isPositive());
        long salesRows = result.rowsBySource().get("sales");
        long defects = found.values().stream().mapToLong(Long::longValue).sum();
        assertThat((double) defects / salesRows).as("defect share").isBetween(0.04, 0.065);
        assertThat(result.quarantinableDefects()).isEqualTo(found.get(DefectKind.WRONG_TYPE)
                + found.get(DefectKind.MISSING_FIELD) + found.get(DefectKind.MALFORMED_TIMESTAMP)
                + found.get(DefectKind.OUT_OF_RANGE));
    }

    @Test
    void validSalesRowsReferToTheirDaysSnapshotsAtThatDaysPrice() {
        Map<LocalDate, Map<String, BigDecimal>> pricesByDay = new HashMap<>();
        for (LocalDate day : DAYS) {
            pricesByDay.put(day, GeneratedData.productPrices(GeneratedData.file(output, "products", day, "json")));
        }
        long checked = 0;
        for (LocalDate day : DAYS) {
            Set<String> customers = GeneratedData.customerIds(GeneratedData.file(output, "customers", day, "parquet"));
            Set<String> transactionIds = new HashSet<>();
            for (List<String> row : GeneratedData.csvRows(GeneratedData.file(output, "sales", day, "csv"), SALES_HEADER)) {
                DefectKind kind = salesDefect(row, day, customers, pricesByDay.get(day).keySet(), transactionIds);
                if (kind == null || kind == DefectKind.LATE_ARRIVING) {
                    LocalDate transactionDay = LocalDateTime.parse(row.get(1), TIMESTAMP).toLocalDate();
                    assertThat(customers).as("customer of %s", row).contains(row.get(3));
                    assertThat(new BigDecimal(row.get(6)))
                            .as("price of %s on %s", row.get(4), transactionDay)
                            .isEqualByComparingTo(pricesByDay.get(transactionDay).get(row.get(4)));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(result.rowsBySource().get("sales") * 9 / 10);
    }

    @Test
    void cleanSalesRowsStayWithinTheDocumentedValues() {
        long previousTransaction = 0;
        long withoutDiscount = 0;
        long clean = 0;
        for (LocalDate day : DAYS) {
            Set<String> customers = GeneratedData.customerIds(GeneratedData.file(output, "customers", day, "parquet"));
            Set<String> products = GeneratedData.productPrices(GeneratedData.file(output, "products", day, "json")).keySet();
            Set<String> transactionIds = new HashSet<>();
            String previousTimestamp = "";
            for (List<String> row : GeneratedData.csvRows(GeneratedData.file(output, "sales", day, "csv"), SALES_HEADER)) {
                if (salesDefect(row, day, customers, products, transactionIds) != null) {
                    continue;
                }
                clean++;
                assertThat(row.get(0)).matches("TX\\d{10}");
                long transaction = Long.parseLong(row.get(0).substring(2));
                assertThat(transaction).as("transaction ids rise").isGreaterThan(previousTransaction);
                previousTransaction = transaction;
                assertThat(row.get(1)).startsWith(day.toString()).isGreaterThanOrEqualTo(previousTimestamp);
                previousTimestamp = row.get(1);
                assertThat(Integer.parseInt(row.get(2).substring(1))).isBetween(1, 40);
                assertThat(row.get(2)).matches("S\\d{3}");
                assertThat(row.get(3)).matches("C\\d{7}");
                assertThat(row.get(4)).matches("P\\d{6}");
                assertThat(Integer.parseInt(row.get(5))).isBetween(1, 20);
                assertThat(row.get(6)).matches("\\d+\\.\\d{2}");
                assertThat(new BigDecimal(row.get(6))).isBetween(new BigDecimal("0.50"), new BigDecimal("2000.00"));
                if (row.get(7).isEmpty()) {
                    withoutDiscount++;
                } else {
                    assertThat(row.get(7)).matches("\\d{1,2}(\\.\\d{1,2})?");
                    assertThat(new BigDecimal(row.get(7))).isBetween(BigDecimal.ZERO, new BigDecimal("50"));
                }
                assertThat(row.get(8)).isIn("card", "cash", "mobile", "voucher");
                assertThat(row.get(9)).isIn("store", "web", "app");
                assertThat(row.get(10)).isEqualTo("EUR");
            }
        }
        assertThat((double) withoutDiscount / clean).as("share without discount").isBetween(0.65, 0.75);
    }

    @Test
    void productsFileIsOneJsonDocumentWithTheDocumentedFields() {
        JsonNode document = GeneratedData.json(GeneratedData.file(output, "products", DAYS.get(0), "json"));

        assertThat(document.fieldNames()).toIterable().containsExactly("products");
        assertThat(document.get("products").size()).isEqualTo(GenerationPlan.of(options).initialProducts());
        for (JsonNode product : document.get("products")) {
            assertThat(product.fieldNames()).toIterable().containsExactly("product_id", "name", "category",
                    "subcategory", "brand", "price", "currency", "attributes", "tags", "active", "updated_at");
            assertThat(product.get("product_id").asText()).matches("P\\d{6}");
            assertThat(product.get("name").asText()).isNotBlank();
            assertThat(product.get("price").isNumber()).isTrue();
            assertThat(product.get("price").decimalValue()).isBetween(new BigDecimal("0.50"), new BigDecimal("2000.00"));
            assertThat(product.get("currency").asText()).isEqualTo("EUR");
            JsonNode attributes = product.get("attributes");
            assertThat(attributes.fieldNames()).toIterable().containsExactly("color", "weight_kg", "dimensions");
            assertThat(attributes.get("weight_kg").isNumber()).isTrue();
            assertThat(attributes.get("dimensions").fieldNames()).toIterable()
                    .containsExactly("width_cm", "height_cm", "depth_cm");
            assertThat(product.get("tags").isArray()).isTrue();
            assertThat(product.get("active").isBoolean()).isTrue();
            assertThat(product.get("updated_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        }
    }

    @Test
    void productChangesAndNewProductsAreStampedOnThePreviousDay() {
        Map<String, JsonNode> firstDay = productsById(DAYS.get(0));
        Map<String, JsonNode> secondDay = productsById(DAYS.get(1));

        assertThat(secondDay).hasSize(firstDay.size() + GenerationPlan.of(options).newProductsPerDay());
        long changed = 0;
        for (JsonNode product : secondDay.values()) {
            JsonNode before = firstDay.get(product.get("product_id").asText());
            if (before == null || !before.equals(product)) {
                assertThat(product.get("updated_at").asText()).as("updated_at of %s", product).startsWith("2026-01-01T");
                changed += before == null ? 0 : 1;
            }
        }
        assertThat(changed).as("products changed overnight").isPositive();
    }

    @Test
    void customersParquetHasTheDocumentedSchema() {
        Path file = GeneratedData.file(output, "customers", DAYS.get(0), "parquet");

        assertThat(GeneratedData.parquetSchema(file)).isEqualTo(MessageTypeParser.parseMessageType("""
                message customer {
                  optional binary customer_id (STRING);
                  optional binary first_name (STRING);
                  optional binary last_name (STRING);
                  optional binary email (STRING);
                  optional binary phone (STRING);
                  optional int32 birth_date (DATE);
                  optional binary city (STRING);
                  optional binary country (STRING);
                  optional binary loyalty_tier (STRING);
                  optional int64 signup_ts (TIMESTAMP(MICROS,true));
                  optional int64 updated_at (TIMESTAMP(MICROS,true));
                }
                """));
        List<Group> rows = GeneratedData.parquetRows(file);
        assertThat(rows).hasSize(GenerationPlan.of(options).initialCustomers());
        long firstDayMicros = DAYS.get(0).toEpochDay() * 86_400_000_000L;
        for (int i = 0; i < rows.size(); i++) {
            Group row = rows.get(i);
            assertThat(row.getString("customer_id", 0)).isEqualTo(String.format("C%07d", i + 1));
            assertThat(row.getString("email", 0)).matches("[a-z0-9]+\\.[a-z0-9]+@([a-z]+\\.)?example(\\.[a-z]+)?");
            assertThat(row.getString("phone", 0)).matches("\\+\\d{2} \\d{3} \\d{7}");
            assertThat(LocalDate.ofEpochDay(row.getInteger("birth_date", 0)))
                    .isBetween(LocalDate.of(1940, 1, 1), LocalDate.of(2007, 12, 31));
            assertThat(row.getString("country", 0)).isIn("DE", "FR", "IT", "ES", "NL");
            assertThat(row.getString("loyalty_tier", 0)).isIn("bronze", "silver", "gold", "platinum");
            assertThat(row.getLong("signup_ts", 0)).isLessThanOrEqualTo(row.getLong("updated_at", 0));
            assertThat(row.getLong("updated_at", 0)).isLessThan(firstDayMicros);
        }
    }

    @Test
    void customerChangesAndSignUpsAreStampedOnThePreviousDay() {
        Map<String, String> firstDay = customersById(GeneratedData.parquetRows(GeneratedData.file(output, "customers", DAYS.get(0), "parquet")));
        Map<String, String> secondDay = customersById(GeneratedData.parquetRows(GeneratedData.file(output, "customers", DAYS.get(1), "parquet")));
        Map<String, Long> secondDayUpdates = new HashMap<>();
        GeneratedData.parquetRows(GeneratedData.file(output, "customers", DAYS.get(1), "parquet"))
                .forEach(row -> secondDayUpdates.put(row.getString("customer_id", 0), row.getLong("updated_at", 0)));
        long previousDayStart = DAYS.get(0).toEpochDay() * 86_400_000_000L;
        long previousDayEnd = DAYS.get(1).toEpochDay() * 86_400_000_000L;

        long deleted = firstDay.keySet().stream().filter(id -> !secondDay.containsKey(id)).count();
        assertThat(deleted).as("customers who closed their account").isPositive();
        assertThat(secondDay).hasSize(firstDay.size() - (int) deleted + GenerationPlan.of(options).newCustomersPerDay());
        long changed = 0;
        for (Map.Entry<String, String> after : secondDay.entrySet()) {
            if (!after.getValue().equals(firstDay.get(after.getKey()))) {
                assertThat(secondDayUpdates.get(after.getKey())).isBetween(previousDayStart, previousDayEnd - 1);
                changed += firstDay.containsKey(after.getKey()) ? 1 : 0;
            }
        }
        assertThat(changed).as("customers changed overnight").isPositive();
    }

    private static Map<String, String> customersById(List<Group> rows) {
        Map<String, String> byId = new LinkedHashMap<>();
        rows.forEach(row -> byId.put(row.getString("customer_id", 0), row.toString()));
        return byId;
    }

    @Test
    void campaignsAreJsonLinesOfTheCampaignsRunningThatDay() {
        for (LocalDate day : DAYS) {
            List<String> lines = GeneratedData.lines(GeneratedData.file(output, "campaigns", day, "json"));
            assertThat(lines).isNotEmpty();
            for (String line : lines) {
                JsonNode campaign = parse(line);
                assertThat(campaign.fieldNames()).toIterable().containsExactly("campaign_id", "name", "channel",
                        "start_date", "end_date", "budget", "target_segment", "performance", "updated_at");
                assertThat(campaign.get("campaign_id").asText()).matches("CMP\\d{5}");
                assertThat(campaign.get("channel").asText()).isIn("email", "social", "search", "display");
                assertThat(day).isBetween(LocalDate.parse(campaign.get("start_date").asText()),
                        LocalDate.parse(campaign.get("end_date").asText()));
                JsonNode performance = campaign.get("performance");
                assertThat(performance.fieldNames()).toIterable()
                        .containsExactly("impressions", "clicks", "conversions", "spend");
                assertThat(performance.get("spend").decimalValue()).isPositive()
                        .isLessThanOrEqualTo(campaign.get("budget").decimalValue());
                assertThat(performance.get("clicks").asLong()).isLessThanOrEqualTo(performance.get("impressions").asLong());
                assertThat(campaign.get("updated_at").asText()).startsWith(day.plusDays(1) + "T");
            }
        }
    }

    @Test
    void inventoryMovementsReferToProductsAndStoresWithTheSignOfTheirReason() {
        for (LocalDate day : DAYS) {
            Set<String> products = GeneratedData.productPrices(GeneratedData.file(output, "products", day, "json")).keySet();
            List<List<String>> rows = GeneratedData.csvRows(GeneratedData.file(output, "inventory", day, "csv"), INVENTORY_HEADER);
            for (List<String> row : rows) {
                assertThat(row).hasSize(6);
                assertThat(row.get(0)).matches("M\\d{10}");
                assertThat(products).contains(row.get(1));
                assertThat(row.get(2)).matches("S0[0-4]\\d");
                assertThat(row.get(5)).startsWith(day + " ");
                if (isInteger(row.get(3))) {
                    int change = Integer.parseInt(row.get(3));
                    switch (row.get(4)) {
                        case "sale", "damage" -> assertThat(change).as("%s", row).isNegative();
                        case "restock", "return" -> assertThat(change).as("%s", row).isPositive();
                        case "adjustment" -> assertThat(change).as("%s", row).isNotZero();
                        default -> throw new AssertionError("Unknown reason in " + row);
                    }
                }
            }
        }
    }

    /**
     * The defect a sales row carries, or null for a clean row, judged from the files alone. Records
     * the row's transaction_id in {@code transactionIds}, the ids seen so far in its file.
     */
    private static DefectKind salesDefect(List<String> row, LocalDate day, Set<String> customers, Set<String> products,
            Set<String> transactionIds) {
        boolean repeated = !transactionIds.add(row.get(0));
        if (row.get(1).isEmpty() || row.get(3).isEmpty() || row.get(4).isEmpty()) {
            return DefectKind.MISSING_FIELD;
        }
        LocalDateTime timestamp;
        try {
            timestamp = LocalDateTime.parse(row.get(1), TIMESTAMP);
        } catch (DateTimeParseException malformed) {
            return DefectKind.MALFORMED_TIMESTAMP;
        }
        if (!isInteger(row.get(5)) || !row.get(6).matches("-?\\d+\\.\\d{2}")) {
            return DefectKind.WRONG_TYPE;
        }
        int quantity = Integer.parseInt(row.get(5));
        if (quantity < 1 || quantity > 20 || row.get(6).startsWith("-")) {
            return DefectKind.OUT_OF_RANGE;
        }
        if (repeated) {
            return DefectKind.DUPLICATE_KEY;
        }
        if (!customers.contains(row.get(3)) || !products.contains(row.get(4))) {
            return DefectKind.ORPHAN_FOREIGN_KEY;
        }
        if (timestamp.toLocalDate().isBefore(day)) {
            return DefectKind.LATE_ARRIVING;
        }
        return null;
    }

    private static boolean isInteger(String text) {
        return text.matches("-?\\d+");
    }

    private static Map<String, JsonNode> productsById(LocalDate day) {
        Map<String, JsonNode> products = new LinkedHashMap<>();
        for (JsonNode product : GeneratedData.json(GeneratedData.file(output, "products", day, "json")).get("products")) {
            products.put(product.get("product_id").asText(), product);
        }
        return products;
    }

    private static JsonNode parse(String line) {
        try {
            return GeneratedData.JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
