package io.medallion.lakehouse.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class TasksTest {
    @Test
    void aTasksFailureIsRethrownAsItWas() {
        IllegalArgumentException failure = new IllegalArgumentException("file sales_2.csv: no such file");
        assertThatThrownBy(() -> Tasks.await(CompletableFuture.failedFuture(failure), "landing files")).isSameAs(failure);
        assertThatThrownBy(() -> Tasks.await(CompletableFuture.failedFuture(new java.io.IOException("disk")), "landing files"))
                .isInstanceOf(IllegalStateException.class).hasMessage("Failed while landing files").hasRootCauseMessage("disk");
    }

    @Test
    void poolThreadsAreNamedDaemons() {
        ExecutorService pool = Executors.newFixedThreadPool(1, Tasks.daemonThreads("medallion-test"));
        try {
            Thread thread = Tasks.await(pool.submit(Thread::currentThread), "looking");
            assertThat(thread.getName()).isEqualTo("medallion-test-1");
            assertThat(thread.isDaemon()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBoundedWaitGivesTheResultOrNothingOnceTheLimitHasPassed() {
        assertThat(Tasks.awaitAtMost(CompletableFuture.completedFuture("counts"), Duration.ofSeconds(1), "reading")).contains("counts");
        assertThat(Tasks.awaitAtMost(new CompletableFuture<String>(), Duration.ofMillis(50), "reading")).isEmpty();
        IllegalArgumentException failure = new IllegalArgumentException("no metrics");
        assertThatThrownBy(() -> Tasks.awaitAtMost(CompletableFuture.failedFuture(failure), Duration.ofSeconds(1), "reading")).isSameAs(failure);
    }
}
