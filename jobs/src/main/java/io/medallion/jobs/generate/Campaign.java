package io.medallion.jobs.generate;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/** One marketing campaign; {@code campaign_id} is {@code CMP} and the five-digit {@code number}. */
record Campaign(int number, String name, String channel, LocalDate startDate, LocalDate endDate, long budgetCents,
        String targetSegment) {

    Campaign {
        requireNonNull(name, "name is null");
        requireNonNull(channel, "channel is null");
        requireNonNull(startDate, "startDate is null");
        requireNonNull(endDate, "endDate is null");
        requireNonNull(targetSegment, "targetSegment is null");
    }

    boolean isActiveOn(LocalDate date) {
        return !date.isBefore(startDate) && !date.isAfter(endDate);
    }

    /** Cumulative results of a campaign up to the end of a day; spend in euro cents. */
    record Performance(long impressions, long clicks, long conversions, long spendCents) {}
}
