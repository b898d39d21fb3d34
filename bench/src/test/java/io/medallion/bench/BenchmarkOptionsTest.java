package io.medallion.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {
    @Test
    void executorsRunInTheBenchmarksJvmUnlessAskedOtherwise() {
        assertThat(BenchmarkOptions.parse(new String[] {"--sizes", "2MB"}).separateExecutors()).isFalse();
        assertThat(BenchmarkOptions.parse(new String[] {"--executors", "local"}).separateExecutors()).isFalse();
        BenchmarkOptions separate = BenchmarkOptions.parse(new String[] {"--executors", "separate", "--sizes", "2MB"});
        assertThat(separate.separateExecutors()).isTrue();
        assertThat(separate.withOutput(java.nio.file.Path.of("elsewhere")).separateExecutors()).as("kept for the warm-up's output").isTrue();
    }

    @Test
    void anUnknownExecutorPlacementIsNamed() {
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--executors", "remote"}))
                .hasMessageContaining("--executors takes local (in the benchmark's JVM) or separate (a JVM of their own), got remote");
    }

    @Test
    void eachScd2StageRunsThreeTimesUnlessAskedOtherwiseAndSizesCanBeNone() {
        assertThat(BenchmarkOptions.parse(new String[] {}).scd2Runs()).isEqualTo(3);
        BenchmarkOptions scd2Only = BenchmarkOptions.parse(new String[] {"--sizes", "none", "--scd2-runs", "5"});
        assertThat(scd2Only.sizes()).isEmpty();
        assertThat(scd2Only.scd2Runs()).isEqualTo(5);
        assertThat(scd2Only.withOutput(java.nio.file.Path.of("elsewhere")).scd2Runs()).isEqualTo(5);
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--scd2-runs", "0"}))
                .hasMessageContaining("--scd2-runs takes how many times to run each SCD2 stage (the median counts), at least 1; got 0");
    }

    @Test
    void eachSizeRunsOnceUnlessAskedOtherwise() {
        assertThat(BenchmarkOptions.parse(new String[] {}).sizeRuns()).isEqualTo(1);
        BenchmarkOptions three = BenchmarkOptions.parse(new String[] {"--runs", "3", "--sizes", "2MB"});
        assertThat(three.sizeRuns()).isEqualTo(3);
        assertThat(three.withOutput(java.nio.file.Path.of("elsewhere")).sizeRuns()).isEqualTo(3);
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--runs", "0"}))
                .hasMessageContaining("--runs takes how many times to run each size's stages (the median counts), at least 1; got 0");
    }
}
