package io.medallion.lakehouse.run;

import io.medallion.lakehouse.config.GoldModelConfig;
import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.gold.GoldBuild;
import io.medallion.lakehouse.gold.GoldResult;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.system.AuditEntry;
import io.medallion.lakehouse.system.BatchContext;
import io.medallion.quality.gate.BatchGate;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's gold models, built from what silver (and the models before them) hold now (see
 * {@link GoldBuild}). A model that reads a table or model which failed in this run is not built: it
 * would read that table's old rows, so it waits for a good run.
 */
final class GoldStage {
    private static final Logger LOG = LoggerFactory.getLogger(GoldStage.class);

    private final PipelineConfig config;
    private final Function<TableConfig, BatchGate> gates;
    private final GoldBuild gold;

    GoldStage(SparkSession spark, PipelineConfig config, LakehouseLayout layout, Function<TableConfig, BatchGate> gates) {
        this.config = config;
        this.gates = gates;
        this.gold = new GoldBuild(spark, config, layout);
    }

    /**
     * Builds the models the options select, {@code parallel} at a time, each after the models it reads.
     *
     * @param failedTables the qualified names of the run's tables that failed; the models that fail are added
     */
    List<TableOutcome<GoldResult>> run(BatchContext batch, RunOptions options, RunRecords records, int parallel, Set<String> failedTables) {
        AuditedStep step = new AuditedStep(batch, records, Layer.GOLD.key(), "silver_to_gold");
        return TableLoads.run(selectedModels(options), parallel, (later, earlier) -> waitsFor(later).contains(earlier.qualifiedName()), model -> {
            TableOutcome<GoldResult> outcome = build(model, step, options, failedTables);
            if (!outcome.succeeded()) {
                failedTables.add(outcome.table());  // before the models that read it start
            }
            return outcome;
        });
    }

    /**
     * The models the options select, in build order, with the view and ephemeral models they read:
     * those are queries of the run, so a selected model's are built with it.
     */
    private List<GoldModelConfig> selectedModels(RunOptions options) {
        Map<String, GoldModelConfig> byName = new HashMap<>();
        config.goldModels().forEach(model -> byName.put(model.qualifiedName(), model));
        Set<String> selected = new HashSet<>();
        Deque<GoldModelConfig> toVisit = new ArrayDeque<>(config.goldModels().stream().filter(model -> options.includesTable(model.qualifiedName())).toList());
        while (!toVisit.isEmpty()) {
            GoldModelConfig model = toVisit.pop();
            if (selected.add(model.qualifiedName())) {
                model.reads().stream().map(byName::get).filter(read -> read != null && !read.materialization().isWritten()).forEach(toVisit::push);
            }
        }
        return LoadOrder.ofGold(config.goldModels(), this::waitsFor).stream().filter(model -> selected.contains(model.qualifiedName())).toList();
    }

    /**
     * What a model is built after: the models it reads, and those its {@code relationships} tests check
     * its rows against, which must be this run's rows, not the ones they are about to replace.
     */
    private List<String> waitsFor(GoldModelConfig model) {
        List<String> waits = new ArrayList<>(model.reads());
        config.table(Layer.GOLD, model.name()).ifPresent(table -> table.referencedTables().stream()
                .filter(referenced -> referenced.startsWith(Layer.GOLD.key() + ".")).forEach(waits::add));
        return waits;
    }

    private TableOutcome<GoldResult> build(GoldModelConfig model, AuditedStep step, RunOptions options, Set<String> failedTables) {
        Instant started = Instant.now();
        BatchContext batch = step.batch();
        Optional<String> failedInput = model.reads().stream().filter(failedTables::contains).findFirst();
        if (failedInput.isPresent()) {
            LOG.error("Gold {} not built in run {}: {} failed", model.qualifiedName(), batch.runId(), failedInput.get());
            return step.failed(model.name(), model.qualifiedName(), started,
                    "not built because " + failedInput.get() + ", which it reads, failed in this run; fix that, then rerun", OptionalDouble.empty(),
                    Optional.empty());
        }
        try {
            GoldResult result = gold.execute(model, gates.apply(config.table(Layer.GOLD, model.name()).orElseThrow()), batch,
                    options.fullRefresh() && model.rebuiltByFullRefresh());
            step.records().quality(batch, Layer.GOLD.key(), model.name(), result.quality());
            if (result.blocked()) {
                String message = "quality checks failed, so the model was not written: " + result.quality().blockingChecks()
                        + ". Fix the model's SQL or the data it reads (or the tests in its schema file), then rerun";
                LOG.error("Gold {} failed in run {}: {}", model.qualifiedName(), batch.runId(), message);
                return step.failed(model.name(), model.qualifiedName(), started, message, result.quality().score(), Optional.of(result));
            }
            AuditEntry.Status status = result.action() == GoldResult.Action.UP_TO_DATE ? AuditEntry.Status.SKIPPED : AuditEntry.Status.SUCCEEDED;
            String message = result.action().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " (" + model.materialization().key()
                    + ") from " + result.inputs() + result.quality().failures().stream().map(check -> "; quality warning: " + check.describe())
                    .collect(Collectors.joining());
            step.audit(model.name(), status, started, 0, result.rowsWritten(), 0, 0, 0, message, result.quality().score());
            return step.succeeded(model.qualifiedName(), started, result);
        } catch (Exception e) {  // Spark throws SparkException, a checked exception, without declaring it
            return step.threw(model.name(), model.qualifiedName(), started, e);
        }
    }
}
