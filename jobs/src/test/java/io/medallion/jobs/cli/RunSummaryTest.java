package io.medallion.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.bronze.BronzeResult;
import io.medallion.lakehouse.config.Materialization;
import io.medallion.lakehouse.export.ExportResult;
import io.medallion.lakehouse.gold.GoldResult;
import io.medallion.lakehouse.run.RunResult;
import io.medallion.lakehouse.run.TableOutcome;
import io.medallion.lakehouse.silver.LoadType;
import io.medallion.lakehouse.silver.MergeResult;
import io.medallion.lakehouse.silver.SilverResult;
import io.medallion.quality.gate.CheckLevel;
import io.medallion.quality.gate.CheckOutcome;
import io.medallion.quality.gate.CheckStatus;
import io.medallion.quality.gate.GateResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunSummaryTest {
    private static CheckOutcome failed(String id, CheckLevel level, String measured) {
        return new CheckOutcome(id, "completeness", level, "email", "Completeness", Optional.of(Double.parseDouble(measured)), measured,
                ">= 0.9", CheckStatus.FAILED, "");
    }

    @Test
    void aBlockedTableIsFailedAndWarningsAndTheReportPathNeedAttention() {
        GateResult blockedQuality = new GateResult(List.of(failed("complete_id", CheckLevel.ERROR, "0.5")));
        BronzeResult blocked = BronzeResult.blocked("bronze.sales", "sales-r1", 1, blockedQuality);
        GateResult warned = new GateResult(List.of(failed("complete_email", CheckLevel.WARNING, "0.8")));
        BronzeResult loaded = new BronzeResult("bronze.customers", "customers-r1", 1, List.of(), 10, 10, 0, 10, 0, Map.of(), List.of(),
                List.of(), warned);
        RunResult result = new RunResult("r1", List.of(
                new TableOutcome<>("bronze.sales", Optional.of(blocked), Optional.of("quality checks failed: " + blocked.blockingChecks()),
                        Duration.ofSeconds(2)),
                new TableOutcome<>("bronze.customers", Optional.of(loaded), Optional.empty(), Duration.ofSeconds(1))),
                List.of(new TableOutcome<>("silver.dim_customer", Optional.of(new SilverResult("silver.dim_customer", LoadType.SCD2,
                                Map.of("customers", 3L), new MergeResult(12, 2, 1, 1, 4, 3, 0), 1, Map.of(), false, GateResult.NO_CHECKS)), Optional.empty(),
                                Duration.ofSeconds(4)),
                        new TableOutcome<>("silver.fact_sales", Optional.empty(), Optional.of("no silver table dim_product"), Duration.ofSeconds(1))),
                List.of(new TableOutcome<>("gold.daily_sales", Optional.of(new GoldResult("daily_sales", Materialization.INCREMENTAL,
                                GoldResult.Action.MERGED, 42, "sql 0a; silver.fact_sales@3", warned)), Optional.empty(), Duration.ofSeconds(2)),
                        new TableOutcome<>("gold.customer_value", Optional.empty(), Optional.of("not built because gold.daily_sales failed"),
                                Duration.ofSeconds(1))),
                List.of(new TableOutcome<>("export.reporting.marts.daily_sales", Optional.of(new ExportResult("reporting", "gold.daily_sales",
                                "marts.daily_sales", ExportResult.Action.COPIED, 4, 360)), Optional.empty(), Duration.ofSeconds(3)),
                        new TableOutcome<>("export.reporting.marts.customer_value", Optional.empty(), Optional.of("export reporting could not copy"),
                                Duration.ofSeconds(1))),
                Duration.ofSeconds(3), Optional.of("/lake/_system/reports/r1/quality.md"));

        String summary = RunSummary.format("retail", "/lake", result).replace(System.lineSeparator(), "\n");

        assertThat(summary).contains("bronze.sales               FAILED after 2.0 s\n")
                .contains("silver.dim_customer          scd2         12          4          3          0          2        1      4.0\n")
                .contains("  silver.dim_customer: 1 bronze rows quarantined (null key, null sequence or unknown operation)\n")
                .contains("  silver.fact_sales failed: no silver table dim_product\n")
                .contains("gold.daily_sales            incremental       merged           42      2.0\n")
                .contains("gold.customer_value        FAILED after 1.0 s\n")
                .contains("  gold.daily_sales quality warning: complete_email (completeness, warning)")
                .contains("  gold.customer_value failed: not built because gold.daily_sales failed\n")
                .contains("export.reporting.marts.daily_sales       gold.daily_sales@4               copied          360      3.0\n")
                .contains("export.reporting.marts.customer_value    FAILED after 1.0 s\n")
                .contains("  export.reporting.marts.customer_value failed: export reporting could not copy\n")
                .contains("Needs attention:\n"
                        + "  bronze.sales failed: quality checks failed: complete_id (completeness, error): Completeness 0.5, needs >= 0.9\n"
                        + "  bronze.customers quality warning: complete_email (completeness, warning): Completeness 0.8, needs >= 0.9\n")
                .endsWith("\nQuality report: /lake/_system/reports/r1/quality.md\n");
    }
}
