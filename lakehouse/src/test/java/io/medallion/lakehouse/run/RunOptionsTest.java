package io.medallion.lakehouse.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RunOptionsTest {
    @Test
    void aTableNamedWithItsLayerSelectsThatLayersTableOnly() {
        RunOptions options = RunOptions.defaults().withTables(Set.of("bronze.sales"));

        assertThat(options.includesTable("bronze.sales")).isTrue();
        assertThat(options.includesTable("silver.sales")).isFalse();
        assertThat(options.includesTable("bronze.customers")).isFalse();
    }

    @Test
    void aTableNamedAloneSelectsItInEveryLayer() {
        RunOptions options = RunOptions.defaults().withTables(Set.of("sales"));

        assertThat(options.includesTable("bronze.sales")).isTrue();
        assertThat(options.includesTable("gold.sales")).isTrue();
        assertThat(options.includesTable("gold.daily_sales")).isFalse();
    }

    @Test
    void noTablesNamedSelectsEveryTable() {
        assertThat(RunOptions.defaults().includesTable("silver.fact_sales")).isTrue();
    }
}
