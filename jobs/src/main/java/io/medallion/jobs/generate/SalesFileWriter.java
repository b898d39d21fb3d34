package io.medallion.jobs.generate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Writes one day's {@code sales_<yyyy-MM-dd>.csv}, row by row in time order, injecting defects
 * into a share {@code defectRate} of the rows.
 *
 * <p>Each defective row carries exactly one {@link DefectKind}, chosen evenly among those possible:
 * late-arriving rows only from the second day on, duplicates only once the file has a clean row to
 * repeat (the most recent one). Nothing is held in memory but the current and the last clean row,
 * so a file can be any size; about half a microsecond a row on one core. Values never contain a
 * comma except in defective unit prices such as {@code "12,5O"}, which are quoted as RFC 4180 asks.
 */
final class SalesFileWriter {
    static final String HEADER = "transaction_id,transaction_ts,store_id,customer_id,product_id,quantity,unit_price,"
            + "discount_pct,payment_method,channel,currency";
    static final int STORES = 40;
    /** Customer numbers from here up are never issued (the base is capped well below), so they are orphans. */
    static final int FIRST_ORPHAN_CUSTOMER_NUMBER = 9_000_000;
    /** Product numbers from here up are never issued, so they are orphans. */
    static final int FIRST_ORPHAN_PRODUCT_NUMBER = 900_000;

    private static final String[] PAYMENT_METHODS = {"card", "cash", "mobile", "voucher"};
    private static final int[] PAYMENT_METHOD_BY_TWENTIETH = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 3};
    private static final String[] CHANNELS = {"store", "web", "app"};
    private static final int[] CHANNEL_BY_TWENTIETH = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2};
    private static final int DISCOUNTED_PERCENT = 30;
    private static final int[] COMMON_DISCOUNT_BASIS_POINTS = {500, 1_000, 1_500, 2_000, 2_500, 3_000, 5_000};
    private static final int MAXIMUM_DISCOUNT_BASIS_POINTS = 5_000;
    /** Quantities 1..20, most baskets holding one or two of an item. */
    private static final int[] QUANTITY_BY_PERMILLE = quantityTable();
    private static final String[] QUANTITY_WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven",
        "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen", "twenty"};
    private static final String[] RELATIVE_DAYS = {"yesterday", "today", "tomorrow"};
    private static final DefectKind[] KINDS = DefectKind.values();

    private final long seed;
    private final double defectRate;

    SalesFileWriter(long seed, double defectRate) {
        this.seed = seed;
        this.defectRate = defectRate;
    }

    /** Writes {@code rows} rows for {@code day} into {@code file}, numbering new transactions from {@code firstTransactionId}. */
    WrittenFile write(DaySnapshot day, long rows, long firstTransactionId, Path file) {
        SplittableRandom random = SeededRandom.of(seed, "sales", day.dayIndex());
        DefectCounter defects = new DefectCounter();
        // Reused for every row: a gigabyte of sales is ten million rows, and allocating each would dominate.
        SalesRow row = new SalesRow();
        SalesRow lastCleanRow = new SalesRow();
        boolean hasCleanRow = false;
        long nextTransactionId = firstTransactionId;
        long[] rowsPerHour = HourlyProfile.rowsPerHour(rows);
        TextFileSink sink = TextFileSink.create(file);
        try (sink) {
            sink.ascii(HEADER).newline();
            for (int hour = 0; hour < rowsPerHour.length; hour++) {
                for (long position = 0; position < rowsPerHour[hour]; position++) {
                    int second = HourlyProfile.secondOfDay(hour, position, rowsPerHour[hour], random.nextInt(3_600));
                    fillCleanRow(row, day.catalog(), second, random);
                    DefectKind defect = null;
                    if (random.nextDouble() < defectRate) {
                        defect = chooseDefect(day, hasCleanRow, random);
                        injectDefect(defect, row, lastCleanRow, day, random);
                        defects.add(defect);
                    }
                    if (defect != DefectKind.DUPLICATE_KEY) {
                        row.transactionId = nextTransactionId++;
                    }
                    appendRow(sink, row);
                    if (defect == null) {
                        lastCleanRow.copyFrom(row);
                        hasCleanRow = true;
                    }
                }
            }
        }
        return new WrittenFile(new GeneratedFile("sales", file.toString(), rows, sink.bytesWritten()), defects.toMap());
    }

    private static void fillCleanRow(SalesRow row, SalesCatalog catalog, int second, SplittableRandom random) {
        row.clearOverrides();
        row.date = catalog.date();
        row.secondOfDay = second;
        row.store = 1 + random.nextInt(STORES);
        row.customer = catalog.customerNumbers()[random.nextInt(catalog.customerNumbers().length)];
        row.product = popularProduct(catalog, random);
        row.priceCents = catalog.priceCents(row.product);
        row.quantity = QUANTITY_BY_PERMILLE[random.nextInt(1_000)];
        row.discountBasisPoints = random.nextInt(100) < DISCOUNTED_PERCENT ? randomDiscount(random) : -1;
        row.paymentMethod = PAYMENT_METHOD_BY_TWENTIETH[random.nextInt(20)];
        row.channel = CHANNEL_BY_TWENTIETH[random.nextInt(20)];
    }

    /** An active product, the first ones far more often: a few best sellers, a long tail. */
    private static int popularProduct(SalesCatalog catalog, SplittableRandom random) {
        int[] active = catalog.activeProductNumbers();
        double uniform = random.nextDouble();
        return active[(int) (active.length * uniform * uniform)];
    }

    private static int randomDiscount(SplittableRandom random) {
        if (random.nextInt(5) > 0) {
            return COMMON_DISCOUNT_BASIS_POINTS[random.nextInt(COMMON_DISCOUNT_BASIS_POINTS.length)];
        }
        return 1 + random.nextInt(MAXIMUM_DISCOUNT_BASIS_POINTS);
    }

    private static DefectKind chooseDefect(DaySnapshot day, boolean hasCleanRow, SplittableRandom random) {
        while (true) {
            DefectKind kind = KINDS[random.nextInt(KINDS.length)];
            boolean possible = switch (kind) {
                case LATE_ARRIVING -> !day.earlierCatalogs().isEmpty();
                case DUPLICATE_KEY -> hasCleanRow;
                default -> true;
            };
            if (possible) {
                return kind;
            }
        }
    }

    private static void injectDefect(DefectKind kind, SalesRow row, SalesRow lastCleanRow, DaySnapshot day,
            SplittableRandom random) {
        switch (kind) {
            case WRONG_TYPE -> {
                if (random.nextBoolean()) {
                    row.quantityText = QUANTITY_WORDS[row.quantity];
                } else {
                    row.unitPriceText = decimalCommaWithLetterO(row.priceCents);
                }
            }
            case MISSING_FIELD -> {
                switch (random.nextInt(3)) {
                    case 0 -> row.customerText = "";
                    case 1 -> row.productText = "";
                    default -> row.timestampText = "";
                }
            }
            case MALFORMED_TIMESTAMP -> row.timestampText = malformedTimestamp(row, random);
            case OUT_OF_RANGE -> {
                switch (random.nextInt(4)) {
                    case 0 -> row.quantity = 0;
                    case 1 -> row.quantity = -1 - random.nextInt(10);
                    case 2 -> row.quantity = 1_001 + random.nextInt(4_000);
                    default -> row.priceCents = -row.priceCents;
                }
            }
            case DUPLICATE_KEY -> {
                row.copyFrom(lastCleanRow);
                if (random.nextBoolean()) {
                    // Another quantity 1..20, never the original one.
                    row.quantity = (row.quantity + random.nextInt(19)) % 20 + 1;
                }
            }
            case ORPHAN_FOREIGN_KEY -> {
                if (random.nextBoolean()) {
                    row.customer = FIRST_ORPHAN_CUSTOMER_NUMBER + random.nextInt(1_000_000);
                } else {
                    row.product = FIRST_ORPHAN_PRODUCT_NUMBER + random.nextInt(100_000);
                }
            }
            case LATE_ARRIVING -> {
                int daysLate = 1 + random.nextInt(day.earlierCatalogs().size());
                SalesCatalog earlier = day.earlierCatalogs().get(daysLate - 1);
                fillCleanRow(row, earlier, random.nextInt(86_400), random);
            }
        }
    }

    /**
     * A price as a European decimal with a letter O for its last digit: 12.50 becomes {@code 12,5O},
     * 82.99 becomes {@code 82,9O}. The letter matters: Spark's CSV reader drops commas from decimals
     * in the default locale, so {@code 82,99} alone would load as 8299.
     */
    private static String decimalCommaWithLetterO(int priceCents) {
        int cents = priceCents % 100;
        return priceCents / 100 + "," + cents / 10 + "O";
    }

    private static String malformedTimestamp(SalesRow row, SplittableRandom random) {
        LocalDate date = row.date;
        int hour = row.secondOfDay / 3_600;
        int minute = row.secondOfDay / 60 % 60;
        return switch (random.nextInt(3)) {
            // An impossible month, day, hour and minute in the right shape.
            case 0 -> date.getYear() + "-" + (13 + random.nextInt(7)) + "-" + (32 + random.nextInt(14)) + " "
                    + (24 + random.nextInt(6)) + ":" + (60 + random.nextInt(10)) + ":00";
            case 1 -> RELATIVE_DAYS[random.nextInt(RELATIVE_DAYS.length)];
            // Day-first with no seconds, as a till configured for another locale writes it.
            default -> twoDigits(date.getDayOfMonth()) + "/" + twoDigits(date.getMonthValue()) + "/" + date.getYear()
                    + " " + twoDigits(hour) + ":" + twoDigits(minute);
        };
    }

    private static String twoDigits(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }

    private static void appendRow(TextFileSink sink, SalesRow row) {
        sink.ascii("TX").zeroPadded(row.transactionId, 10).character(',');
        if (row.timestampText != null) {
            sink.csvField(row.timestampText);
        } else {
            sink.date(row.date).character(' ').timeOfDay(row.secondOfDay);
        }
        sink.ascii(",S").zeroPadded(row.store, 3).character(',');
        if (row.customerText != null) {
            sink.csvField(row.customerText);
        } else {
            sink.character('C').zeroPadded(row.customer, 7);
        }
        sink.character(',');
        if (row.productText != null) {
            sink.csvField(row.productText);
        } else {
            sink.character('P').zeroPadded(row.product, 6);
        }
        sink.character(',');
        if (row.quantityText != null) {
            sink.csvField(row.quantityText);
        } else {
            sink.number(row.quantity);
        }
        sink.character(',');
        if (row.unitPriceText != null) {
            sink.csvField(row.unitPriceText);
        } else {
            sink.hundredths(row.priceCents);
        }
        sink.character(',');
        if (row.discountBasisPoints >= 0) {
            sink.trimmedHundredths(row.discountBasisPoints);
        }
        sink.character(',').ascii(PAYMENT_METHODS[row.paymentMethod]);
        sink.character(',').ascii(CHANNELS[row.channel]);
        sink.ascii(",EUR").newline();
    }

    private static int[] quantityTable() {
        int[] permilles = {400, 220, 120, 80, 50, 35, 25, 18, 12, 10, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
        int[] table = new int[1_000];
        int position = 0;
        for (int quantity = 1; quantity <= permilles.length; quantity++) {
            for (int i = 0; i < permilles[quantity - 1]; i++) {
                table[position++] = quantity;
            }
        }
        return table;
    }

    /**
     * The row being written, reused from row to row. A {@code ...Text} field, when set, is written
     * instead of the typed value: that is how wrong types, missing fields and malformed timestamps
     * get into the file.
     */
    private static final class SalesRow {
        long transactionId;
        LocalDate date;
        int secondOfDay;
        int store;
        int customer;
        int product;
        int quantity;
        int priceCents;
        /** Hundredths of a percent; -1 for no discount. */
        int discountBasisPoints;
        int paymentMethod;
        int channel;
        String timestampText;
        String customerText;
        String productText;
        String quantityText;
        String unitPriceText;

        void clearOverrides() {
            timestampText = null;
            customerText = null;
            productText = null;
            quantityText = null;
            unitPriceText = null;
        }

        void copyFrom(SalesRow other) {
            transactionId = other.transactionId;
            date = other.date;
            secondOfDay = other.secondOfDay;
            store = other.store;
            customer = other.customer;
            product = other.product;
            quantity = other.quantity;
            priceCents = other.priceCents;
            discountBasisPoints = other.discountBasisPoints;
            paymentMethod = other.paymentMethod;
            channel = other.channel;
            timestampText = other.timestampText;
            customerText = other.customerText;
            productText = other.productText;
            quantityText = other.quantityText;
            unitPriceText = other.unitPriceText;
        }
    }
}
