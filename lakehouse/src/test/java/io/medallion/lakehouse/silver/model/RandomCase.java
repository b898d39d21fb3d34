package io.medallion.lakehouse.silver.model;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One generated case: its seed and its events batch by batch, in arrival order. Keys are (k_str,
 * k_int); {@link #batchesFor} puts the case's id in front so that many cases share one table.
 */
public record RandomCase(long seed, List<List<Event>> batches) {
    public RandomCase {
        batches = batches.stream().map(List::copyOf).toList();
    }

    /** Every event of every batch, in arrival order (re-deliveries included). */
    public List<Event> events() {
        return batches.stream().flatMap(List::stream).toList();
    }

    public List<List<Event>> batchesFor(int caseId) {
        return batches.stream().map(batch -> batch.stream().map(event -> withCaseId(event, caseId)).toList()).toList();
    }

    public List<Event> eventsFor(int caseId) {
        return batchesFor(caseId).stream().flatMap(List::stream).toList();
    }

    private static Event withCaseId(Event event, int caseId) {
        List<Object> key = new ArrayList<>();
        key.add(caseId);
        key.addAll(event.key());
        return event.withKey(key);
    }

    /** The Java expression that builds this case, to paste into the property test's pinned cases. */
    public String toJava() {
        return "new RandomCase(" + seed + "L, List.of(\n" + batches.stream()
                .map(batch -> batch.stream().map(event -> "                " + event.toJava()).collect(Collectors.joining(",\n", "        List.of(\n", ")")))
                .collect(Collectors.joining(",\n")) + "))";
    }
}
