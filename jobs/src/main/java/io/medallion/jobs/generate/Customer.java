package io.medallion.jobs.generate;

import static java.util.Objects.requireNonNull;

/** One customer as a daily snapshot shows it; {@code customer_id} is {@code C} and the seven-digit {@code number}. */
record Customer(int number, String firstName, String lastName, String email, String phone, int birthEpochDay,
        String city, String countryCode, String loyaltyTier, long signupEpochSecond, long updatedEpochSecond) {

    Customer {
        requireNonNull(firstName, "firstName is null");
        requireNonNull(lastName, "lastName is null");
        requireNonNull(city, "city is null");
        requireNonNull(countryCode, "countryCode is null");
        requireNonNull(loyaltyTier, "loyaltyTier is null");
    }

    Customer withEmail(String newEmail, long changedEpochSecond) {
        return new Customer(number, firstName, lastName, newEmail, phone, birthEpochDay, city, countryCode,
                loyaltyTier, signupEpochSecond, changedEpochSecond);
    }

    Customer withLoyaltyTier(String newTier, long changedEpochSecond) {
        return new Customer(number, firstName, lastName, email, phone, birthEpochDay, city, countryCode, newTier,
                signupEpochSecond, changedEpochSecond);
    }

    Customer withPhone(String newPhone, long changedEpochSecond) {
        return new Customer(number, firstName, lastName, email, newPhone, birthEpochDay, city, countryCode, loyaltyTier,
                signupEpochSecond, changedEpochSecond);
    }

    Customer withCity(String newCity, long changedEpochSecond) {
        return new Customer(number, firstName, lastName, email, phone, birthEpochDay, newCity, countryCode,
                loyaltyTier, signupEpochSecond, changedEpochSecond);
    }
}
