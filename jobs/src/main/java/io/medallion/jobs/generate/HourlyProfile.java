package io.medallion.jobs.generate;

/**
 * How a day's rows spread over its hours: quiet at night, peaks at late morning and early evening.
 *
 * <p>Rows are written in time order, hour by hour, so timestamps rise through each file without the
 * file ever being sorted in memory.
 */
final class HourlyProfile {
    private static final int[] WEIGHTS = {1, 1, 1, 1, 1, 2, 4, 6, 8, 9, 10, 10, 9, 8, 8, 8, 9, 10, 10, 9, 7, 5, 3, 2};
    private static final int TOTAL_WEIGHT = total();

    private HourlyProfile() {}

    /** {@code rows} split over the 24 hours by weight; the parts add up to {@code rows} exactly. */
    static long[] rowsPerHour(long rows) {
        long[] perHour = new long[WEIGHTS.length];
        long cumulativeWeight = 0;
        long previousBoundary = 0;
        for (int hour = 0; hour < WEIGHTS.length; hour++) {
            cumulativeWeight += WEIGHTS[hour];
            long boundary = rows * cumulativeWeight / TOTAL_WEIGHT;
            perHour[hour] = boundary - previousBoundary;
            previousBoundary = boundary;
        }
        return perHour;
    }

    /**
     * The second of the day of the {@code position}-th of {@code rowsInHour} rows in {@code hour},
     * given a random {@code jitter} in {@code [0, 3600)}: evenly spaced slots, a random second in each,
     * so timestamps never decrease.
     */
    static int secondOfDay(int hour, long position, long rowsInHour, int jitter) {
        return hour * 3_600 + (int) ((position * 3_600 + jitter) / rowsInHour);
    }

    private static int total() {
        int total = 0;
        for (int weight : WEIGHTS) {
            total += weight;
        }
        return total;
    }
}
