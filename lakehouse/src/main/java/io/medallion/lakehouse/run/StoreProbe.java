package io.medallion.lakehouse.run;

import io.medallion.lakehouse.error.Errors;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks with one metadata request that the store holding a lakehouse root answers: an unknown
 * bucket, a wrong endpoint, missing credentials or no network then stop a run before any table,
 * with an error naming the root. The request goes through its own file system instance whose
 * retries are cut short, because with S3A's defaults a refused connection is retried for tens of
 * minutes, which looks like a hang; the run's reads and writes keep the store's own retries.
 * Per-bucket settings ({@code fs.s3a.bucket.<bucket>.*}) still override these.
 */
final class StoreProbe {
    private static final Map<String, String> FAIL_FAST = Map.of(
            "fs.s3a.attempts.maximum", "2",  // AWS SDK attempts per request
            "fs.s3a.retry.limit", "1",       // S3A's retries of a failed call
            "fs.gs.http.max.retry", "0");    // GCS request retries; its token requests still retry about a minute

    private StoreProbe() {}

    static void checkAnswers(Configuration hadoopConfiguration, String root) {
        Configuration probe = new Configuration(hadoopConfiguration);
        FAIL_FAST.forEach(probe::set);
        Path path = new Path(root);
        try (FileSystem fs = FileSystem.newInstance(path.toUri(), probe)) {
            fs.exists(path);
        } catch (IOException e) {
            throw Errors.storageFailed("reach the lakehouse root", root, e);
        }
    }
}
