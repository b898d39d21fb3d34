package io.medallion.lakehouse.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.PipelineConfigLoader;
import io.medallion.lakehouse.config.SilverTableConfig;
import io.medallion.lakehouse.config.TableConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LoadOrderTest {
    private static final String PIPELINE = """
            pipeline: shop
            lakehouse: {root: /data/lake}
            sources:
              a: {location: /landing/a, format: csv}
            bronze:
              sales:
                source: a
                columns: [{name: id, type: string}, {name: product_id, type: string}, {name: store_id, type: string}]
                checks:
                  - {type: references, column: product_id, table: bronze.products}
                  - {type: references, column: store_id, table: bronze.stores}
              returns:
                source: a
                columns: [{name: id, type: string}]
              products:
                source: a
                keys: [id]
                columns: [{name: id, type: string}, {name: supplier_id, type: string}]
                checks: [{type: references, column: supplier_id, table: bronze.suppliers, key: id}]
              stores:
                source: a
                keys: [id]
                columns: [{name: id, type: string}, {name: region, type: string}]
                checks: [{type: references, column: region, table: bronze.regions, key: id}]
              regions:
                source: a
                keys: [id]
                columns: [{name: id, type: string}, {name: store, type: string}]
                checks: [{type: references, column: store, table: bronze.stores, key: id}]
              suppliers:
                source: a
                keys: [id]
                columns: [{name: id, type: string}]
            """;

    @Test
    void aBronzeTableWaitsForTheTablesItReferencesAndThoseOfItsSource() {
        PipelineConfig config = new PipelineConfigLoader(Map.of(), List.of()).parse("""
                pipeline: shop
                lakehouse: {root: /data/lake}
                sources:
                  a: {location: /landing/a, format: csv}
                  b: {location: /landing/b, format: csv}
                  c: {location: /landing/c, format: csv}
                bronze:
                  products: {source: a, columns: [{name: id, type: string}]}
                  sales:
                    source: b
                    columns: [{name: product_id, type: string}]
                    checks: [{type: references, column: product_id, table: bronze.products, key: id}]
                  returns: {source: c, columns: [{name: id, type: string}]}
                  archive: {source: a, columns: [{name: id, type: string}]}
                """, "shop.yaml");
        Map<String, TableConfig> tables = byName(config.tables(Layer.BRONZE), TableConfig::name);

        assertThat(LoadOrder.mustFollow(tables.get("sales"), tables.get("products"))).as("references it").isTrue();
        assertThat(LoadOrder.mustFollow(tables.get("archive"), tables.get("products"))).as("lands from the same source").isTrue();
        assertThat(LoadOrder.mustFollow(tables.get("returns"), tables.get("products"))).isFalse();
        assertThat(LoadOrder.mustFollow(tables.get("returns"), tables.get("sales"))).isFalse();
    }

    @Test
    void referencedTablesLoadFirstAndOtherwiseTheConfigOrderHolds() {
        PipelineConfig config = new PipelineConfigLoader(Map.of(), List.of()).parse(PIPELINE, "shop.yaml");

        List<String> order = LoadOrder.of(config.tables(Layer.BRONZE)).stream().map(TableConfig::name).toList();

        // stores and regions reference each other: the cycle is cut where it was entered, from stores.
        assertThat(order).containsExactly("suppliers", "products", "regions", "stores", "sales", "returns");
    }

    @Test
    void silverTablesLoadAfterTheScd2TablesTheirLookupsRead() {
        PipelineConfig config = new PipelineConfigLoader(Map.of(), List.of()).parse("""
                pipeline: shop
                lakehouse: {root: /data/lake}
                sources:
                  a: {location: /landing/a, format: csv}
                bronze:
                  sales:
                    source: a
                    columns: [{name: id, type: string}, {name: customer_id, type: string}, {name: ts, type: timestamp}]
                  customers:
                    source: a
                    columns: [{name: customer_id, type: string}, {name: ts, type: timestamp}]
                silver:
                  fact_sales:
                    from: sales
                    load: append
                    keys: [id]
                    lookups: [{table: dim_customer, on: [customer_id], at: ts}]
                  campaigns: {from: customers, load: scd1, keys: [customer_id], sequence: ts}
                  dim_customer: {from: customers, load: scd2, keys: [customer_id], sequence: ts}
                """, "shop.yaml");

        assertThat(LoadOrder.ofSilver(config.silverTables()).stream().map(SilverTableConfig::name))
                .containsExactly("dim_customer", "fact_sales", "campaigns");
        Map<String, SilverTableConfig> tables = byName(config.silverTables(), SilverTableConfig::name);
        assertThat(LoadOrder.mustFollow(tables.get("fact_sales"), tables.get("dim_customer"))).as("its lookup reads it").isTrue();
        assertThat(LoadOrder.mustFollow(tables.get("campaigns"), tables.get("dim_customer"))).as("same bronze table, not read").isFalse();
        assertThat(LoadOrder.mustFollow(tables.get("fact_sales"), tables.get("campaigns"))).isFalse();
    }

    @Test
    void aSilverTableWaitsForTheSilverTablesItsChecksReference() {
        PipelineConfig config = new PipelineConfigLoader(Map.of(), List.of()).parse("""
                pipeline: shop
                lakehouse: {root: /data/lake}
                sources:
                  a: {location: /landing/a, format: csv}
                bronze:
                  orders: {source: a, columns: [{name: id, type: string}, {name: customer_id, type: string}]}
                  customers: {source: a, columns: [{name: customer_id, type: string}, {name: ts, type: timestamp}]}
                silver:
                  orders:
                    from: orders
                    load: append
                    keys: [id]
                    checks: [{type: references, column: customer_id, table: silver.customers, key: customer_id}]
                  customers: {from: customers, load: scd1, keys: [customer_id], sequence: ts}
                """, "shop.yaml");
        Map<String, SilverTableConfig> tables = byName(config.silverTables(), SilverTableConfig::name);

        assertThat(LoadOrder.mustFollow(tables.get("orders"), tables.get("customers"))).isTrue();
        assertThat(LoadOrder.ofSilver(config.silverTables()).stream().map(SilverTableConfig::name)).containsExactly("customers", "orders");
    }

    private static <T> Map<String, T> byName(List<T> tables, Function<T, String> name) {
        return tables.stream().collect(Collectors.toMap(name, table -> table));
    }
}
