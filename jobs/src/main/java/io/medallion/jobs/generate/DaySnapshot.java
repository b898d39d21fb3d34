package io.medallion.jobs.generate;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;

/**
 * Everything the files of one day are written from, frozen so that days can be written in parallel.
 *
 * @param dayIndex the day's number, 0 for the first day
 * @param date the day
 * @param products the product snapshot in effect that day
 * @param customers the customer snapshot as of that day's midnight
 * @param catalog the same two snapshots as arrays, for sales and inventory rows
 * @param earlierCatalogs the catalogs of up to three previous days, the most recent first, for late-arriving rows
 * @param customerChanges the day's file of the customer change feed
 */
record DaySnapshot(int dayIndex, LocalDate date, List<Product> products, List<Customer> customers,
        SalesCatalog catalog, List<SalesCatalog> earlierCatalogs, CustomerChangeFeed.FeedFile customerChanges) {

    DaySnapshot {
        requireNonNull(date, "date is null");
        products = List.copyOf(products);
        customers = List.copyOf(customers);
        requireNonNull(catalog, "catalog is null");
        earlierCatalogs = List.copyOf(earlierCatalogs);
        requireNonNull(customerChanges, "customerChanges is null");
    }
}
