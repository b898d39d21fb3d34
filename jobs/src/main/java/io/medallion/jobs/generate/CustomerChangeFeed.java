package io.medallion.jobs.generate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Decides which day's file of the customer change feed carries each change, the way real feeds
 * deliver: most changes in the file of the day after they happened (the same changes the day's
 * customer snapshot shows), but
 * <ul>
 *   <li><b>late</b>: when a customer changed more than once in a day, the first of those changes
 *       is held back one file, so it arrives after a newer change of the same customer (not on the
 *       last day, whose held changes would have no file);
 *   <li><b>re-delivered</b>: about {@value #REDELIVERED_SHARE} of a file's events (at least one) are
 *       sent again, unchanged, in the next file.
 * </ul>
 * Mutable and sequential: files must be asked for in day order.
 */
final class CustomerChangeFeed {
    static final double REDELIVERED_SHARE = 0.05;

    private final long seed;
    private List<CustomerChange> held = List.of();
    private List<CustomerChange> previousFile = List.of();

    CustomerChangeFeed(long seed) {
        this.seed = seed;
    }

    /**
     * The file of the day numbered {@code dayIndex}, given the changes the customer base made for
     * it, in change order.
     */
    FeedFile next(int dayIndex, List<CustomerChange> changes, boolean lastDay) {
        Map<Integer, Integer> changesByCustomer = new HashMap<>();
        changes.forEach(change -> changesByCustomer.merge(change.customer().number(), 1, Integer::sum));
        List<CustomerChange> onTime = new ArrayList<>();
        List<CustomerChange> toHold = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (CustomerChange change : changes) {
            int customer = change.customer().number();
            boolean firstOfSeveral = seen.add(customer) && changesByCustomer.get(customer) > 1;
            (firstOfSeveral && !lastDay ? toHold : onTime).add(change);
        }
        FeedFile file = new FeedFile(onTime, held, redeliveries(dayIndex));
        held = toHold;
        previousFile = file.events();
        return file;
    }

    /** A few events of the previous file, in their order there. */
    private List<CustomerChange> redeliveries(int dayIndex) {
        if (previousFile.isEmpty()) {
            return List.of();
        }
        SplittableRandom random = SeededRandom.of(seed, "customer-changes-redelivery", dayIndex);
        int count = Math.max(1, (int) Math.round(previousFile.size() * REDELIVERED_SHARE));
        Set<Integer> picked = new HashSet<>();
        while (picked.size() < count) {
            picked.add(random.nextInt(previousFile.size()));
        }
        List<CustomerChange> again = new ArrayList<>();
        for (int i = 0; i < previousFile.size(); i++) {
            if (picked.contains(i)) {
                again.add(previousFile.get(i));
            }
        }
        return again;
    }

    /**
     * One day's file: its own changes, then the changes held back from the day before, then the
     * events of the day before sent again.
     */
    record FeedFile(List<CustomerChange> onTime, List<CustomerChange> late, List<CustomerChange> redelivered) {
        static final FeedFile EMPTY = new FeedFile(List.of(), List.of(), List.of());

        FeedFile {
            onTime = List.copyOf(onTime);
            late = List.copyOf(late);
            redelivered = List.copyOf(redelivered);
        }

        List<CustomerChange> events() {
            List<CustomerChange> events = new ArrayList<>(onTime);
            events.addAll(late);
            events.addAll(redelivered);
            return List.copyOf(events);
        }
    }
}
