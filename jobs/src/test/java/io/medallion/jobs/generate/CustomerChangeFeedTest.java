package io.medallion.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The customer change feed of a small four-day generation, read back with Avro's reader and held against the snapshots. */
class CustomerChangeFeedTest {
    private static final LocalDate START = LocalDate.of(2026, 1, 1);
    private static final int DAYS = 4;
    private static final List<String> VALUE_FIELDS =
            List.of("first_name", "last_name", "email", "phone", "birth_date", "city", "country", "loyalty_tier", "signup_ts");

    @TempDir
    static Path output;

    /** The events of each day's file, by day index (1 to 3). */
    private static final Map<Integer, List<Event>> FILES = new LinkedHashMap<>();

    /** One feed row, its fields as the file holds them (strings, not Avro's Utf8). */
    private record Event(long changeId, String customerId, String op, long changedAt, List<Object> values) {
        static Event of(GenericRecord record) {
            List<Object> values = new ArrayList<>();
            VALUE_FIELDS.forEach(field -> values.add(plain(record.get(field))));
            return new Event((Long) record.get("change_id"), record.get("customer_id").toString(), record.get("op").toString(),
                    (Long) record.get("changed_at"), values);
        }

        Object value(String field) {
            return values.get(VALUE_FIELDS.indexOf(field));
        }
    }

    @BeforeAll
    static void generate() {
        RetailGenerator.generate(new GenerateOptions(output.toString(), 11, 1_500_000, DAYS, START, 0.02));
        for (int day = 1; day < DAYS; day++) {
            FILES.put(day, GeneratedData.avroRows(GeneratedData.file(output, "customer_changes", START.plusDays(day), "avro")).stream()
                    .map(Event::of).toList());
        }
    }

    @Test
    void theFileHasTheDocumentedSchemaAndADeleteCarriesOnlyItsIds() {
        GenericRecord first = GeneratedData.avroRows(GeneratedData.file(output, "customer_changes", START.plusDays(1), "avro")).get(0);
        assertThat(first.getSchema().getFields()).extracting(org.apache.avro.Schema.Field::name).containsExactly("change_id", "customer_id", "op",
                "changed_at", "first_name", "last_name", "email", "phone", "birth_date", "city", "country", "loyalty_tier", "signup_ts");
        assertThat(first.getSchema().getField("changed_at").schema().getLogicalType().getName()).isEqualTo("timestamp-micros");

        List<Event> all = FILES.values().stream().flatMap(List::stream).toList();
        assertThat(all).extracting(Event::op).containsOnly("I", "U", "D").contains("I", "U", "D");
        assertThat(all).filteredOn(e -> e.op().equals("D")).isNotEmpty()
                .allSatisfy(delete -> assertThat(delete.values()).as("values of %s", delete).containsOnlyNulls());
        assertThat(all).filteredOn(e -> !e.op().equals("D"))
                .allSatisfy(upsert -> assertThat(upsert.values()).as("values of %s", upsert).doesNotContainNull());
        assertThat(all).allSatisfy(e -> assertThat(e.customerId()).matches("C[0-9]{7}"));
    }

    @Test
    void eachFileHoldsTheChangesBetweenTwoSnapshots() {
        Map<String, Event> state = new HashMap<>();
        snapshot(0).forEach((id, row) -> state.put(id, row));
        for (int day = 1; day < DAYS; day++) {
            for (Event event : FILES.get(day)) {
                Event held = state.get(event.customerId());
                // Applied by time, as silver does: an event older than what is held changes nothing.
                if (held != null && held.changedAt() >= event.changedAt()) {
                    continue;
                }
                state.put(event.customerId(), event);
            }
            Map<String, List<Object>> expected = new HashMap<>();
            state.forEach((id, event) -> {
                if (!event.op().equals("D")) {
                    List<Object> values = new ArrayList<>(event.values());
                    values.add(event.changedAt());
                    expected.put(id, values);
                }
            });
            Map<String, List<Object>> actual = new HashMap<>();
            snapshot(day).forEach((id, row) -> {
                List<Object> values = new ArrayList<>(row.values());
                values.add(row.changedAt());
                actual.put(id, values);
            });
            assertThat(actual).as("snapshot of day %d against the snapshot of day 0 and the feed up to it", day).isEqualTo(expected);
        }
    }

    @Test
    void insertsAreNewCustomersAndDeletesLeaveTheSnapshots() {
        for (int day = 1; day < DAYS; day++) {
            Set<String> before = snapshot(day - 1).keySet();
            Set<String> after = snapshot(day).keySet();
            long dayBefore = micros(day - 1);
            List<Event> onTime = FILES.get(day).stream().filter(e -> e.changedAt() >= dayBefore).toList();
            assertThat(onTime).filteredOn(e -> e.op().equals("I")).extracting(Event::customerId).isNotEmpty()
                    .allSatisfy(id -> assertThat(before).doesNotContain(id)).allSatisfy(id -> assertThat(after).contains(id));
            assertThat(onTime).filteredOn(e -> e.op().equals("D")).extracting(Event::customerId).isNotEmpty()
                    .allSatisfy(id -> assertThat(before).contains(id)).allSatisfy(id -> assertThat(after).doesNotContain(id));
        }
    }

    @Test
    void updatesChangeTrackedColumnsAndThePhoneAlone() {
        Map<String, Integer> updatesByChangedColumns = new HashMap<>();
        Map<String, Event> previous = new HashMap<>(snapshot(0));
        for (Event event : distinctEventsInTimeOrder()) {
            Event before = previous.put(event.customerId(), event);
            if (event.op().equals("U")) {
                String changed = VALUE_FIELDS.stream().filter(f -> !Objects.equals(before.value(f), event.value(f))).collect(Collectors.joining(","));
                updatesByChangedColumns.merge(changed, 1, Integer::sum);
            }
        }

        assertThat(updatesByChangedColumns).as("updates by the columns they change").containsOnlyKeys("email", "city", "loyalty_tier", "phone");
    }

    @Test
    void aCustomerChangesSeveralTimesInOneDay() {
        Map<Long, Map<String, Integer>> changesByDayAndCustomer = new HashMap<>();
        for (Event event : distinctEventsInTimeOrder()) {
            changesByDayAndCustomer.computeIfAbsent(Math.floorDiv(event.changedAt(), 86_400_000_000L), d -> new HashMap<>())
                    .merge(event.customerId(), 1, Integer::sum);
        }

        for (int day = 0; day < DAYS - 1; day++) {
            assertThat(changesByDayAndCustomer.get(START.plusDays(day).toEpochDay()).values()).as("changes per customer on day %d", day)
                    .anySatisfy(count -> assertThat(count).isGreaterThan(1));
        }
    }

    @Test
    void someEventsAreDeliveredAgainUnchangedInTheNextFile() {
        for (int day = 2; day < DAYS; day++) {
            List<Event> previousFile = FILES.get(day - 1);
            List<Event> again = FILES.get(day).stream().filter(previousFile::contains).toList();
            assertThat(again).as("events of file %d sent again in file %d", day - 1, day).isNotEmpty();
            assertThat((long) again.size()).isLessThanOrEqualTo(Math.max(1, Math.round(previousFile.size() * 0.05)));
        }
        assertThat(FILES.get(1)).as("the first file repeats nothing").doesNotHaveDuplicates();
    }

    @Test
    void someEventsArriveAfterANewerChangeOfTheirCustomer() {
        Map<String, Long> latestDelivered = new HashMap<>();
        Map<Integer, Integer> lateByDay = new HashMap<>();
        for (int day = 1; day < DAYS; day++) {
            for (Event event : FILES.get(day)) {
                Long latest = latestDelivered.get(event.customerId());
                boolean redelivered = day > 1 && FILES.get(day - 1).contains(event);
                if (latest != null && latest > event.changedAt() && !redelivered) {
                    lateByDay.merge(day, 1, Integer::sum);
                    assertThat(event.changedAt()).as("a late event happened the day before its file's changes").isBetween(micros(day - 2), micros(day - 1) - 1);
                }
            }
            FILES.get(day).forEach(e -> latestDelivered.merge(e.customerId(), e.changedAt(), Math::max));
        }

        assertThat(lateByDay).as("late events by file: none in the first, which has no day before").containsOnlyKeys(2, 3);
    }

    @Test
    void changeIdsAreUniqueAndFollowTime() {
        List<Event> firstDeliveries = new ArrayList<>();
        for (int day = 1; day < DAYS; day++) {
            int previousDay = day - 1;
            FILES.get(day).stream().filter(e -> previousDay == 0 || !FILES.get(previousDay).contains(e)).forEach(firstDeliveries::add);
        }
        assertThat(firstDeliveries).extracting(Event::changeId).doesNotHaveDuplicates();
        List<Event> byId = firstDeliveries.stream().sorted((a, b) -> Long.compare(a.changeId(), b.changeId())).toList();
        for (int i = 1; i < byId.size(); i++) {
            assertThat(byId.get(i).changedAt()).isGreaterThanOrEqualTo(byId.get(i - 1).changedAt());
        }
    }

    /** Every event once, in the order the changes happened. */
    private static List<Event> distinctEventsInTimeOrder() {
        return FILES.values().stream().flatMap(List::stream).distinct().sorted((a, b) -> Long.compare(a.changedAt(), b.changedAt())).toList();
    }

    /** The customers of day {@code day}'s snapshot as events, with updated_at as their time. */
    private static Map<String, Event> snapshot(int day) {
        Map<String, Event> rows = new LinkedHashMap<>();
        for (Group row : GeneratedData.parquetRows(GeneratedData.file(output, "customers", START.plusDays(day), "parquet"))) {
            List<Object> values = Arrays.asList(row.getString("first_name", 0), row.getString("last_name", 0), row.getString("email", 0),
                    row.getString("phone", 0), row.getInteger("birth_date", 0), row.getString("city", 0), row.getString("country", 0),
                    row.getString("loyalty_tier", 0), row.getLong("signup_ts", 0));
            String id = row.getString("customer_id", 0);
            rows.put(id, new Event(0, id, "snapshot", row.getLong("updated_at", 0), values));
        }
        return rows;
    }

    /** Midnight of the day {@code day} days after the start, in microseconds. */
    private static long micros(int day) {
        return START.plusDays(day).toEpochDay() * 86_400_000_000L;
    }

    private static Object plain(Object avroValue) {
        return avroValue instanceof CharSequence text ? text.toString() : avroValue;
    }
}
