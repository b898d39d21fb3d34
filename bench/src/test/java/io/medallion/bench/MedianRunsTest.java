package io.medallion.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MedianRunsTest {
    private static StageTiming timing(String stage, String contender, double seconds) {
        Duration elapsed = Duration.ofMillis((long) (seconds * 1000));
        return new StageTiming("250MB", stage, contender, elapsed, elapsed, 100, 1_000, 0);
    }

    @Test
    void eachStageKeepsItsMedianRunInTheFirstRunsOrder() {
        MedianRuns runs = new MedianRuns();
        runs.add(List.of(timing(SizeRun.FULL, "medallion", 19.2), timing(SizeRun.FULL, "floor", 7.6)));
        runs.add(List.of(timing(SizeRun.FULL, "medallion", 17.2), timing(SizeRun.FULL, "floor", 9.0)));
        runs.add(List.of(timing(SizeRun.FULL, "medallion", 17.4), timing(SizeRun.FULL, "floor", 5.8)));

        assertThat(runs.medians()).extracting(StageTiming::contender, StageTiming::seconds)
                .containsExactly(tuple("medallion", 17.4), tuple("floor", 7.6));
        assertThat(runs.spreads()).containsExactly("250MB raw_to_bronze medallion: 19.2 / 17.2 / 17.4 s", "250MB raw_to_bronze floor: 7.6 / 9.0 / 5.8 s");
    }

    @Test
    void ofAnEvenNumberOfRunsTheSlowerOfTheMiddleTwoCounts() {
        assertThat(StageTiming.median(List.of(timing(SizeRun.FULL, "floor", 4), timing(SizeRun.FULL, "floor", 1),
                timing(SizeRun.FULL, "floor", 3), timing(SizeRun.FULL, "floor", 2))).seconds()).isEqualTo(3.0);
        assertThat(StageTiming.median(List.of(timing(SizeRun.FULL, "floor", 5))).seconds()).isEqualTo(5.0);
    }
}
