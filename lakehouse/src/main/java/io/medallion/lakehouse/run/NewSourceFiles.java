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
 * The bronze stage's file tables' source files, and which of them each table has not committed yet,
 * listed and checked against the processed-files ledger once for all the tables before any of them
 * loads: one read of the ledger instead of one per table, all at the same moment. A table whose
 * listing failed, or every table when the ledger's read failed, gets the failure when it asks, so it
 * fails on its own as it did when each table listed its own files.
 */
final class NewSourceFiles {
    private final Map<String, List<SourceFile>> found;
    private final Map<String, List<SourceFile>> fresh;
    private final Map<String, Exception> failures;

    private NewSourceFiles(Map<String, List<SourceFile>> found, Map<String, List<SourceFile>> fresh, Map<String, Exception> failures) {
        this.found = found;
        this.fresh = fresh;
        this.failures = failures;
    }

    /** The source files of those of {@code tables} that read files (not a JDBC database). */
    static NewSourceFiles of(List<TableConfig> tables, PipelineConfig config, RawLanding landing, IngestedFilesLedger ledger) {
        Map<String, List<SourceFile>> found = new LinkedHashMap<>();
        Map<String, Exception> failures = new HashMap<>();
        for (TableConfig table : tables) {
            SourceConfig source = config.source(table.source().orElseThrow());
            if (source.jdbc().isPresent()) {
                continue;
            }
            try {
                found.put(table.qualifiedName(), landing.discover(source));
            } catch (RuntimeException e) {
                failures.put(table.qualifiedName(), e);
            }
        }
        try {
            return new NewSourceFiles(found, ledger.notYetIngested(found), failures);
        } catch (Exception e) {  // Spark throws SparkException, a checked exception, without declaring it
            found.keySet().forEach(table -> failures.put(table, e));
            return new NewSourceFiles(found, Map.of(), failures);
        }
    }

    /** The files in the table's source folder. */
    List<SourceFile> found(TableConfig table) throws Exception {
        return lookUp(found, table);
    }

    /** The files in the table's source folder that it has not committed, in {@link #found}'s order. */
    List<SourceFile> fresh(TableConfig table) throws Exception {
        return lookUp(fresh, table);
    }

    private List<SourceFile> lookUp(Map<String, List<SourceFile>> files, TableConfig table) throws Exception {
        Exception failure = failures.get(table.qualifiedName());
        if (failure != null) {
            throw failure;
        }
        List<SourceFile> tableFiles = files.get(table.qualifiedName());
        if (tableFiles == null) {
            throw new IllegalStateException("bronze table " + table.qualifiedName() + " was not listed with the stage's file tables");
        }
        return tableFiles;
    }
}
