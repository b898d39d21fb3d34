package io.medallion.quality.suite;

import static io.medallion.quality.interop.ScalaInterop.javaList;
import static io.medallion.quality.interop.ScalaInterop.javaMap;
import static io.medallion.quality.interop.ScalaInterop.none;
import static io.medallion.quality.interop.ScalaInterop.seq;
import static java.util.Objects.requireNonNull;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckResult;
import io.medallion.quality.gate.BatchFacts;
import io.medallion.quality.gate.BatchGate;
import io.medallion.quality.gate.CheckOutcome;
import io.medallion.quality.gate.GateResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quality gate of one table, on Deequ: every configured check becomes Deequ constraints, and one
 * {@code VerificationSuite} run per batch measures them all, so the analyzers share scans (one scan
 * for the row-wise metrics plus one aggregation per uniqueness column set; a references check adds
 * a left join with the referenced table's distinct keys). Only metrics reach the driver, never rows.
 *
 * <p>Every batch's metrics, and the batch's row count even without a size check, are appended to
 * the table's metrics repository file (see {@link MetricsHistory}), a blocked batch's to a file
 * apart; anomaly checks compare the batch with the latest earlier passed batch.
 */
public final class DeequGate implements BatchGate {
    private static final Logger LOG = LoggerFactory.getLogger(DeequGate.class);

    private final List<CheckConfig> checks;
    private final String metricsRepositoryFile;
    private final Function<String, Optional<Dataset<Row>>> referencedTables;

    /**
     * @param checks the table's checks, in config order (the order of the outcomes)
     * @param metricsRepositoryFile the table's Deequ metrics repository, e.g. {@code <root>/_system/quality/metrics/bronze/sales.json}
     * @param referencedTables the rows of a table by qualified name ({@code bronze.products}), empty when it does not exist; called only by references checks
     */
    public DeequGate(List<CheckConfig> checks, String metricsRepositoryFile, Function<String, Optional<Dataset<Row>>> referencedTables) {
        this.checks = List.copyOf(checks);
        this.metricsRepositoryFile = requireNonNull(metricsRepositoryFile, "metricsRepositoryFile is null");
        this.referencedTables = requireNonNull(referencedTables, "referencedTables is null");
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public GateResult evaluate(Dataset<Row> batchRows, BatchFacts facts) {
        LOG.info("Quality gate of {} batch {}: {} checks", facts.table(), facts.batchId(), checks.size());
        MetricsHistory history = new MetricsHistory(batchRows.sparkSession(), metricsRepositoryFile, facts);
        CheckPlanner planner = new CheckPlanner(facts, referencedTables, history);
        List<PlannedCheck> plans = new ArrayList<>();
        Dataset<Row> measured = batchRows;
        for (CheckConfig check : checks) {
            PlannedCheck plan = planner.plan(check);
            try {
                measured = plan.addColumns().apply(measured);
            } catch (Exception e) { // Spark throws AnalysisException, a checked exception, without declaring it
                // Fails this check at its own level, naming it, rather than the whole table with Spark's words alone.
                plan = PlannedCheck.decided(planner.notMeasurable(check, e));
            }
            plans.add(plan);
        }
        List<Check> deequChecks = plans.stream().flatMap(p -> p.deequCheck().stream()).toList();
        VerificationResult result;
        try {
            result = new VerificationSuite()
                    .onData(measured)
                    .addChecks(seq(deequChecks))
                    .addRequiredAnalyzer((Analyzer) new Size(none()))
                    .run();
        } catch (RuntimeException e) {
            // Deequ turns a metric it cannot compute into a failed constraint; what reaches here is Spark or the repository failing.
            throw new IllegalStateException("The quality checks of " + facts.table() + " batch " + facts.batchId()
                    + " could not be evaluated (metrics repository " + metricsRepositoryFile + "): " + e.getMessage(), e);
        }
        Map<Check, CheckResult> results = javaMap(result.checkResults());
        List<CheckOutcome> outcomes = plans.stream()
                .map(plan -> plan.outcome().apply(plan.deequCheck().map(c -> javaList(results.get(c).constraintResults())).orElse(List.of())))
                .toList();
        GateResult gate = new GateResult(outcomes);
        try {
            history.save(new AnalyzerContext(result.metrics()), gate.blocksCommit());
        } catch (RuntimeException e) {
            throw new IllegalStateException("The quality metrics of " + facts.table() + " batch " + facts.batchId()
                    + " could not be saved to the metrics repository " + metricsRepositoryFile + ": " + e.getMessage(), e);
        }
        LOG.info("Quality gate of {} batch {}: {} of {} checks failed{}", facts.table(), facts.batchId(), gate.failures().size(), outcomes.size(),
                gate.blocksCommit() ? ", batch blocked" : "");
        return gate;
    }
}
