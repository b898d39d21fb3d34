package io.medallion.lakehouse.bronze;

import io.medallion.lakehouse.error.Errors;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.apache.spark.util.TaskCompletionListener;
import org.apache.spark.util.TaskFailureListener;

/**
 * Sets the failing rows of a bronze write aside from inside the tasks that write the valid rows, so
 * one scan of the input decides both tables. {@link #keep} is a filter condition that is evaluated
 * only for failing rows: it appends the row, as one JSON line, to a staging file of the task and
 * drops it from the write. After the write, {@link #rows} reads the staged rows back for the
 * quarantine commit.
 *
 * <p>Task retries are harmless: each attempt writes a file of its own, hidden from readers by its
 * {@code _} prefix, and only an attempt that succeeds renames it to its partition's file
 * {@code part-<partition>.json}, replacing what an earlier attempt of that partition left. Every
 * attempt of a partition reads the same input, so that file holds each failing row of the partition
 * exactly once. Cost: nothing for rows that pass; one JSON line per failing row, written once to the
 * staging folder and read once.
 */
final class FailingRowsSideOutput implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String folder;
    private final StructType schema;
    private final Broadcast<SerializableConfiguration> hadoopConfiguration;
    private transient TaskFile taskFile;

    private FailingRowsSideOutput(String folder, StructType schema, Broadcast<SerializableConfiguration> hadoopConfiguration) {
        this.folder = folder;
        this.schema = schema;
        this.hadoopConfiguration = hadoopConfiguration;
    }

    /**
     * A side output staging rows of {@code schema} (string, struct and array fields, which JSON keeps
     * exactly) in {@code folder}, emptied first: what an earlier attempt at the batch left is gone.
     */
    static FailingRowsSideOutput in(SparkSession spark, String folder, StructType schema) {
        Configuration configuration = spark.sparkContext().hadoopConfiguration();
        FailingRowsSideOutput output = new FailingRowsSideOutput(folder, schema,
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(new SerializableConfiguration(configuration)));
        output.delete(configuration);
        return output;
    }

    /**
     * A condition that stages the row {@code failingRow} (a struct of this side output's schema) and
     * is false. Put it on the failing side of an {@code or}, so only failing rows reach it:
     * {@code passes.or(keep(row))}. It is non-deterministic, so Spark neither moves nor repeats it.
     */
    Column keep(Column failingRow) {
        UserDefinedFunction stage = functions.udf((UDF1<Row, Boolean>) this::stage, DataTypes.BooleanType).asNondeterministic();
        return stage.apply(failingRow);
    }

    /** The staged rows, once the write that stages them has succeeded; empty when no row failed. */
    Optional<Dataset<Row>> rows(SparkSession spark) {
        Configuration configuration = spark.sparkContext().hadoopConfiguration();
        Path[] staged = stagedFiles(configuration);
        if (staged.length == 0) {
            return Optional.empty();
        }
        String[] paths = Arrays.stream(staged).map(Path::toString).toArray(String[]::new);
        // One staged file per write task, which the session may split further: read as they are, a
        // few thousand failing rows made as many small quarantine tasks and files. One task per core
        // keeps every core busy with fewer of them (250MB of sales: 35,112 rows in 2 tasks, 0.96 s;
        // in 6 tasks, 1.07 s).
        return Optional.of(spark.read().schema(schema).option("mode", "FAILFAST").json(paths)
                .coalesce(spark.sparkContext().defaultParallelism()));
    }

    /** Removes the staging folder and lets go of the broadcast configuration. */
    void discard(SparkSession spark) {
        delete(spark.sparkContext().hadoopConfiguration());
        hadoopConfiguration.destroy();
    }

    private boolean stage(Row row) throws IOException {
        TaskContext task = TaskContext.get();
        if (taskFile == null || taskFile.attemptId != task.taskAttemptId()) {
            taskFile = TaskFile.open(folder, hadoopConfiguration.value().value(), task);
        }
        taskFile.append(row.json());
        return false;
    }

    private Path[] stagedFiles(Configuration configuration) {
        Path glob = new Path(folder, "part-*.json");
        try {
            FileStatus[] statuses = glob.getFileSystem(configuration).globStatus(glob);
            return statuses == null ? new Path[0] : Arrays.stream(statuses).map(FileStatus::getPath).toArray(Path[]::new);
        } catch (IOException e) {
            throw Errors.storageFailed("list the quarantined rows staged by the bronze write", folder, e);
        }
    }

    private void delete(Configuration configuration) {
        Path path = new Path(folder);
        try {
            path.getFileSystem(configuration).delete(path, true);
        } catch (IOException e) {
            throw Errors.storageFailed("empty the staging folder of quarantined rows", folder, e);
        }
    }

    /** The staging file of one task attempt, promoted to its partition's file when the attempt succeeds. */
    private static final class TaskFile {
        private final long attemptId;
        private final FileSystem fs;
        private final Path attemptPath;
        private final Path partitionPath;
        private final OutputStream out;
        private boolean failed;

        private TaskFile(long attemptId, FileSystem fs, Path attemptPath, Path partitionPath, OutputStream out) {
            this.attemptId = attemptId;
            this.fs = fs;
            this.attemptPath = attemptPath;
            this.partitionPath = partitionPath;
            this.out = out;
        }

        static TaskFile open(String folder, Configuration configuration, TaskContext task) throws IOException {
            Path attemptPath = new Path(folder, String.format("_attempt-%05d-%d-%d.json", task.partitionId(), task.attemptNumber(), task.taskAttemptId()));
            Path partitionPath = new Path(folder, String.format("part-%05d.json", task.partitionId()));
            FileSystem fs = attemptPath.getFileSystem(configuration);
            TaskFile file = new TaskFile(task.taskAttemptId(), fs, attemptPath, partitionPath, fs.create(attemptPath, true));
            task.addTaskFailureListener((TaskFailureListener) (context, error) -> file.failed = true);
            // Failure listeners run before completion listeners, so a failed attempt is never promoted.
            task.addTaskCompletionListener((TaskCompletionListener) context -> file.finish());
            return file;
        }

        void append(String json) throws IOException {
            out.write(json.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }

        private void finish() {
            try {
                out.close();
                if (failed) {
                    fs.delete(attemptPath, false);
                    return;
                }
                fs.delete(partitionPath, false);
                if (!fs.rename(attemptPath, partitionPath)) {
                    throw new IOException("could not rename " + attemptPath + " to " + partitionPath);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
