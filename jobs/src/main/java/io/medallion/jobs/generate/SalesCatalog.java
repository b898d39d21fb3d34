package io.medallion.jobs.generate;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;

/**
 * What a sales or inventory row of one day may refer to, in arrays for fast picking: the numbers of
 * the customers of the day's snapshot (closed accounts leave gaps), each product's price that day,
 * and the active products.
 *
 * <p>The arrays are never modified after construction, so one instance is shared by the writers of
 * its own day and of the late-arriving rows of the following three days.
 */
record SalesCatalog(LocalDate date, int[] customerNumbers, int[] priceCentsByProductIndex, int[] activeProductNumbers) {

    SalesCatalog {
        requireNonNull(date, "date is null");
        requireNonNull(customerNumbers, "customerNumbers is null");
        requireNonNull(priceCentsByProductIndex, "priceCentsByProductIndex is null");
        requireNonNull(activeProductNumbers, "activeProductNumbers is null");
    }

    static SalesCatalog of(LocalDate date, List<Customer> customers, List<Product> products) {
        int[] prices = new int[products.size()];
        int activeCount = 0;
        for (Product product : products) {
            prices[product.number() - 1] = product.priceCents();
            activeCount += product.active() ? 1 : 0;
        }
        int[] active = new int[activeCount];
        int position = 0;
        for (Product product : products) {
            if (product.active()) {
                active[position++] = product.number();
            }
        }
        return new SalesCatalog(date, customers.stream().mapToInt(Customer::number).toArray(), prices, active);
    }

    int priceCents(int productNumber) {
        return priceCentsByProductIndex[productNumber - 1];
    }
}
