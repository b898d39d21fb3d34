package io.medallion.jobs.generate;

import java.text.Normalizer;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The customers as they evolve from day to day: each day about 1% of customers change email,
 * loyalty tier or city, and new customers sign up.
 *
 * <p>The snapshot of a day shows the customers as of that day's midnight, so the changes and
 * sign-ups it shows are stamped on the previous day, and every sale of the day refers to a
 * customer in it. Names, cities and phone prefixes match the customer's country. Emails use the
 * reserved {@code example} domains so that no generated address can reach a real mailbox. No
 * defects are injected into customers. Holds every customer in memory (about 150 bytes each);
 * mutable, used from one thread.
 */
final class CustomerBase {
    /** Share of customers changing email, tier or city on each day after the first. */
    static final double DAILY_CHANGE_SHARE = 0.01;
    static final List<String> LOYALTY_TIERS = List.of("bronze", "silver", "gold", "platinum");
    private static final int[] TIER_BY_PERCENT = tierTable();
    private static final List<String> EMAIL_DOMAINS =
            List.of("example.com", "example.net", "example.org", "mail.example", "inbox.example");
    private static final int SECONDS_PER_DAY = 86_400;
    private static final LocalDate OLDEST_BIRTH_DATE = LocalDate.of(1940, 1, 1);
    private static final LocalDate YOUNGEST_BIRTH_DATE = LocalDate.of(2007, 12, 31);

    private final long seed;
    private final FakerPools pools;
    private final List<Customer> customers = new ArrayList<>();

    private CustomerBase(long seed, FakerPools pools) {
        this.seed = seed;
        this.pools = pools;
    }

    /** {@code count} customers who signed up during the five years before {@code startDate}. */
    static CustomerBase create(int count, FakerPools pools, long seed, LocalDate startDate) {
        CustomerBase base = new CustomerBase(seed, pools);
        SplittableRandom random = SeededRandom.of(seed, "customers-initial", 0);
        long start = startDate.toEpochSecond(LocalTime.MIDNIGHT, ZoneOffset.UTC);
        long fiveYears = 5L * 365 * SECONDS_PER_DAY;
        for (int i = 0; i < count; i++) {
            long signedUp = start - 1 - random.nextLong(fiveYears);
            // Most customers have changed nothing since signing up; the others did so before the start.
            long updated = random.nextInt(100) < 70 ? signedUp : signedUp + random.nextLong(start - signedUp);
            base.add(signedUp, updated, random);
        }
        return base;
    }

    /**
     * Moves the customers to the day numbered {@code dayIndex} (1 or later): changes about 1% of
     * them and signs up {@code newCustomers}, all stamped on the day before {@code date}.
     */
    void advanceTo(int dayIndex, LocalDate date, int newCustomers) {
        SplittableRandom random = SeededRandom.of(seed, "customers-changes", dayIndex);
        long previousDayStart = date.minusDays(1).toEpochSecond(LocalTime.MIDNIGHT, ZoneOffset.UTC);
        int changes = Math.max(1, (int) Math.round(customers.size() * DAILY_CHANGE_SHARE));
        for (int i = 0; i < changes; i++) {
            int index = random.nextInt(customers.size());
            Customer customer = customers.get(index);
            long changedAt = Math.max(customer.updatedEpochSecond(), previousDayStart + random.nextInt(SECONDS_PER_DAY));
            int change = random.nextInt(10);
            if (change < 4) {
                customers.set(index, customer.withEmail(email(customer.firstName(), customer.lastName(), random), changedAt));
            } else if (change < 7) {
                customers.set(index, customer.withLoyaltyTier(neighbourTier(customer.loyaltyTier(), random), changedAt));
            } else {
                customers.set(index, customer.withCity(cityIn(customer.countryCode(), random), changedAt));
            }
        }
        for (int i = 0; i < newCustomers; i++) {
            long signedUp = previousDayStart + random.nextInt(SECONDS_PER_DAY);
            add(signedUp, signedUp, random);
        }
    }

    /** The customers now, in customer_id order. */
    List<Customer> snapshot() {
        return List.copyOf(customers);
    }

    private void add(long signupEpochSecond, long updatedEpochSecond, SplittableRandom random) {
        FakerPools.Country country = pools.country(random);
        String firstName = FakerPools.pick(country.firstNames(), random);
        String lastName = FakerPools.pick(country.lastNames(), random);
        long birthDays = YOUNGEST_BIRTH_DATE.toEpochDay() - OLDEST_BIRTH_DATE.toEpochDay();
        customers.add(new Customer(
                customers.size() + 1,
                firstName,
                lastName,
                email(firstName, lastName, random),
                country.phoneCode() + " " + (100 + random.nextInt(900)) + " " + (1_000_000 + random.nextInt(9_000_000)),
                (int) (OLDEST_BIRTH_DATE.toEpochDay() + random.nextLong(birthDays + 1)),
                FakerPools.pick(country.cities(), random),
                country.isoCode(),
                LOYALTY_TIERS.get(TIER_BY_PERCENT[random.nextInt(100)]),
                signupEpochSecond,
                updatedEpochSecond));
    }

    private String cityIn(String countryCode, SplittableRandom random) {
        FakerPools.Country country = pools.country(random);
        // Draw until the country matches: a move stays within the customer's country.
        while (!country.isoCode().equals(countryCode)) {
            country = pools.country(random);
        }
        return FakerPools.pick(country.cities(), random);
    }

    /** {@code first.last} (accents and punctuation dropped), sometimes with a number, at an example domain. */
    private static String email(String firstName, String lastName, SplittableRandom random) {
        StringBuilder email = new StringBuilder(40).append(asciiLetters(firstName)).append('.').append(asciiLetters(lastName));
        if (random.nextBoolean()) {
            email.append(random.nextInt(100));
        }
        return email.append('@').append(FakerPools.pick(EMAIL_DOMAINS, random)).toString();
    }

    private static String asciiLetters(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD).toLowerCase(Locale.ROOT);
        StringBuilder letters = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char character = decomposed.charAt(i);
            if ((character >= 'a' && character <= 'z') || (character >= '0' && character <= '9')) {
                letters.append(character);
            }
        }
        return letters.isEmpty() ? "customer" : letters.toString();
    }

    private static String neighbourTier(String tier, SplittableRandom random) {
        int index = LOYALTY_TIERS.indexOf(tier);
        boolean up = index == 0 || (index < LOYALTY_TIERS.size() - 1 && random.nextInt(100) < 70);
        return LOYALTY_TIERS.get(up ? index + 1 : index - 1);
    }

    private static int[] tierTable() {
        int[] table = new int[100];
        int[] percents = {55, 30, 12, 3};
        int position = 0;
        for (int tier = 0; tier < percents.length; tier++) {
            for (int i = 0; i < percents[tier]; i++) {
                table[position++] = tier;
            }
        }
        return table;
    }
}
