package io.medallion.lakehouse.layout;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.config.Layer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LakehouseLayoutTest {
    @Test
    void uriRootsAreKeptAndLocalPathsMadeAbsolute() {
        assertThat(LakehouseLayout.at("s3a://bucket/lake/").root()).isEqualTo("s3a://bucket/lake");
        assertThat(LakehouseLayout.at("/data/lake").root()).isEqualTo("file:/data/lake");
        String relative = LakehouseLayout.at("lake").root();
        assertThat(relative).isEqualTo("file:" + Path.of("lake").toAbsolutePath());
    }

    @Test
    void foldersFollowTheMedallionLayout() {
        LakehouseLayout layout = LakehouseLayout.at("gs://b/root");

        assertThat(layout.rawFolder("sales")).isEqualTo("gs://b/root/raw/sales");
        assertThat(layout.table(Layer.SILVER, "dim_customer").path()).isEqualTo("gs://b/root/silver/dim_customer");
        assertThat(layout.system("audit")).isEqualTo("gs://b/root/_system/audit");
    }
}
