package io.medallion.lakehouse.silver.model;

import io.medallion.lakehouse.silver.ChangeOperation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Random event sequences, the same for the same seed: 3 to 15 events over 1 to 3 keys, sequences from
 * a small range (so ties happen), upserts and (when the variant takes them) deletes, values drawn
 * from small sets with nulls (so events repeat values and change nothing), arrival in sequence order
 * or shuffled, re-deliveries of earlier events, and a split into 1 to 4 batches, sometimes followed
 * by a whole batch delivered again.
 */
public final class CaseGenerator {
    private static final List<String> KEY_STRINGS = List.of("a", "b");
    private static final List<Integer> KEY_INTS = List.of(1, 2);
    private static final List<String> STRINGS = Arrays.asList(null, "x", "y", "z");
    private static final List<Integer> INTS = Arrays.asList(null, 0, 1, 2);
    private static final List<BigDecimal> DECIMALS = Arrays.asList(null, new BigDecimal("1.00"), new BigDecimal("2.50"), new BigDecimal("-3.75"));
    private static final int MAX_BATCHES = 4;

    private CaseGenerator() {}

    public static RandomCase generate(long seed, Variant variant) {
        Random random = new Random(seed);
        List<List<Object>> keys = keys(random, variant.keyParts());
        boolean deletes = variant.spec().deletes().isPresent();
        int eventCount = 3 + random.nextInt(13);
        int sequenceRange = 1 + random.nextInt(eventCount);
        List<Event> events = new ArrayList<>();
        for (int index = 0; index < eventCount; index++) {
            List<Object> key = keys.get(random.nextInt(keys.size()));
            long sequence = 1 + random.nextInt(sequenceRange);
            if (deletes && random.nextInt(4) == 0) {
                events.add(Event.delete(key, sequence, random.nextBoolean() ? Arrays.asList(null, null, null) : values(random)));
            } else {
                events.add(Event.upsert(key, sequence, values(random)));
            }
        }
        if (random.nextBoolean()) {
            events.sort(Comparator.comparing(event -> (Long) event.sequence()));
        } else {
            Collections.shuffle(events, random);
        }
        int redeliveries = random.nextInt(4);
        for (int copy = 0; copy < redeliveries; copy++) {
            int original = random.nextInt(events.size());
            events.add(original + 1 + random.nextInt(events.size() - original), events.get(original));
        }
        List<List<Event>> batches = split(events, random);
        if (batches.size() < MAX_BATCHES && random.nextInt(8) == 0) {
            batches.add(batches.get(random.nextInt(batches.size())));
        }
        return new RandomCase(seed, batches);
    }

    private static List<List<Object>> keys(Random random, Variant.KeyParts parts) {
        int wanted = 1 + random.nextInt(3);
        List<List<Object>> keys = new ArrayList<>();
        while (keys.size() < wanted) {
            List<Object> key = Event.key(pick(random, KEY_STRINGS, parts), pick(random, KEY_INTS, parts));
            if (!keys.contains(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    private static Object pick(Random random, List<?> choices, Variant.KeyParts parts) {
        if (parts == Variant.KeyParts.NULLABLE && random.nextInt(3) == 0) {
            return null;
        }
        return choices.get(random.nextInt(choices.size()));
    }

    private static List<Object> values(Random random) {
        return Event.values(
                STRINGS.get(random.nextInt(STRINGS.size())),
                INTS.get(random.nextInt(INTS.size())),
                DECIMALS.get(random.nextInt(DECIMALS.size())));
    }

    /** Cuts the arrival order into 1 to 4 non-empty batches at random places. */
    private static List<List<Event>> split(List<Event> events, Random random) {
        int batchCount = 1 + random.nextInt(Math.min(MAX_BATCHES, events.size()));
        TreeSet<Integer> cuts = new TreeSet<>();
        while (cuts.size() < batchCount - 1) {
            cuts.add(1 + random.nextInt(events.size() - 1));
        }
        cuts.add(events.size());
        List<List<Event>> batches = new ArrayList<>();
        int start = 0;
        for (int cut : cuts) {
            batches.add(new ArrayList<>(events.subList(start, cut)));
            start = cut;
        }
        return batches;
    }
}
