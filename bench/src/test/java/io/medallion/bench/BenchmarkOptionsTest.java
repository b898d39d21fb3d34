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
}
