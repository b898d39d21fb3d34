package io.medallion.jobs.generate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import net.datafaker.Faker;

/**
 * Realistic names, cities, brands and words drawn once from datafaker, seeded, for the writers to
 * pick from.
 *
 * <p>Datafaker resolves every value through its YAML expression engine, some microseconds a call,
 * far too slow for millions of rows; so a few thousand values are drawn up front and rows pick
 * from them with a fast {@link SplittableRandom}. Building the pools takes about a second.
 */
final class FakerPools {
    private static final int NAMES_PER_COUNTRY = 400;
    private static final int CITIES_PER_COUNTRY = 150;
    private static final int BRANDS = 250;
    /** Datafaker repeats values; give up on distinctness after this many draws per wanted value. */
    private static final int ATTEMPTS_PER_VALUE = 20;

    /** A country customers live in, with the datafaker locale its names and cities come from. */
    record Country(String isoCode, String languageTag, String phoneCode, int weight, List<String> firstNames,
            List<String> lastNames, List<String> cities) {}

    private static final String[][] COUNTRIES = {
        // ISO code, datafaker locale, phone code, weight among customers
        {"DE", "de-DE", "+49", "30"},
        {"FR", "fr-FR", "+33", "25"},
        {"IT", "it-IT", "+39", "15"},
        {"ES", "es-ES", "+34", "15"},
        {"NL", "nl-NL", "+31", "15"},
    };

    private final List<Country> countries;
    private final int[] countryByPercent;
    private final List<String> brands;
    private final List<String> adjectives;
    private final List<String> colors;
    private final List<String> buzzwords;

    private FakerPools(List<Country> countries, List<String> brands, List<String> adjectives, List<String> colors,
            List<String> buzzwords) {
        this.countries = countries;
        this.brands = brands;
        this.adjectives = adjectives;
        this.colors = colors;
        this.buzzwords = buzzwords;
        this.countryByPercent = new int[100];
        int percent = 0;
        for (int index = 0; index < countries.size(); index++) {
            for (int share = 0; share < countries.get(index).weight(); share++) {
                countryByPercent[percent++] = index;
            }
        }
    }

    /** Draws every pool from datafaker, seeded from {@code seed}. */
    static FakerPools create(long seed) {
        List<Country> countries = new ArrayList<>();
        for (int index = 0; index < COUNTRIES.length; index++) {
            String[] row = COUNTRIES[index];
            Faker faker = new Faker(Locale.forLanguageTag(row[1]), new Random(SeededRandom.seedFor(seed, "faker-country", index)));
            countries.add(new Country(row[0], row[1], row[2], Integer.parseInt(row[3]),
                    distinct(NAMES_PER_COUNTRY, () -> faker.name().firstName()),
                    distinct(NAMES_PER_COUNTRY, () -> faker.name().lastName()),
                    distinct(CITIES_PER_COUNTRY, () -> faker.address().city())));
        }
        Faker faker = new Faker(Locale.ENGLISH, new Random(SeededRandom.seedFor(seed, "faker-commerce", 0)));
        // Company names such as "Bechtelar, Wolff and Hermann" read as law firms, not brands.
        List<String> brands = distinct(BRANDS, () -> {
            String company = faker.company().name();
            return company.contains(",") || company.contains(" and ") ? faker.commerce().brand() : company;
        });
        List<String> adjectives = distinct(60, () -> faker.commerce().productName().split(" ")[0]);
        List<String> colors = distinct(40, () -> faker.color().name());
        // Short buzzwords only: "Get value out of the conversation Decor Deals" is no campaign name.
        List<String> buzzwords = distinct(40, () -> {
            String buzzword = faker.marketing().buzzwords();
            return buzzword.split(" ").length <= 2 ? capitalize(buzzword) : "";
        });
        return new FakerPools(List.copyOf(countries), brands, adjectives, colors, buzzwords);
    }

    /** Up to {@code wanted} distinct values, in the order first drawn so that the pool is reproducible. */
    private static List<String> distinct(int wanted, Supplier<String> draw) {
        Set<String> values = new LinkedHashSet<>();
        for (int attempt = 0; attempt < wanted * ATTEMPTS_PER_VALUE && values.size() < wanted; attempt++) {
            String value = draw.get().trim();
            if (!value.isEmpty()) {
                values.add(value);
            }
        }
        return List.copyOf(values);
    }

    private static String capitalize(String words) {
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** A country, weighted by its share of customers. */
    Country country(SplittableRandom random) {
        return countries.get(countryByPercent[random.nextInt(100)]);
    }

    /** The country with ISO code {@code isoCode}, one of the customers' countries. */
    Country country(String isoCode) {
        return countries.stream().filter(c -> c.isoCode().equals(isoCode)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no customer country " + isoCode));
    }

    String brand(SplittableRandom random) {
        return pick(brands, random);
    }

    String adjective(SplittableRandom random) {
        return pick(adjectives, random);
    }

    String color(SplittableRandom random) {
        return pick(colors, random);
    }

    String buzzword(SplittableRandom random) {
        return pick(buzzwords, random);
    }

    static String pick(List<String> values, SplittableRandom random) {
        return values.get(random.nextInt(values.size()));
    }
}
