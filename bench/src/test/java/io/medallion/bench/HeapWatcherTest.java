package io.medallion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The live heap figure of a stage: what is still held at its end counts, even when no collection ran during it. */
class HeapWatcherTest {
    private static final int HELD_BYTES = 64 << 20;

    @Test
    void countsWhatTheStageStillHoldsAtItsEnd() {
        HeapWatcher watcher = HeapWatcher.start();
        byte[] held = new byte[HELD_BYTES];
        held[held.length - 1] = 1;

        long peak = watcher.stopAndGetPeakLiveBytes();

        assertThat(peak).as("the 64 MB still referenced when the stage ended").isGreaterThanOrEqualTo(HELD_BYTES);
        assertThat(held[held.length - 1]).isEqualTo((byte) 1);
    }
}
