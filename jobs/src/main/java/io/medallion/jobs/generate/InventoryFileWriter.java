package io.medallion.jobs.generate;

import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes one day's {@code inventory_<yyyy-MM-dd>.csv}: stock movements of active products in the
 * 40 stores, in time order.
 *
 * <p>Sales and damage take stock out (negative quantity_change), restocks and returns put it back
 * (positive), adjustments go either way and are never zero. A quarter of the sales defect rate of
 * rows get a {@link DefectKind#WRONG_TYPE wrong-typed} quantity_change such as {@code 3 pcs} or
 * {@code "-2,0"}; no other defect kinds. Constant memory.
 */
final class InventoryFileWriter {
    static final String HEADER = "movement_id,product_id,store_id,quantity_change,reason,movement_ts";
    /** Inventory rows get this share of the sales defect rate. */
    static final double DEFECT_RATE_SHARE = 0.25;

    private static final String[] REASONS = {"sale", "restock", "return", "adjustment", "damage"};
    /** sale 55%, restock 20%, return 10%, adjustment 8%, damage 7%. */
    private static final int[] REASON_PERCENTS = {55, 20, 10, 8, 7};
    private static final int[] REASON_BY_PERCENT = reasonTable();

    private final long seed;
    private final double defectRate;

    InventoryFileWriter(long seed, double salesDefectRate) {
        this.seed = seed;
        this.defectRate = salesDefectRate * DEFECT_RATE_SHARE;
    }

    /** Writes {@code rows} movements for {@code day} into {@code file}, numbered from {@code firstMovementId}. */
    WrittenFile write(DaySnapshot day, long rows, long firstMovementId, Path file) {
        SplittableRandom random = SeededRandom.of(seed, "inventory", day.dayIndex());
        DefectCounter defects = new DefectCounter();
        int[] activeProducts = day.catalog().activeProductNumbers();
        long movementId = firstMovementId;
        long[] rowsPerHour = HourlyProfile.rowsPerHour(rows);
        TextFileSink sink = TextFileSink.create(file);
        try (sink) {
            sink.ascii(HEADER).newline();
            for (int hour = 0; hour < rowsPerHour.length; hour++) {
                for (long position = 0; position < rowsPerHour[hour]; position++) {
                    int second = HourlyProfile.secondOfDay(hour, position, rowsPerHour[hour], random.nextInt(3_600));
                    int reason = REASON_BY_PERCENT[random.nextInt(100)];
                    int quantityChange = quantityChange(reason, random);
                    sink.character('M').zeroPadded(movementId++, 10);
                    sink.ascii(",P").zeroPadded(activeProducts[random.nextInt(activeProducts.length)], 6);
                    sink.ascii(",S").zeroPadded(1 + random.nextInt(SalesFileWriter.STORES), 3).character(',');
                    if (random.nextDouble() < defectRate) {
                        sink.csvField(random.nextBoolean() ? quantityChange + " pcs" : quantityChange + ",0");
                        defects.add(DefectKind.WRONG_TYPE);
                    } else {
                        sink.number(quantityChange);
                    }
                    sink.character(',').ascii(REASONS[reason]).character(',');
                    sink.date(day.date()).character(' ').timeOfDay(second).newline();
                }
            }
        }
        return new WrittenFile(new GeneratedFile("inventory", file.toString(), rows, sink.bytesWritten()), defects.toMap());
    }

    private static int quantityChange(int reason, SplittableRandom random) {
        return switch (REASONS[reason]) {
            case "sale" -> -1 - random.nextInt(random.nextInt(4) == 0 ? 20 : 3);
            case "restock" -> 10 * (1 + random.nextInt(20));
            case "return" -> 1 + random.nextInt(3);
            case "adjustment" -> (random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(10));
            default -> -1 - random.nextInt(5);
        };
    }

    private static int[] reasonTable() {
        int[] table = new int[100];
        int position = 0;
        for (int reason = 0; reason < REASON_PERCENTS.length; reason++) {
            for (int i = 0; i < REASON_PERCENTS[reason]; i++) {
                table[position++] = reason;
            }
        }
        return table;
    }
}
