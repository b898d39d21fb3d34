package io.medallion.jobs.generate;

import static java.util.Objects.requireNonNull;

import io.medallion.jobs.generate.ProductTaxonomy.Subcategory;
import java.util.List;

/**
 * One product as a daily snapshot shows it; {@code product_id} is {@code P} and the six-digit
 * {@code number}. Sizes are kept in whole grams and millimetres so that the JSON shows exact decimals.
 */
record Product(int number, String name, Subcategory subcategory, String brand, int priceCents, String color,
        int weightGrams, int widthMillimetres, int heightMillimetres, int depthMillimetres, List<String> tags,
        boolean active, long updatedEpochSecond) {

    Product {
        requireNonNull(name, "name is null");
        requireNonNull(subcategory, "subcategory is null");
        tags = List.copyOf(tags);
    }

    Product withPrice(int newPriceCents, long changedEpochSecond) {
        return new Product(number, name, subcategory, brand, newPriceCents, color, weightGrams, widthMillimetres,
                heightMillimetres, depthMillimetres, tags, active, changedEpochSecond);
    }

    Product withSubcategory(Subcategory newSubcategory, long changedEpochSecond) {
        return new Product(number, name, newSubcategory, brand, priceCents, color, weightGrams, widthMillimetres,
                heightMillimetres, depthMillimetres, tags, active, changedEpochSecond);
    }
}
