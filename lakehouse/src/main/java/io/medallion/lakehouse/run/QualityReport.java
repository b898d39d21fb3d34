package io.medallion.lakehouse.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.system.BatchContext;
import io.medallion.quality.gate.CheckOutcome;
import io.medallion.quality.gate.GateResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The quality report of one run, in {@code <folder>/quality.json} for machines and
 * {@code <folder>/quality.md} for people: per table, whether its batch was committed, its quality
 * score and every check's metric, measured value, threshold and result. Every bronze table is in
 * it; a silver table or gold model when its checks were measured or it failed. Written through Hadoop's
 * FileSystem, so the folder may be on any store the lakehouse is (s3a://, gs://, abfss://).
 */
final class QualityReport {
    static final String JSON = "quality.json";
    static final String MARKDOWN = "quality.md";

    private final BatchContext batch;
    private final List<Reported> tables;

    /**
     * A table's part of the report: its outcome and what its gate measured.
     *
     * @param batchId the batch a bronze table's gate measured; empty for the other layers
     */
    record Reported(String table, Optional<String> batchId, boolean committed, Optional<String> error, GateResult quality) {
        /** A table of any layer, from its outcome: its result's gate outcome, or none when it did not get that far. */
        static <R> Reported of(TableOutcome<R> outcome, Function<R, GateResult> quality, Function<R, Optional<String>> batchId) {
            return new Reported(outcome.table(), outcome.result().flatMap(batchId), outcome.succeeded(), outcome.error(),
                    outcome.result().map(quality).orElse(GateResult.NO_CHECKS));
        }
    }

    QualityReport(BatchContext batch, List<Reported> tables) {
        this.batch = batch;
        this.tables = List.copyOf(tables);
    }

    /** Writes both files into {@code folder} (replacing earlier ones) and returns the Markdown file's path. */
    String writeTo(String folder, Configuration configuration) {
        Path json = new Path(folder, JSON);
        Path markdown = new Path(folder, MARKDOWN);
        write(json, json(), configuration);
        write(markdown, markdown(), configuration);
        return markdown.toString();
    }

    String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("run_id", batch.runId());
        root.put("pipeline", batch.pipeline());
        root.put("ingest_date", batch.ingestDate().toString());
        ArrayNode tableNodes = root.putArray("tables");
        for (Reported outcome : tables) {
            ObjectNode node = tableNodes.addObject();
            node.put("table", outcome.table());
            GateResult quality = outcome.quality();
            node.put("committed", outcome.committed());
            outcome.batchId().ifPresent(batchId -> node.put("batch_id", batchId));
            if (quality.score().isPresent()) {
                node.put("score", quality.score().getAsDouble());
            } else {
                node.putNull("score");
            }
            outcome.error().ifPresent(error -> node.put("error", error));
            ArrayNode checks = node.putArray("checks");
            for (CheckOutcome check : quality.outcomes()) {
                ObjectNode checkNode = checks.addObject();
                checkNode.put("check_id", check.checkId());
                checkNode.put("type", check.type());
                checkNode.put("level", check.level().key());
                checkNode.put("target", check.target());
                checkNode.put("metric", check.metric());
                if (check.value().isPresent()) {
                    checkNode.put("value", check.value().get());
                } else {
                    checkNode.putNull("value");
                }
                checkNode.put("measured", check.measured());
                checkNode.put("threshold", check.threshold());
                checkNode.put("status", check.status().name());
                checkNode.put("message", check.message());
            }
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree of strings and numbers always serializes", e);
        }
    }

    String markdown() {
        StringBuilder text = new StringBuilder();
        text.append("# Quality report of run ").append(batch.runId()).append("\n\n");
        text.append("Pipeline `").append(batch.pipeline()).append("`, ingest date ").append(batch.ingestDate()).append(".\n");
        for (Reported outcome : tables) {
            GateResult quality = outcome.quality();
            text.append("\n## ").append(outcome.table()).append("\n\n");
            String score = quality.score().isPresent() ? String.format(Locale.ROOT, "%.3f", quality.score().getAsDouble()) : "none (no checks)";
            text.append("Score: ").append(score).append(". ")
                    .append(outcome.committed() ? "Committed." : "NOT committed: " + cell(outcome.error().orElse(""))).append("\n");
            if (quality.outcomes().isEmpty()) {
                continue;
            }
            text.append("\n| check | level | metric | measured | threshold | result |\n|---|---|---|---|---|---|\n");
            for (CheckOutcome check : quality.outcomes()) {
                text.append("| ").append(cell(check.checkId())).append(" | ").append(check.level().key()).append(" | ").append(cell(check.metric()))
                        .append(" | ").append(cell(check.measured())).append(" | ").append(cell(check.threshold())).append(" | ")
                        .append(check.failed() ? "**FAILED**" + (check.message().isEmpty() ? "" : ": " + cell(check.message())) : "passed")
                        .append(" |\n");
            }
        }
        return text.toString();
    }

    /** Text safe inside a Markdown table cell: no column breaks, no line breaks. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    private static void write(Path path, String text, Configuration configuration) {
        try {
            FileSystem fs = path.getFileSystem(configuration);
            try (OutputStream out = fs.create(path, true)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw Errors.storageFailed("write the run's quality report", path.toString(), e);
        }
    }
}
