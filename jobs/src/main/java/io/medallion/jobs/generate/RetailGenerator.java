package io.medallion.jobs.generate;

import io.medallion.lakehouse.concurrent.Tasks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates the retail data behind {@code medallion generate}: daily sales and inventory CSV files,
 * daily customer (Parquet), product (JSON document) and campaign (JSON Lines) snapshots, the
 * customer change feed (Avro), with counted defects for the pipeline to catch.
 *
 * <pre>
 * outputDirectory/
 *   sales/sales_2026-01-01.csv              transactions, 85 to 90% of the bytes
 *   inventory/inventory_2026-01-01.csv      stock movements, one per ten sales rows
 *   customers/customers_2026-01-01.parquet  full customer snapshot as of the day's midnight
 *   products/products_2026-01-01.json       {"products": [...]}, the catalog in effect that day
 *   campaigns/campaigns_2026-01-01.json     JSON Lines, campaigns running that day
 *   customer_changes/customer_changes_2026-01-02.avro  the changes between the day before's customer
 *                                           snapshot and this day's, some late or sent twice
 *                                           (none on the first day: see CustomerChangeFeed)
 * </pre>
 *
 * <p>Sales rows refer only to customers and products of their day's snapshots and carry that
 * day's product price, except for the injected {@link DefectKind defects}: a share
 * {@link GenerateOptions#defectRate()} of sales rows carry one defect each (all seven kinds), and a
 * quarter of that share of inventory rows a wrong-typed quantity. Customers, products and campaigns
 * are clean. Every injected defect is counted exactly in the result.
 *
 * <p>The same options always give byte-identical files, whatever the number of threads: every
 * file draws from its own random stream derived from the seed. Days are written in parallel, one
 * thread per core; files are overwritten, other files in the directory are left alone.
 *
 * <p>Cost: about 15 seconds per GB on two cores over 3 days (20 seconds for a single day, which
 * one thread writes), plus about two seconds to draw the datafaker pools. Memory holds the customer
 * and product snapshots (about 150 and 500 bytes an entry) of a few days at a time, never a day's
 * sales: 1 GB is generated within a 400 MB heap.
 */
public final class RetailGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(RetailGenerator.class);
    /** What an interrupted or failed wait for a day says was under way. */
    private static final String GENERATING = "generating retail data";
    static final List<String> SOURCES = List.of("sales", "inventory", "customers", "products", "campaigns", "customer_changes");
    /** Late rows reach back at most this many days. */
    private static final int LATE_ARRIVAL_DAYS = 3;

    private RetailGenerator() {}

    /** Writes every file for {@code options} and reports what was written. */
    public static GenerationResult generate(GenerateOptions options) {
        return generate(options, Optional.empty());
    }

    /**
     * Writes every file for {@code options}, then, when there is one, the files of {@code followingDay}
     * into its own directory, and reports both. The full days' files are the same as without the
     * following day, but for the customer change feed: its last full day's file holds back late events
     * for the following day's, as any other day's does. No campaign starts on the following day
     * (campaigns are scheduled over the full days, which keeps their files as they are).
     *
     * @throws IllegalArgumentException when the following day's folder is not apart from the full days'
     */
    public static GenerationResult generate(GenerateOptions options, Optional<FollowingDay> followingDay) {
        followingDay.ifPresent(day -> day.requireApartFrom(options));
        long started = System.nanoTime();
        Path output = options.outputPath();
        GenerationPlan plan = GenerationPlan.of(options, followingDay.map(FollowingDay::salesShare).orElse(0.0));
        int totalDays = options.days() + (followingDay.isPresent() ? 1 : 0);
        LOG.info("Generating retail data into {}: seed {}, target {} bytes, {} days from {}, defect rate {}; "
                        + "about {} sales rows and {} customers a day, {} products, {} campaigns",
                output, options.seed(), options.sizeBytes(), options.days(), options.startDate(), options.defectRate(),
                plan.salesRows(0), plan.initialCustomers(), plan.initialProducts(), plan.campaigns());
        List<Path> directories = new ArrayList<>(List.of(output));
        followingDay.ifPresent(day -> directories.add(day.outputPath()));
        for (Path directory : directories) {
            for (String source : SOURCES) {
                createDirectories(directory.resolve(source));
            }
        }

        FakerPools pools = FakerPools.create(options.seed());
        ProductCatalog products = ProductCatalog.create(plan.initialProducts(), pools, options.seed(), options.startDate());
        CustomerBase customers = CustomerBase.create(plan.initialCustomers(), pools, options.seed(), options.startDate());
        CustomerChangeFeed changeFeed = new CustomerChangeFeed(options.seed());
        DayWriter dayWriter = new DayWriter(options, plan,
                CampaignSchedule.create(plan.campaigns(), pools, options.seed(), options.startDate(), options.days()));

        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), totalDays));
        // Days ahead of the oldest unfinished one, bounding the snapshots held in memory.
        int maximumDaysInFlight = threads + 1;
        ExecutorService executor = Executors.newFixedThreadPool(threads, Tasks.daemonThreads("medallion-generate"));
        List<Future<List<WrittenFile>>> days = new ArrayList<>();
        try {
            Deque<SalesCatalog> earlierCatalogs = new ArrayDeque<>();
            for (int dayIndex = 0; dayIndex < totalDays; dayIndex++) {
                LocalDate date = options.dateOfDay(dayIndex);
                CustomerChangeFeed.FeedFile changes = CustomerChangeFeed.FeedFile.EMPTY;
                if (dayIndex > 0) {
                    products.advanceTo(dayIndex, date, plan.newProductsPerDay());
                    changes = changeFeed.next(dayIndex, customers.advanceTo(dayIndex, date, plan.newCustomersPerDay()),
                            dayIndex == totalDays - 1);
                }
                List<Product> productSnapshot = products.snapshot();
                List<Customer> customerSnapshot = customers.snapshot();
                SalesCatalog catalog = SalesCatalog.of(date, customerSnapshot, productSnapshot);
                DaySnapshot snapshot = new DaySnapshot(dayIndex, date, productSnapshot, customerSnapshot, catalog,
                        List.copyOf(earlierCatalogs), changes);
                earlierCatalogs.addFirst(catalog);
                if (earlierCatalogs.size() > LATE_ARRIVAL_DAYS) {
                    earlierCatalogs.removeLast();
                }
                if (dayIndex >= maximumDaysInFlight) {
                    Tasks.await(days.get(dayIndex - maximumDaysInFlight), GENERATING);
                }
                // The full days' folder, then the following day's.
                Path directory = directories.get(dayIndex < options.days() ? 0 : 1);
                days.add(executor.submit(() -> dayWriter.write(snapshot, directory)));
            }
            List<WrittenFile> written = new ArrayList<>();
            for (Future<List<WrittenFile>> day : days) {
                written.addAll(Tasks.await(day, GENERATING));
            }
            GenerationResult result = summarize(written);
            LOG.info("Generated {} files, {} bytes, into {} in {} ms; rows {}; defects {}",
                    result.files().size(), result.bytesWritten(), directories, (System.nanoTime() - started) / 1_000_000,
                    result.rowsBySource(), result.defectsByKind());
            return result;
        } finally {
            executor.shutdownNow();
        }
    }

    private static GenerationResult summarize(List<WrittenFile> written) {
        List<GeneratedFile> files = new ArrayList<>();
        Map<String, Long> rowsBySource = new LinkedHashMap<>();
        long bytes = 0;
        for (String source : SOURCES) {
            long rows = 0;
            for (WrittenFile file : written) {
                if (file.file().source().equals(source)) {
                    files.add(file.file());
                    rows += file.file().rows();
                    bytes += file.file().bytes();
                }
            }
            rowsBySource.put(source, rows);
        }
        Map<String, Long> defectsByKind = new LinkedHashMap<>();
        for (DefectKind kind : DefectKind.values()) {
            long count = 0;
            for (WrittenFile file : written) {
                count += file.defects().getOrDefault(kind, 0L);
            }
            defectsByKind.put(kind.key(), count);
        }
        return new GenerationResult(files, rowsBySource, defectsByKind, bytes);
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the output directory " + directory, e);
        }
    }

    /** Writes the files of one day; shared by the worker threads, holding nothing mutable. */
    private static final class DayWriter {
        private final GenerationPlan plan;
        private final SalesFileWriter sales;
        private final InventoryFileWriter inventory;
        private final CustomersFileWriter customers = new CustomersFileWriter();
        private final ProductsFileWriter products = new ProductsFileWriter();
        private final CampaignsFileWriter campaigns;
        private final CustomerChangesFileWriter customerChanges;

        DayWriter(GenerateOptions options, GenerationPlan plan, CampaignSchedule schedule) {
            this.plan = plan;
            this.sales = new SalesFileWriter(options.seed(), options.defectRate());
            this.inventory = new InventoryFileWriter(options.seed(), options.defectRate());
            this.campaigns = new CampaignsFileWriter(options.seed(), schedule);
            this.customerChanges = new CustomerChangesFileWriter(options.seed());
        }

        /** Writes the files of {@code day} into {@code directory}'s source folders. */
        List<WrittenFile> write(DaySnapshot day, Path directory) {
            int index = day.dayIndex();
            List<WrittenFile> files = new ArrayList<>(List.of(
                    sales.write(day, plan.salesRows(index), plan.firstTransactionId(index), file(directory, "sales", day, "csv")),
                    inventory.write(day, plan.inventoryRows(index), plan.firstMovementId(index), file(directory, "inventory", day, "csv")),
                    customers.write(day, file(directory, "customers", day, "parquet")),
                    products.write(day, file(directory, "products", day, "json")),
                    campaigns.write(day, file(directory, "campaigns", day, "json"))));
            List<CustomerChange> changes = day.customerChanges().events();
            if (!changes.isEmpty()) {
                files.add(customerChanges.write(index, changes, file(directory, "customer_changes", day, "avro")));
            }
            LOG.debug("Wrote the files of {}: {}", day.date(), files);
            return files;
        }

        private static Path file(Path directory, String source, DaySnapshot day, String extension) {
            return directory.resolve(source).resolve(source + "_" + day.date() + "." + extension);
        }
    }
}
