package io.medallion.jobs.generate;

import java.time.DayOfWeek;

/**
 * How many rows each source gets, worked out from the options so that the files add up to the
 * requested size.
 *
 * <p>Sales rows per day are the unknown; the other counts follow from them: customers one per 20
 * daily sales rows (200 to 1,000,000), products one per 200 (100 to 50,000), inventory movements one
 * per 10 sales rows, campaigns one per 2,000 (20 to 200). Customers grow by 0.5% of the first day's
 * count a day, products by 0.3%. Sales rows vary by weekday (Saturday busiest). The daily sales rows
 * are then the largest count whose estimated total size, from measured average bytes per row of each
 * file format, stays within the target. The minimum snapshots (200 customers, 100 products) take
 * about 55 KB a day, so below about 100 KB a day the output is larger than asked: {@code --size
 * 100KB --days 3} writes about 200 KB. Costs nothing but arithmetic.
 */
final class GenerationPlan {
    // Average bytes per row, measured on generated files from 100 KB to 1 GB.
    static final double SALES_ROW_BYTES = 79.6;
    static final double INVENTORY_ROW_BYTES = 54.6;
    /** Snappy-compressed; dictionaries of names and cities make large files cheaper per row, hence the overhead below. */
    static final double CUSTOMER_ROW_BYTES = 56;
    static final double CUSTOMER_FILE_OVERHEAD_BYTES = 12_000;
    static final double PRODUCT_ROW_BYTES = 355.5;
    static final double CAMPAIGN_ROW_BYTES = 310;

    static final int MINIMUM_CUSTOMERS = 200;
    static final int MAXIMUM_CUSTOMERS = 1_000_000;
    static final int MINIMUM_PRODUCTS = 100;
    static final int MAXIMUM_PRODUCTS = 50_000;
    static final int MINIMUM_CAMPAIGNS = 20;
    static final int MAXIMUM_CAMPAIGNS = 200;
    static final double NEW_CUSTOMERS_SHARE_PER_DAY = 0.005;
    static final double NEW_PRODUCTS_SHARE_PER_DAY = 0.003;
    private static final int MINIMUM_SALES_ROWS_PER_DAY = 100;
    /** Monday to Sunday, in percent of an average day before normalising. */
    private static final int[] WEEKDAY_WEIGHTS = {90, 90, 95, 100, 110, 125, 90};

    private final long[] salesRowsByDay;
    private final long[] firstTransactionIdByDay;
    private final long[] inventoryRowsByDay;
    private final long[] firstMovementIdByDay;
    private final int initialCustomers;
    private final int newCustomersPerDay;
    private final int initialProducts;
    private final int newProductsPerDay;
    private final int campaigns;

    private GenerationPlan(GenerateOptions options, long averageSalesRowsPerDay, double followingDayShare) {
        int days = options.days();
        int planned = followingDayShare > 0 ? days + 1 : days;
        initialCustomers = customersFor(averageSalesRowsPerDay);
        newCustomersPerDay = Math.max(1, (int) Math.round(initialCustomers * NEW_CUSTOMERS_SHARE_PER_DAY));
        initialProducts = productsFor(averageSalesRowsPerDay);
        newProductsPerDay = Math.max(1, (int) Math.round(initialProducts * NEW_PRODUCTS_SHARE_PER_DAY));
        campaigns = campaignsFor(averageSalesRowsPerDay);
        salesRowsByDay = new long[planned];
        firstTransactionIdByDay = new long[planned];
        inventoryRowsByDay = new long[planned];
        firstMovementIdByDay = new long[planned];
        long[] weights = new long[days + 1];
        for (int day = 0; day < days; day++) {
            DayOfWeek weekday = options.dateOfDay(day).getDayOfWeek();
            weights[day + 1] = weights[day] + WEEKDAY_WEIGHTS[weekday.getValue() - 1];
        }
        long totalSalesRows = averageSalesRowsPerDay * days;
        long nextTransactionId = 1;
        long nextMovementId = 1;
        for (int day = 0; day < days; day++) {
            // Cumulative boundaries, so the days add up to the total exactly.
            salesRowsByDay[day] = totalSalesRows * weights[day + 1] / weights[days] - totalSalesRows * weights[day] / weights[days];
            inventoryRowsByDay[day] = Math.max(1, salesRowsByDay[day] / 10);
            firstTransactionIdByDay[day] = nextTransactionId;
            firstMovementIdByDay[day] = nextMovementId;
            nextTransactionId += salesRowsByDay[day];
            nextMovementId += inventoryRowsByDay[day];
        }
        if (planned > days) {
            // The following day is planned after the full days, so their rows and ids stay as they are without it.
            salesRowsByDay[days] = Math.max(1, Math.round(totalSalesRows * followingDayShare));
            inventoryRowsByDay[days] = Math.max(1, salesRowsByDay[days] / 10);
            firstTransactionIdByDay[days] = nextTransactionId;
            firstMovementIdByDay[days] = nextMovementId;
        }
    }

    static GenerationPlan of(GenerateOptions options) {
        return of(options, 0);
    }

    /**
     * The plan of {@code options}' days and, when {@code followingDayShare} is above 0, of one more
     * day (numbered {@code options.days()}) whose sales rows are that share of the full days' and do
     * not count towards the size.
     */
    static GenerationPlan of(GenerateOptions options, double followingDayShare) {
        // The estimate grows with the sales rows, so a binary search finds the largest count that fits.
        long low = MINIMUM_SALES_ROWS_PER_DAY;
        long high = Math.max(low, (long) (options.sizeBytes() / SALES_ROW_BYTES) + 1);
        while (low < high) {
            long middle = low + (high - low + 1) / 2;
            if (estimatedBytes(options.days(), middle) <= options.sizeBytes()) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return new GenerationPlan(options, low, followingDayShare);
    }

    /** The expected total size of all files for {@code salesRowsPerDay} on average. */
    static double estimatedBytes(int days, long salesRowsPerDay) {
        int customers = customersFor(salesRowsPerDay);
        int products = productsFor(salesRowsPerDay);
        double growthDays = (days - 1) / 2.0;
        double averageCustomers = customers + Math.max(1, Math.round(customers * NEW_CUSTOMERS_SHARE_PER_DAY)) * growthDays;
        double averageProducts = products + Math.max(1, Math.round(products * NEW_PRODUCTS_SHARE_PER_DAY)) * growthDays;
        // A campaign runs 48 days on average, in a window of 45 days before the start plus the run.
        double activeCampaigns = campaignsFor(salesRowsPerDay) * Math.min(1.0, 48.0 / (45 + days));
        double perDay = salesRowsPerDay * SALES_ROW_BYTES
                + salesRowsPerDay / 10.0 * INVENTORY_ROW_BYTES
                + averageCustomers * CUSTOMER_ROW_BYTES + CUSTOMER_FILE_OVERHEAD_BYTES
                + averageProducts * PRODUCT_ROW_BYTES
                + activeCampaigns * CAMPAIGN_ROW_BYTES;
        return perDay * days;
    }

    private static int customersFor(long salesRowsPerDay) {
        return (int) Math.max(MINIMUM_CUSTOMERS, Math.min(MAXIMUM_CUSTOMERS, salesRowsPerDay / 20));
    }

    private static int productsFor(long salesRowsPerDay) {
        return (int) Math.max(MINIMUM_PRODUCTS, Math.min(MAXIMUM_PRODUCTS, salesRowsPerDay / 200));
    }

    private static int campaignsFor(long salesRowsPerDay) {
        return (int) Math.max(MINIMUM_CAMPAIGNS, Math.min(MAXIMUM_CAMPAIGNS, salesRowsPerDay / 2_000));
    }

    long salesRows(int dayIndex) {
        return salesRowsByDay[dayIndex];
    }

    long firstTransactionId(int dayIndex) {
        return firstTransactionIdByDay[dayIndex];
    }

    long inventoryRows(int dayIndex) {
        return inventoryRowsByDay[dayIndex];
    }

    long firstMovementId(int dayIndex) {
        return firstMovementIdByDay[dayIndex];
    }

    int initialCustomers() {
        return initialCustomers;
    }

    int newCustomersPerDay() {
        return newCustomersPerDay;
    }

    int initialProducts() {
        return initialProducts;
    }

    int newProductsPerDay() {
        return newProductsPerDay;
    }

    int campaigns() {
        return campaigns;
    }
}
