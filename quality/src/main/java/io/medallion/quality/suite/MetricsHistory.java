package io.medallion.quality.suite;

import static io.medallion.quality.interop.ScalaInterop.immutableMap;
import static io.medallion.quality.interop.ScalaInterop.javaList;
import static io.medallion.quality.interop.ScalaInterop.seq;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.AnalysisResult;
import com.amazon.deequ.repository.MetricsRepository;
import com.amazon.deequ.repository.ResultKey;
import com.amazon.deequ.repository.fs.FileSystemMetricsRepository;
import io.medallion.quality.gate.BatchFacts;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import scala.util.Try;

/**
 * A table's metrics across batches, in a Deequ {@link FileSystemMetricsRepository} (one JSON file
 * per table, read whole and rewritten on every save: small, since it holds a few numbers per batch).
 * Every batch's metrics are stored under its batch time and the tags {@code table}, {@code layer},
 * {@code run_id}, {@code batch_id} and {@code ingest_date}; history is read by the {@code table} tag.
 * A blocked batch's metrics are kept in a file of their own and are never history.
 */
final class MetricsHistory {
    static final String TABLE_TAG = "table";

    private final MetricsRepository repository;
    private final MetricsRepository blocked;
    private final BatchFacts facts;

    MetricsHistory(SparkSession spark, String repositoryFile, BatchFacts facts) {
        this.repository = new FileSystemMetricsRepository(spark, repositoryFile);
        this.blocked = new FileSystemMetricsRepository(spark, blockedFile(repositoryFile));
        this.facts = facts;
    }

    /** The batches that passed their gate: the history anomaly checks compare with. */
    MetricsRepository repository() {
        return repository;
    }

    /**
     * Saves the batch's metrics: with the history when the gate let the batch through, else apart,
     * in {@code <table>.blocked.json}. A blocked batch is not a baseline: compared with its own
     * rerun, a drop that blocked it would pass the second time.
     */
    void save(AnalyzerContext metrics, boolean blockedBatch) {
        (blockedBatch ? blocked : repository).save(batchKey(), metrics);
    }

    static String blockedFile(String repositoryFile) {
        return repositoryFile.endsWith(".json") ? repositoryFile.substring(0, repositoryFile.length() - ".json".length()) + ".blocked.json"
                : repositoryFile + ".blocked";
    }

    /** The key this batch's metrics are saved under. */
    ResultKey batchKey() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(TABLE_TAG, facts.table());
        tags.put("layer", facts.layer());
        tags.put("run_id", facts.runId());
        tags.put("batch_id", facts.batchId());
        tags.put("ingest_date", facts.ingestDate().toString());
        return new ResultKey(facts.batchTime().toEpochMilli(), immutableMap(tags));
    }

    /** The table's tag filter, which anomaly checks read their history with. */
    scala.collection.immutable.Map<String, String> tableTag() {
        return immutableMap(Map.of(TABLE_TAG, facts.table()));
    }

    /** History is what was saved strictly before this batch's time, so re-running a batch never compares it with itself. */
    long historyEnd() {
        return facts.batchTime().toEpochMilli() - 1;
    }

    /** The value {@code analyzer} measured on the table's latest earlier passed batch that measured it; empty when none did. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Optional<Double> previous(Analyzer<?, ?> analyzer) {
        List<AnalysisResult> results = javaList(repository.load()
                .withTagValues(tableTag())
                .before(historyEnd())
                .forAnalyzers(seq(List.of((Analyzer) analyzer)))
                .get());
        // The latest batch that measured it: a batch whose metric could not be computed is skipped, as Deequ's anomaly check skips it.
        return results.stream()
                .sorted(Comparator.comparingLong((AnalysisResult r) -> r.resultKey().dataSetDate()).reversed())
                .map(r -> {
                    scala.Option<Metric<?>> metric = r.analyzerContext().metric((Analyzer) analyzer);
                    return metric.isDefined() ? successValue(metric.get().value()) : Optional.<Double>empty();
                })
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<Double> successValue(Try<?> value) {
        return value.isSuccess() && value.get() instanceof Number number ? Optional.of(number.doubleValue()) : Optional.empty();
    }
}
