package io.medallion.lakehouse.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.lakehouse.layout.TableRef;
import io.medallion.quality.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PendingDeltaWriteTest {
    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path temp;

    @Test
    void anAppendAtTheVersionReadCommitsWhenNothingCommittedSince() {
        TableRef table = tableOf(0, 3);

        PendingDeltaWrite.ReadVersion read = PendingDeltaWrite.readVersion(spark, table);
        read.append(spark.range(3, 5).toDF("id")).commit();

        assertThat(read.version()).isEqualTo(0);
        assertThat(read.appendConflictsWithEveryLaterCommit()).as("Serializable, Delta's default").isTrue();
        assertThat(ids(table)).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(DeltaTables.forTable(spark, table).history(1).select("operation").as(Encoders.STRING()).head()).isEqualTo("WRITE");
    }

    @Test
    void anAppendFailsWhenAnotherCommitChangedTheTableAfterTheVersionReadAndLeavesNoFileBehind() throws IOException {
        TableRef table = tableOf(0, 3);
        PendingDeltaWrite.ReadVersion read = PendingDeltaWrite.readVersion(spark, table);
        spark.range(10, 11).toDF("id").write().format("delta").mode("append").save(table.path());
        long filesBefore = dataFiles(table);

        PendingDeltaWrite append = read.append(spark.range(3, 5).toDF("id"));

        assertThatThrownBy(append::commit).isInstanceOf(ConcurrentModificationException.class);
        append.abandon();
        assertThat(ids(table)).containsExactly(0L, 1L, 2L, 10L);
        assertThat(dataFiles(table)).as("the abandoned append's files are deleted").isEqualTo(filesBefore);
    }

    @Test
    void anOverwriteReplacesTheVersionReadAndFailsWhenAnotherCommitCameBetween() {
        TableRef table = tableOf(0, 3);
        PendingDeltaWrite.ReadVersion read = PendingDeltaWrite.readVersion(spark, table);
        read.overwrite(spark.range(7, 9).toDF("id")).commit();
        assertThat(ids(table)).containsExactly(7L, 8L);

        PendingDeltaWrite.ReadVersion stale = PendingDeltaWrite.readVersion(spark, table);
        spark.range(10, 11).toDF("id").write().format("delta").mode("append").save(table.path());
        PendingDeltaWrite overwrite = stale.overwrite(spark.range(20, 21).toDF("id"));
        assertThatThrownBy(overwrite::commit).as("the row appended after the read is not lost").isInstanceOf(ConcurrentModificationException.class);
        overwrite.abandon();
        assertThat(ids(table)).containsExactly(7L, 8L, 10L);
    }

    @Test
    void aVersionReadCanBeAppendedToOnce() {
        PendingDeltaWrite.ReadVersion read = PendingDeltaWrite.readVersion(spark, tableOf(0, 3));
        read.append(spark.range(3, 4).toDF("id")).abandon();

        assertThatThrownBy(() -> read.append(spark.range(4, 5).toDF("id"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already written to");
    }

    private TableRef tableOf(long from, long to) {
        TableRef table = TableRef.atPath(temp.resolve("ids").toString());
        spark.range(from, to).toDF("id").write().format("delta").save(table.path());
        return table;
    }

    private List<Long> ids(TableRef table) {
        return DeltaTables.read(spark, table).orderBy("id").as(Encoders.LONG()).collectAsList();
    }

    private long dataFiles(TableRef table) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(table.path()))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".parquet")).count();
        }
    }
}
