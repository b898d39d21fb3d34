package io.medallion.jobs.generate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The fixed categories and subcategories of the generated catalog, each with the nouns its product
 * names end in and plausible price and weight ranges.
 *
 * <p>Fixed rather than drawn from datafaker, whose departments ("Music, Games & Shoes") and
 * product names ("Awesome Marble Hat") would put hats among the dairy.
 */
final class ProductTaxonomy {

    /** A subcategory; prices in euro cents within 0.50..2000.00, weights in grams. */
    record Subcategory(String category, String name, List<String> nouns, int minimumPriceCents, int maximumPriceCents,
            int minimumWeightGrams, int maximumWeightGrams) {}

    static final List<Subcategory> SUBCATEGORIES = List.of(
            new Subcategory("Electronics", "Phones", List.of("Smartphone", "Phone Case", "Charger", "Screen Protector"), 499, 129_999, 50, 400),
            new Subcategory("Electronics", "Laptops", List.of("Laptop", "Notebook", "Laptop Sleeve", "Docking Station"), 1_999, 199_999, 300, 3_000),
            new Subcategory("Electronics", "Audio", List.of("Headphones", "Earbuds", "Speaker", "Soundbar"), 999, 49_999, 50, 4_000),
            new Subcategory("Electronics", "Cameras", List.of("Camera", "Lens", "Tripod", "Memory Card"), 799, 149_999, 50, 2_500),
            new Subcategory("Home & Kitchen", "Cookware", List.of("Frying Pan", "Saucepan", "Knife Set", "Cutting Board"), 599, 24_999, 200, 5_000),
            new Subcategory("Home & Kitchen", "Appliances", List.of("Kettle", "Toaster", "Blender", "Coffee Maker"), 1_999, 79_999, 800, 12_000),
            new Subcategory("Home & Kitchen", "Decor", List.of("Vase", "Candle", "Picture Frame", "Cushion"), 299, 9_999, 100, 3_000),
            new Subcategory("Home & Kitchen", "Furniture", List.of("Chair", "Shelf", "Side Table", "Lamp"), 2_499, 89_999, 2_000, 30_000),
            new Subcategory("Grocery", "Beverages", List.of("Orange Juice", "Sparkling Water", "Ground Coffee", "Green Tea"), 59, 1_999, 250, 2_000),
            new Subcategory("Grocery", "Snacks", List.of("Crisps", "Chocolate Bar", "Cookies", "Trail Mix"), 50, 899, 40, 600),
            new Subcategory("Grocery", "Dairy", List.of("Milk", "Yogurt", "Cheese", "Butter"), 59, 1_499, 125, 1_500),
            new Subcategory("Grocery", "Bakery", List.of("Sourdough Bread", "Croissants", "Bagels", "Muffins"), 99, 699, 100, 1_000),
            new Subcategory("Clothing", "Men", List.of("T-Shirt", "Jeans", "Jacket", "Sweater"), 999, 24_999, 150, 1_500),
            new Subcategory("Clothing", "Women", List.of("Dress", "Blouse", "Skirt", "Coat"), 999, 29_999, 150, 1_800),
            new Subcategory("Clothing", "Kids", List.of("Hoodie", "Pyjamas", "Raincoat", "Leggings"), 499, 7_999, 80, 800),
            new Subcategory("Clothing", "Shoes", List.of("Sneakers", "Boots", "Sandals", "Loafers"), 1_999, 19_999, 400, 1_800),
            new Subcategory("Sports & Outdoors", "Fitness", List.of("Yoga Mat", "Dumbbells", "Resistance Band", "Kettlebell"), 799, 29_999, 200, 20_000),
            new Subcategory("Sports & Outdoors", "Cycling", List.of("Bike Helmet", "Bike Light", "Water Bottle", "Bicycle"), 499, 199_999, 100, 15_000),
            new Subcategory("Sports & Outdoors", "Camping", List.of("Tent", "Sleeping Bag", "Camping Stove", "Backpack"), 999, 49_999, 300, 8_000),
            new Subcategory("Beauty", "Skincare", List.of("Face Cream", "Serum", "Cleanser", "Sunscreen"), 299, 8_999, 50, 500),
            new Subcategory("Beauty", "Fragrance", List.of("Eau de Parfum", "Body Mist", "Cologne"), 999, 19_999, 100, 600),
            new Subcategory("Toys", "Games", List.of("Board Game", "Card Game", "Puzzle", "Building Set"), 499, 14_999, 100, 3_000),
            new Subcategory("Books", "Fiction", List.of("Novel", "Thriller", "Short Stories"), 399, 3_499, 150, 1_200),
            new Subcategory("Books", "Non-fiction", List.of("Cookbook", "Biography", "Travel Guide"), 499, 5_999, 200, 1_500),
            new Subcategory("Garden", "Tools", List.of("Spade", "Pruning Shears", "Hose", "Watering Can"), 399, 14_999, 200, 6_000),
            new Subcategory("Garden", "Plants", List.of("Rose Bush", "Herb Pot", "Olive Tree", "Seed Kit"), 199, 9_999, 100, 15_000));

    static final List<String> TAGS = List.of(
            "bestseller", "new", "sale", "eco", "premium", "limited-edition", "gift-idea", "online-only", "organic",
            "bundle");

    private ProductTaxonomy() {}

    static Subcategory randomSubcategory(SplittableRandom random) {
        return SUBCATEGORIES.get(random.nextInt(SUBCATEGORIES.size()));
    }

    /**
     * A price within the subcategory's range, spread evenly on a log scale (many cheap items, few
     * dear ones) and rounded to a shelf price ending in .99, .49 or .00.
     */
    static int randomPriceCents(Subcategory subcategory, SplittableRandom random) {
        double low = Math.log(subcategory.minimumPriceCents());
        double high = Math.log(subcategory.maximumPriceCents());
        int cents = (int) Math.exp(low + random.nextDouble() * (high - low));
        return shelfPrice(cents, subcategory.minimumPriceCents(), subcategory.maximumPriceCents());
    }

    /** {@code cents} rounded to a shelf price and kept within {@code minimum..maximum}. */
    static int shelfPrice(int cents, int minimum, int maximum) {
        int euros = cents / 100;
        int rounded;
        if (cents < 1_000) {
            rounded = euros * 100 + (cents % 100 < 50 ? 49 : 99);
        } else if (cents < 100_000) {
            rounded = euros * 100 + 99;
        } else {
            rounded = euros / 10 * 1_000;
        }
        return Math.max(minimum, Math.min(maximum, rounded));
    }
}
