package io.medallion.jobs.generate;

import io.medallion.jobs.generate.ProductTaxonomy.Subcategory;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The product catalog as it evolves from day to day: each day about 1.5% of products change price
 * or category and a few new products appear.
 *
 * <p>The snapshot of a day is the catalog in effect from that day's midnight, so every change
 * shown in it is stamped with a time on the previous day (an overnight catalog update), and every
 * sale of the day uses its prices. No defects are injected into products. Holds every product in
 * memory (at most about 50,000 plus the new ones); mutable, used from one thread.
 */
final class ProductCatalog {
    /** Share of products changing price or category on each day after the first. */
    static final double DAILY_CHANGE_SHARE = 0.015;
    private static final int SECONDS_PER_DAY = 86_400;
    private static final int ACTIVE_PERCENT = 97;

    private final long seed;
    private final FakerPools pools;
    private final List<Product> products = new ArrayList<>();

    private ProductCatalog(long seed, FakerPools pools) {
        this.seed = seed;
        this.pools = pools;
    }

    /** A catalog of {@code count} products, each last updated during the year before {@code startDate}. */
    static ProductCatalog create(int count, FakerPools pools, long seed, LocalDate startDate) {
        ProductCatalog catalog = new ProductCatalog(seed, pools);
        SplittableRandom random = SeededRandom.of(seed, "products-initial", 0);
        long start = startDate.toEpochSecond(LocalTime.MIDNIGHT, ZoneOffset.UTC);
        for (int i = 0; i < count; i++) {
            catalog.add(start - 1 - random.nextLong(365L * SECONDS_PER_DAY), random);
        }
        return catalog;
    }

    /**
     * Moves the catalog to the day numbered {@code dayIndex} (1 or later): changes about 1.5% of
     * products and adds {@code newProducts}, all stamped on the day before {@code date}.
     */
    void advanceTo(int dayIndex, LocalDate date, int newProducts) {
        SplittableRandom random = SeededRandom.of(seed, "products-changes", dayIndex);
        long previousDayStart = date.minusDays(1).toEpochSecond(LocalTime.MIDNIGHT, ZoneOffset.UTC);
        int changes = Math.max(1, (int) Math.round(products.size() * DAILY_CHANGE_SHARE));
        for (int i = 0; i < changes; i++) {
            int index = random.nextInt(products.size());
            Product product = products.get(index);
            long changedAt = previousDayStart + random.nextInt(SECONDS_PER_DAY);
            if (random.nextInt(100) < 70) {
                double factor = 0.85 + random.nextDouble() * 0.35;
                Subcategory subcategory = product.subcategory();
                int price = ProductTaxonomy.shelfPrice((int) (product.priceCents() * factor),
                        subcategory.minimumPriceCents(), subcategory.maximumPriceCents());
                products.set(index, product.withPrice(price, changedAt));
            } else {
                products.set(index, product.withSubcategory(ProductTaxonomy.randomSubcategory(random), changedAt));
            }
        }
        for (int i = 0; i < newProducts; i++) {
            add(previousDayStart + random.nextInt(SECONDS_PER_DAY), random);
        }
    }

    /** The products now, in product_id order. */
    List<Product> snapshot() {
        return List.copyOf(products);
    }

    private void add(long createdEpochSecond, SplittableRandom random) {
        Subcategory subcategory = ProductTaxonomy.randomSubcategory(random);
        String brand = pools.brand(random);
        String name = brand + " " + pools.adjective(random) + " " + FakerPools.pick(subcategory.nouns(), random);
        int weightGrams = subcategory.minimumWeightGrams()
                + random.nextInt(subcategory.maximumWeightGrams() - subcategory.minimumWeightGrams() + 1);
        weightGrams = Math.max(10, weightGrams / 10 * 10);
        // Side lengths grow with the cube root of the weight, so a sofa is larger than a serum.
        int side = (int) Math.max(20, Math.cbrt(weightGrams) * 25);
        products.add(new Product(
                products.size() + 1,
                name,
                subcategory,
                brand,
                ProductTaxonomy.randomPriceCents(subcategory, random),
                pools.color(random),
                weightGrams,
                side / 2 + random.nextInt(side),
                side / 2 + random.nextInt(side),
                side / 4 + random.nextInt(side / 2),
                randomTags(random),
                random.nextInt(100) < ACTIVE_PERCENT,
                createdEpochSecond));
    }

    private static List<String> randomTags(SplittableRandom random) {
        List<String> tags = new ArrayList<>();
        int wanted = random.nextInt(4);
        for (int attempt = 0; attempt < wanted; attempt++) {
            String tag = FakerPools.pick(ProductTaxonomy.TAGS, random);
            if (!tags.contains(tag)) {
                tags.add(tag);
            }
        }
        return tags;
    }
}
