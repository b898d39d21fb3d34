package io.medallion.lakehouse.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.config.Layer;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunOptionsTest {
    @Test
    void aTableNamedWithItsLayerSelectsThatLayersTableOnly() {
        RunOptions options = RunOptions.defaults().withTables(Set.of("bronze.sales"));

        assertThat(options.includes(Layer.BRONZE, "sales")).isTrue();
        assertThat(options.includes(Layer.SILVER, "sales")).isFalse();
        assertThat(options.includes(Layer.BRONZE, "customers")).isFalse();
    }

    @Test
    void aTableNamedAloneSelectsItInEveryLayer() {
        RunOptions options = RunOptions.defaults().withTables(Set.of("sales"));

        assertThat(options.includes(Layer.BRONZE, "sales")).isTrue();
        assertThat(options.includes(Layer.GOLD, "sales")).isTrue();
        assertThat(options.includes(Layer.GOLD, "daily_sales")).isFalse();
    }

    @Test
    void noTablesNamedSelectsEveryTable() {
        assertThat(RunOptions.defaults().includes(Layer.SILVER, "fact_sales")).isTrue();
    }
}
