package io.medallion.lakehouse.run;

import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.raw.RawLanding;
import io.medallion.lakehouse.raw.SourceFile;
import io.medallion.lakehouse.system.IngestedFilesLedger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bronze stage's file tables' source files, listed for all the tables before any of them loads,
 * and what the processed-files ledger holds of them, read once: one read of the ledger instead of
 * one per table, all at the same moment. Each table then picks its new files in its own load, so a
 * file it cannot checksum, its failed listing, or the ledger's failed read fails that table on its
 * own, as when each table listed its own files.
 */
final class NewSourceFiles {
    /** A table's listing: its files, or why they could not be listed. */
    private record Listing(List<SourceFile> files, Exception failure) {}

    private final Map<String, Listing> listings;
    private final IngestedFilesLedger.Held held;
    private final Exception ledgerFailure;

    private NewSourceFiles(Map<String, Listing> listings, IngestedFilesLedger.Held held, Exception ledgerFailure) {
        this.listings = listings;
        this.held = held;
        this.ledgerFailure = ledgerFailure;
    }

    /** The source files of those of {@code tables} that read files (not a JDBC database). */
    static NewSourceFiles of(List<TableConfig> tables, PipelineConfig config, RawLanding landing, IngestedFilesLedger ledger) {
        Map<String, Listing> listings = new LinkedHashMap<>();
        for (TableConfig table : tables) {
            SourceConfig source = config.source(table.source().orElseThrow());
            if (source.jdbc().isPresent()) {
                continue;
            }
            try {
                listings.put(table.qualifiedName(), new Listing(landing.discover(source), null));
            } catch (RuntimeException e) {
                listings.put(table.qualifiedName(), new Listing(List.of(), e));
            }
        }
        Map<String, List<SourceFile>> listed = new HashMap<>();
        listings.forEach((table, listing) -> listed.put(table, listing.files()));
        try {
            return new NewSourceFiles(listings, ledger.held(listed), null);
        } catch (Exception e) {  // Spark throws SparkException, a checked exception, without declaring it
            return new NewSourceFiles(listings, null, e);
        }
    }

    /** The files in the table's source folder. */
    List<SourceFile> found(TableConfig table) throws Exception {
        Listing listing = listings.get(table.qualifiedName());
        if (listing == null) {
            throw new IllegalStateException("bronze table " + table.qualifiedName() + " was not listed with the stage's file tables");
        }
        if (listing.failure() != null) {
            throw listing.failure();
        }
        return listing.files();
    }

    /** The files in the table's source folder that it has not committed, in {@link #found}'s order. */
    List<SourceFile> fresh(TableConfig table) throws Exception {
        List<SourceFile> found = found(table);
        if (ledgerFailure != null) {
            throw ledgerFailure;
        }
        return held.notYetIngested(table.qualifiedName(), found);
    }
}
