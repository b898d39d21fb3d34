package io.medallion.jobs.generate;

import java.text.Normalizer;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The customers as they evolve from day to day: each day about 1% of customers change email,
 * loyalty tier or city, 0.3% their phone number, 0.2% change twice (email, then city), 0.2% close
 * their account (and leave the snapshots), and new customers sign up. Every change is returned as a
 * {@link CustomerChange}, so the change feed holds exactly what the snapshots show: the snapshot of
 * one day and the changes of the next give the next day's snapshot.
 *
 * <p>The snapshot of a day shows the customers as of that day's midnight, so the changes and
 * sign-ups it shows are stamped on the previous day, and every sale of the day refers to a
 * customer in it. A customer's changes are stamped at least a second apart, so no two share a time. Names, cities and phone prefixes match the customer's country. Emails use the
 * reserved {@code example} domains so that no generated address can reach a real mailbox. No
 * defects are injected into customers. Holds every customer in memory (about 150 bytes each);
 * mutable, used from one thread.
 */
final class CustomerBase {
    /** Share of customers changing email, tier or city on each day after the first. */
    static final double DAILY_CHANGE_SHARE = 0.01;
    /** Share of customers changing only their phone number each day. */
    static final double DAILY_PHONE_CHANGE_SHARE = 0.003;
    /** Share of customers changing twice in one day: email in the morning, city in the afternoon. */
    static final double DAILY_DOUBLE_CHANGE_SHARE = 0.002;
    /** Share of customers closing their account each day. */
    static final double DAILY_DELETE_SHARE = 0.002;
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
    private int nextNumber = 1;
    private long nextChangeId = 1;

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
     * Moves the customers to the day numbered {@code dayIndex} (1 or later): changes, deletes and
     * signs up customers, all stamped on the day before {@code date}, and returns those changes in
     * time order.
     */
    List<CustomerChange> advanceTo(int dayIndex, LocalDate date, int newCustomers) {
        SplittableRandom random = SeededRandom.of(seed, "customers-changes", dayIndex);
        long previousDayStart = date.minusDays(1).toEpochSecond(LocalTime.MIDNIGHT, ZoneOffset.UTC);
        List<Change> changes = new ArrayList<>();
        int changeCount = share(DAILY_CHANGE_SHARE);
        for (int i = 0; i < changeCount; i++) {
            int index = random.nextInt(customers.size());
            Customer customer = customers.get(index);
            long changedAt = changeTime(customer, previousDayStart, SECONDS_PER_DAY, random);
            int change = random.nextInt(10);
            if (change < 4) {
                update(index, customer.withEmail(email(customer.firstName(), customer.lastName(), random), changedAt), changes);
            } else if (change < 7) {
                update(index, customer.withLoyaltyTier(neighbourTier(customer.loyaltyTier(), random), changedAt), changes);
            } else {
                update(index, customer.withCity(cityIn(customer.countryCode(), random), changedAt), changes);
            }
        }
        // The feed's own cases draw from their own stream, so the changes above stay as they were.
        SplittableRandom feed = SeededRandom.of(seed, "customers-feed", dayIndex);
        int phoneChanges = share(DAILY_PHONE_CHANGE_SHARE);
        for (int i = 0; i < phoneChanges; i++) {
            int index = feed.nextInt(customers.size());
            Customer customer = customers.get(index);
            update(index, customer.withPhone(phone(pools.country(customer.countryCode()), feed), changeTime(customer, previousDayStart, SECONDS_PER_DAY, feed)),
                    changes);
        }
        int doubleChanges = share(DAILY_DOUBLE_CHANGE_SHARE);
        for (int i = 0; i < doubleChanges; i++) {
            int index = feed.nextInt(customers.size());
            Customer customer = customers.get(index);
            Customer morning = customer.withEmail(email(customer.firstName(), customer.lastName(), feed),
                    changeTime(customer, previousDayStart, SECONDS_PER_DAY / 2, feed));
            update(index, morning, changes);
            Customer afternoon = morning.withCity(cityIn(morning.countryCode(), feed),
                    changeTime(morning, previousDayStart + SECONDS_PER_DAY / 2, SECONDS_PER_DAY / 2, feed));
            update(index, afternoon, changes);
        }
        int deletes = share(DAILY_DELETE_SHARE);
        for (int i = 0; i < deletes; i++) {
            int index = feed.nextInt(customers.size());
            Customer customer = customers.remove(index);
            changes.add(new Change(CustomerChange.Operation.DELETE, customer, changeTime(customer, previousDayStart, SECONDS_PER_DAY, feed)));
        }
        for (int i = 0; i < newCustomers; i++) {
            long signedUp = previousDayStart + random.nextInt(SECONDS_PER_DAY);
            changes.add(new Change(CustomerChange.Operation.INSERT, add(signedUp, signedUp, random), signedUp));
        }
        // Ids follow time, as a database's log sequence numbers do.
        changes.sort(Comparator.comparingLong(Change::at));
        List<CustomerChange> result = new ArrayList<>(changes.size());
        for (Change change : changes) {
            result.add(new CustomerChange(nextChangeId++, change.operation(), change.customer(), change.at()));
        }
        return result;
    }

    private record Change(CustomerChange.Operation operation, Customer customer, long at) {}

    private void update(int index, Customer changed, List<Change> changes) {
        customers.set(index, changed);
        changes.add(new Change(CustomerChange.Operation.UPDATE, changed, changed.updatedEpochSecond()));
    }

    /** {@code share} of the customers, at least one. */
    private int share(double share) {
        return Math.max(1, (int) Math.round(customers.size() * share));
    }

    /** A time in the {@code length} seconds from {@code start}, after the customer's last change. */
    private static long changeTime(Customer customer, long start, int length, SplittableRandom random) {
        return Math.max(customer.updatedEpochSecond() + 1, start + random.nextInt(length));
    }

    /** The customers now, in customer_id order. */
    List<Customer> snapshot() {
        return List.copyOf(customers);
    }

    private Customer add(long signupEpochSecond, long updatedEpochSecond, SplittableRandom random) {
        FakerPools.Country country = pools.country(random);
        String firstName = FakerPools.pick(country.firstNames(), random);
        String lastName = FakerPools.pick(country.lastNames(), random);
        long birthDays = YOUNGEST_BIRTH_DATE.toEpochDay() - OLDEST_BIRTH_DATE.toEpochDay();
        Customer customer = new Customer(
                nextNumber++,
                firstName,
                lastName,
                email(firstName, lastName, random),
                phone(country, random),
                (int) (OLDEST_BIRTH_DATE.toEpochDay() + random.nextLong(birthDays + 1)),
                FakerPools.pick(country.cities(), random),
                country.isoCode(),
                LOYALTY_TIERS.get(TIER_BY_PERCENT[random.nextInt(100)]),
                signupEpochSecond,
                updatedEpochSecond);
        customers.add(customer);
        return customer;
    }

    private static String phone(FakerPools.Country country, SplittableRandom random) {
        return country.phoneCode() + " " + (100 + random.nextInt(900)) + " " + (1_000_000 + random.nextInt(9_000_000));
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
