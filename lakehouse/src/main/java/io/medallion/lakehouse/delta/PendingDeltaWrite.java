package io.medallion.lakehouse.delta;

import io.delta.tables.DeltaTable;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.quality.interop.ScalaInterop;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaConfigs;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.DeltaOptions;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.OptimisticTransaction$;
import org.apache.spark.sql.delta.Serializable$;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.commands.DMLUtils;
import org.apache.spark.sql.delta.commands.WriteIntoDelta;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * A write to a Delta table whose files are written but not yet committed: {@link #rows()} reads
 * exactly the rows written (as Parquet, typed and columnar), and then {@link #commit()} makes them
 * the table's next version or {@link #abandon()} deletes them, leaving the table as it was.
 *
 * <p>The write has the semantics of {@link DeltaTables}' writes, in one commit: with a predicate it
 * replaces the rows matching it ({@code replaceWhere}; an append when no row matches), without one
 * it replaces every row; the first write creates the table with its partitioning, and columns the
 * table lacks are added to it ({@code mergeSchema}). A write can also begin before its rows are
 * known ({@link #readVersion}): an append, of rows with the table's columns, decided by reading the
 * table, which commits only if no other commit changed the table after that read.
 *
 * <p><b>Internal API.</b> Delta offers no public way to write files and commit them later, so this
 * class drives the command behind {@code df.write.format("delta")}, {@link WriteIntoDelta}, the way
 * its {@code run} does, with the commit moved after the caller's check. Written against
 * delta-spark 3.3.3 ({@code WriteIntoDelta.writeAndReturnCommitData},
 * {@code OptimisticTransaction.commitIfNeeded}, {@code OptimisticTransaction.readWholeTable},
 * {@code DeltaOperations.Write}); check those signatures when upgrading Delta. The only other class
 * that uses Delta internals is {@link DeltaLogReads}.
 *
 * <p>Cost: the write itself, plus, for {@link #rows()}, a read of the files just written. A catalog
 * table that does not exist yet is first created empty (one small commit of its own), since this
 * write addresses a table by its storage location.
 */
public final class PendingDeltaWrite {
    private final SparkSession spark;
    private final DeltaLog deltaLog;
    private final OptimisticTransaction transaction;
    private final List<Action> actions;
    private final Map<String, String> tags;
    private final DeltaOperations.Write operation;
    private final String table;
    private boolean finished;

    private PendingDeltaWrite(SparkSession spark, DeltaLog deltaLog, OptimisticTransaction transaction, List<Action> actions,
            Map<String, String> tags, DeltaOperations.Write operation, String table) {
        this.spark = spark;
        this.deltaLog = deltaLog;
        this.transaction = transaction;
        this.actions = actions;
        this.tags = tags;
        this.operation = operation;
        this.table = table;
    }

    /**
     * Writes {@code rows}' files for a commit in place of the rows matching {@code predicate} (all
     * rows without one), without committing them. A table this write creates gets
     * {@code tableProperties}; an existing table keeps its own.
     */
    public static PendingDeltaWrite start(SparkSession spark, Dataset<Row> rows, TableRef table, List<String> partitionBy,
            Optional<String> predicate, Map<String, String> tableProperties) {
        String location = location(spark, rows, table, partitionBy);
        // As DeltaTables.replaceWhere: when no row matches, an append, a plain write rather than a rewrite.
        boolean replaces = predicate.isEmpty() || DeltaTables.holdsRowsMatching(spark, table, predicate.get());
        SaveMode mode = replaces ? SaveMode.Overwrite : SaveMode.Append;
        Map<String, String> options = new HashMap<>(Map.of("mergeSchema", "true"));
        if (replaces) {
            predicate.ifPresent(p -> options.put("replaceWhere", p));
        }
        DeltaLog deltaLog = DeltaLog.forTable(spark, location);
        return write(spark, deltaLog, deltaLog.startTransaction(Option.empty(), Option.empty()), location, rows, mode, options, partitionBy,
                tableProperties);
    }

    /**
     * Opens a write to an existing table at its current version, before the caller reads that version
     * to decide what to write: {@link ReadVersion#append} then commits only when no other commit has
     * changed the table since.
     */
    public static ReadVersion readVersion(SparkSession spark, TableRef table) {
        String location = existingLocation(spark, table);
        DeltaLog deltaLog = DeltaLog.forTable(spark, location);
        OptimisticTransaction transaction = deltaLog.startTransaction(Option.empty(), Option.empty());
        // As if every row had been read: any commit after this version that adds or removes files conflicts (see appendConflictsWithEveryLaterCommit).
        transaction.readWholeTable();
        return new ReadVersion(spark, deltaLog, transaction, location);
    }

    /** A table's version as a writer read it, from {@link #readVersion}. */
    public static final class ReadVersion {
        private final SparkSession spark;
        private final DeltaLog deltaLog;
        private final OptimisticTransaction transaction;
        private final String location;
        private boolean written;

        private ReadVersion(SparkSession spark, DeltaLog deltaLog, OptimisticTransaction transaction, String location) {
            this.spark = spark;
            this.deltaLog = deltaLog;
            this.transaction = transaction;
            this.location = location;
        }

        public long version() {
            return transaction.readVersion();
        }

        /**
         * Whether {@link #append}'s commit fails after any other commit since this version, blind
         * appends included: only under the Serializable isolation level, open-source Delta's default
         * (a table set to WriteSerializable lets a concurrent blind append through).
         */
        public boolean appendConflictsWithEveryLaterCommit() {
            return Serializable$.MODULE$.equals(DeltaConfigs.ISOLATION_LEVEL().fromMetaData(transaction.metadata()));
        }

        /**
         * Writes {@code rows}, which have the table's columns, for a commit that adds them to the rows
         * of this version; {@link #commit()} fails with a {@link java.util.ConcurrentModificationException}
         * when another commit has changed the table since. Can be called once.
         */
        public PendingDeltaWrite append(Dataset<Row> rows) {
            return writeOnce(rows, SaveMode.Append);
        }

        /**
         * Writes {@code rows}, which have the table's columns, for a commit that replaces every row of
         * this version (an unpartitioned table); {@link #commit()} fails as {@link #append}'s does. Can be
         * called once, and not after {@link #append}.
         */
        public PendingDeltaWrite overwrite(Dataset<Row> rows) {
            return writeOnce(rows, SaveMode.Overwrite);
        }

        private PendingDeltaWrite writeOnce(Dataset<Row> rows, SaveMode mode) {
            if (written) {
                throw new IllegalStateException("version " + version() + " of " + location + " was already written to");
            }
            written = true;
            return write(spark, deltaLog, transaction, location, rows, mode, Map.of(), List.of(), Map.of());
        }
    }

    /** Writes {@code rows}' files within {@code transaction}, as {@code df.write.format("delta").mode(mode).options(options)} would. */
    private static PendingDeltaWrite write(SparkSession spark, DeltaLog deltaLog, OptimisticTransaction transaction, String location,
            Dataset<Row> rows, SaveMode mode, Map<String, String> options, List<String> partitionBy, Map<String, String> tableProperties) {
        WriteIntoDelta command = new WriteIntoDelta(deltaLog, mode, new DeltaOptions(ScalaInterop.immutableMap(options), spark.sessionState().conf()),
                ScalaInterop.seq(partitionBy), DeltaConfigs.validateConfigurations(ScalaInterop.immutableMap(tableProperties)), rows,
                Option.empty(), Option.empty());
        OptimisticTransaction$.MODULE$.setActive(transaction);
        try {
            DMLUtils.TaggedCommitData<Action> written = command.writeAndReturnCommitData(transaction, spark,
                    command.writeAndReturnCommitData$default$3(), command.writeAndReturnCommitData$default$4());
            DeltaOperations.Write operation = new DeltaOperations.Write(mode, Option.apply(ScalaInterop.seq(partitionBy)),
                    command.options().replaceWhere(), command.options().userMetadata());
            return new PendingDeltaWrite(spark, deltaLog, transaction, List.copyOf(ScalaInterop.javaList(written.actions())),
                    Map.copyOf(ScalaInterop.javaMap(written.stringTags())), operation, location);
        } finally {
            OptimisticTransaction$.MODULE$.clearActive();
        }
    }

    /**
     * The rows this write added, read back from its files with the table's schema (partition values
     * come from the files' folders, as Delta lays them out). Reading them does not read the input again.
     */
    public Dataset<Row> rows() {
        StructType schema = transaction.metadata().schema();
        List<String> files = addedFiles().stream().map(file -> file.absolutePath(deltaLog).toString()).toList();
        if (files.isEmpty()) {
            return spark.createDataFrame(List.of(), schema);
        }
        Column[] tableOrder = Arrays.stream(schema.fields()).map(StructField::name).map(functions::col).toArray(Column[]::new);
        return spark.read().schema(schema).option("basePath", deltaLog.dataPath().toString())
                .parquet(files.toArray(String[]::new)).select(tableOrder);
    }

    /**
     * Makes the written rows the table's next version. Fails with a {@link ConcurrentModificationException}
     * if another writer's commit conflicts with this one; the write then stays open, and {@link #abandon()}
     * deletes its files. After any other failure the write is closed: the commit may have reached the
     * log before it (a post-commit hook, say), and deleting its files would break that version.
     */
    public void commit() {
        requireOpen();
        OptimisticTransaction$.MODULE$.setActive(transaction);
        try {
            transaction.commitIfNeeded(ScalaInterop.seq(actions), operation, ScalaInterop.immutableMap(tags));
            finished = true;
        } catch (ConcurrentModificationException conflict) {
            throw conflict; // nothing reached the log: the files can still be abandoned
        } catch (RuntimeException | Error failure) {
            finished = true;
            throw failure;
        } finally {
            OptimisticTransaction$.MODULE$.clearActive();
        }
    }

    /** Deletes the written files, which no version of the table refers to: the table stays as it was. */
    public void abandon() {
        requireOpen();
        finished = true;
        Configuration configuration = spark.sessionState().newHadoopConf();
        for (AddFile file : addedFiles()) {
            Path path = file.absolutePath(deltaLog);
            try {
                path.getFileSystem(configuration).delete(path, false);
            } catch (IOException e) {
                throw Errors.storageFailed("delete a file of an abandoned write to " + table, path.toString(), e);
            }
        }
    }

    private List<AddFile> addedFiles() {
        List<AddFile> files = new ArrayList<>();
        for (Action action : actions) {
            if (action instanceof AddFile add && add.dataChange()) {
                files.add(add);
            }
        }
        return files;
    }

    private void requireOpen() {
        if (finished) {
            throw new IllegalStateException("the write to " + table + " was already committed or abandoned");
        }
    }

    /**
     * Where the table's files live. A catalog table is addressed by its location, so one that does
     * not exist yet is created first, empty, with the rows' schema and the partitioning.
     */
    private static String location(SparkSession spark, Dataset<Row> rows, TableRef table, List<String> partitionBy) {
        if (table.catalogName().isPresent() && !DeltaTables.exists(spark, table)) {
            DeltaTables.append(spark.createDataFrame(List.of(), rows.schema()), table, partitionBy);
        }
        return existingLocation(spark, table);
    }

    private static String existingLocation(SparkSession spark, TableRef table) {
        if (table.catalogName().isEmpty()) {
            return table.path();
        }
        return DeltaTable.forName(spark, table.catalogName().get()).detail().select("location").head().getString(0);
    }
}
