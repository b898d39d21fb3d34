package io.medallion.quality.gate;

/** Whether a check's measured metric met its threshold. */
public enum CheckStatus {
    PASSED,
    FAILED
}
