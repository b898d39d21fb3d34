package io.medallion.lakehouse.quarantine;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a replay did to one table. {@code rowsChecked} quarantined rows waited and were checked with
 * the current rules: {@code rowsReplayed} now pass and were moved to bronze as batch
 * {@code replayBatchId}, {@code rowsStillFailing} stay, with {@code stillFailingByRule} counting them
 * by the current rules they fail. {@code filesSkipped} whole-file rejections cannot be replayed row by
 * row. {@code interruptedFinished} and {@code interruptedReleased} are rows an interrupted earlier
 * replay had marked: finished when its bronze commit had happened, else released and checked again.
 */
public record ReplayResult(
        String table,
        String replayBatchId,
        long rowsChecked,
        long rowsReplayed,
        long rowsStillFailing,
        long filesSkipped,
        long interruptedFinished,
        long interruptedReleased,
        Map<String, Long> stillFailingByRule) {
    public ReplayResult {
        requireNonNull(table, "table is null");
        requireNonNull(replayBatchId, "replayBatchId is null");
        stillFailingByRule = java.util.Collections.unmodifiableMap(new TreeMap<>(stillFailingByRule));
    }
}
