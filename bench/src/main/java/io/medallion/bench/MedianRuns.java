package io.medallion.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Repeated runs of one size's stages, reduced to the run with the median wall time of each stage and
 * contender ({@link StageTiming#median}), in the order the first run timed them. A ratio of two
 * medians no longer swings with one slow run of either side.
 */
final class MedianRuns {
    private record Stage(String stage, String contender) {}

    private final Map<Stage, List<StageTiming>> runsByStage = new LinkedHashMap<>();

    /** Adds one run's timings. */
    void add(List<StageTiming> run) {
        for (StageTiming timing : run) {
            runsByStage.computeIfAbsent(new Stage(timing.stage(), timing.contender()), stage -> new ArrayList<>()).add(timing);
        }
    }

    List<StageTiming> medians() {
        return runsByStage.values().stream().map(StageTiming::median).toList();
    }

    /** Every run's wall time per stage and contender, in run order, e.g. {@code 250MB raw_to_bronze medallion: 17.2 / 19.2 / 17.4 s}. */
    List<String> spreads() {
        return runsByStage.values().stream()
                .map(runs -> runs.get(0).size() + " " + runs.get(0).stage() + " " + runs.get(0).contender() + ": "
                        + runs.stream().map(t -> String.format(Locale.ROOT, "%.1f", t.seconds())).collect(Collectors.joining(" / ")) + " s")
                .toList();
    }
}
