package io.medallion.jobs.generate;

import static java.util.Objects.requireNonNull;

/**
 * One event of the customer change feed.
 *
 * @param changeId the feed's id of the event; ids grow with {@code changedEpochSecond}
 * @param customer the customer after the change (a delete: as it was before it)
 * @param changedEpochSecond when the change happened, in the customer system
 */
record CustomerChange(long changeId, Operation operation, Customer customer, long changedEpochSecond) {

    /** What the change did, with the one-letter code the feed writes (as AWS DMS and GoldenGate do). */
    enum Operation {
        INSERT("I"), UPDATE("U"), DELETE("D");

        private final String code;

        Operation(String code) {
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    CustomerChange {
        requireNonNull(operation, "operation is null");
        requireNonNull(customer, "customer is null");
    }
}
