package io.medallion.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.config.SilverTableConfig.ChangeFeed;
import io.medallion.lakehouse.config.SilverTableConfig.PointInTimeLookup;
import io.medallion.lakehouse.error.MedallionException;
import io.medallion.lakehouse.silver.ChangeOperation;
import io.medallion.lakehouse.silver.DeleteMode;
import io.medallion.lakehouse.silver.LoadType;
import io.medallion.lakehouse.silver.NullKeys;
import io.medallion.lakehouse.silver.NullUpdates;
import io.medallion.quality.gate.CheckLevel;
import io.medallion.quality.suite.CheckConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SilverConfigReadingTest {
    /** Four bronze tables; each test gives the {@code silver:} section (indented under it). */
    private static final String PIPELINE = """
            pipeline: shop
            lakehouse:
              root: /data/lake
            sources:
              customers: {location: /landing/customers, format: parquet}
              customer_changes: {location: /landing/customer_changes, format: avro}
              products: {location: /landing/products, format: json}
              sales: {location: /landing/sales, format: csv}
            bronze:
              customers:
                source: customers
                keys: [customer_id]
                columns:
                  - {name: customer_id, type: string}
                  - {name: email, type: string}
                  - {name: city, type: string}
                  - {name: phone, type: string}
                  - {name: updated_at, type: timestamp}
              customer_changes:
                source: customer_changes
                keys: [change_id]
                columns:
                  - {name: change_id, type: long}
                  - {name: op, type: string}
                  - {name: customer_id, type: string}
                  - {name: email, type: string}
                  - {name: city, type: string}
                  - {name: phone, type: string}
                  - {name: updated_at, type: timestamp}
              products:
                source: products
                keys: [product_id]
                columns:
                  - {name: product_id, type: string}
                  - {name: price, type: "decimal(10,2)"}
                  - {name: updated_at, type: timestamp}
              sales:
                source: sales
                keys: [transaction_id]
                columns:
                  - {name: transaction_id, type: string}
                  - {name: customer_id, type: string}
                  - {name: product_id, type: string}
                  - {name: transaction_ts, type: timestamp}
                  - {name: quantity, type: int}
            silver:
            %s
            """;

    /** A valid silver table per load type, which tests break one key at a time. */
    private static final String DIM_CUSTOMER = """
            dim_customer:
              from: [customers, customer_changes]
              load: scd2
              keys: [customer_id]
              sequence: updated_at
              tracked: [email, city]
              changes: {operation: op, deletes: soft}
            """;
    private static final String FACT_SALES = """
            fact_sales:
              from: sales
              load: append
              keys: [transaction_id]
              lookups:
                - {table: dim_customer, on: [customer_id], at: transaction_ts}
            """;

    private static PipelineConfig parse(String silver) {
        return new PipelineConfigLoader(Map.of(), List.of()).parse(PIPELINE.formatted(silver.indent(2).stripTrailing()), "shop.yaml");
    }

    private static String problemsOf(String silver) {
        MedallionException error = org.junit.jupiter.api.Assertions.assertThrows(MedallionException.class, () -> parse(silver));
        assertThat(error.kind().exitCode()).isEqualTo(2);
        return error.getMessage();
    }

    @Test
    void aFullExampleIsReadIntoTheRecord() {
        PipelineConfig config = parse("""
                dim_customer:
                  description: Customers with their history.
                  from: [customers, customer_changes]
                  load: SCD2
                  keys: [customer_id]
                  sequence: updated_at
                  tracked: [email, city]
                  columns: [email, city, phone]
                  nulls: ignore
                  null_keys: match
                  changes:
                    operation: op
                    operations: {X: delete, Merge: upsert}
                    deletes: soft
                  partition_by: [city]
                  catalog_name: main.retail_silver.dim_customer
                  checks:
                    - {type: completeness, column: email, threshold: 0.8, level: warning}
                    - {type: uniqueness, columns: [customer_id, updated_at]}
                fact_sales:
                  from: sales
                  load: append
                  keys: [transaction_id]
                  lookups:
                    - {table: dim_customer, on: [customer_id], at: transaction_ts, as: customer_at_sale}
                    - {table: dim_customer, on: customer_id, at: _ingested_at}
                  checks:
                    - {type: references, column: customer_id, table: silver.dim_customer, level: warning}
                """);

        Map<String, ChangeOperation> operations = new HashMap<>(ChangeFeed.COMMON_OPERATIONS);
        operations.put("x", ChangeOperation.DELETE);
        operations.put("merge", ChangeOperation.UPSERT);
        assertThat(config.silverTable("dim_customer")).contains(new SilverTableConfig(
                "dim_customer", Optional.of("Customers with their history."), List.of("customers", "customer_changes"), LoadType.SCD2,
                List.of("customer_id"), Optional.of("updated_at"), List.of("email", "city"),
                Optional.of(new ChangeFeed("op", operations, DeleteMode.SOFT)), NullUpdates.IGNORE, NullKeys.MATCH,
                List.of("email", "city", "phone"), List.of(), List.of("city"), Optional.of("main.retail_silver.dim_customer"),
                List.of(new CheckConfig.Completeness("completeness_email", CheckLevel.WARNING, Optional.empty(), "email", 0.8),
                        new CheckConfig.Uniqueness("uniqueness_customer_id_updated_at", CheckLevel.ERROR, Optional.empty(),
                                List.of("customer_id", "updated_at"), 1.0))));
        assertThat(config.silverTable("fact_sales")).contains(new SilverTableConfig(
                "fact_sales", Optional.empty(), List.of("sales"), LoadType.APPEND, List.of("transaction_id"), Optional.empty(), List.of(),
                Optional.empty(), NullUpdates.OVERWRITE, NullKeys.QUARANTINE, List.of(),
                List.of(new PointInTimeLookup("dim_customer", List.of("customer_id"), "transaction_ts", "customer_at_sale"),
                        new PointInTimeLookup("dim_customer", List.of("customer_id"), "_ingested_at", "dim_customer_valid_from")),
                List.of(), Optional.empty(),
                List.of(new CheckConfig.References("references_customer_id", CheckLevel.WARNING, Optional.empty(), List.of("customer_id"),
                        "silver.dim_customer", List.of("customer_id"), 1.0))));
        assertThat(config.silverTables()).extracting(SilverTableConfig::qualifiedName).containsExactly("silver.dim_customer", "silver.fact_sales");
        assertThat(config.silverTable("campaigns")).isEmpty();
        assertThat(config.tables(Layer.SILVER)).isEmpty();
    }

    @Test
    void aSilverTableMayHaveTheNameOfABronzeTable() {
        PipelineConfig config = parse("""
                products: {from: products, load: scd1, keys: [product_id], sequence: updated_at}
                """);

        assertThat(config.silverTable("products").orElseThrow().load()).isEqualTo(LoadType.SCD1);
        assertThat(config.table(Layer.BRONZE, "products")).isPresent();
    }

    @Test
    void aSilverTableNameIsDeclaredOnce() {
        assertThat(problemsOf(DIM_CUSTOMER + DIM_CUSTOMER)).contains("shop.yaml", "duplicate key dim_customer");
    }

    @Test
    void unknownKeysAreRejectedWithTheClosestKnownOne() {
        assertThat(problemsOf(DIM_CUSTOMER.replace("tracked:", "trackd:")))
                .contains("shop.yaml: silver.dim_customer.trackd: unknown key `trackd`. Did you mean `tracked`?");
        assertThat(problemsOf(DIM_CUSTOMER.replace("deletes: soft", "delete: soft")))
                .contains("shop.yaml: silver.dim_customer.changes.delete: unknown key `delete`. Did you mean `deletes`?");
        assertThat(problemsOf(DIM_CUSTOMER + FACT_SALES.replace("at: transaction_ts", "at: transaction_ts, when: now")))
                .contains("shop.yaml: silver.fact_sales.lookups[0].when: unknown key `when`.");
    }

    @Test
    void fromNamesBronzeTables() {
        assertThat(problemsOf(DIM_CUSTOMER.replace("from: [customers, customer_changes]", "from: [customers, customer_change]")))
                .contains("shop.yaml: silver.dim_customer.from: names `customer_change`, which is not a table under bronze. "
                        + "Did you mean `customer_changes`? Use one of: customers, customer_changes, products, sales");
        assertThat(problemsOf(DIM_CUSTOMER.replace("  from: [customers, customer_changes]\n", "")))
                .contains("shop.yaml: silver.dim_customer.from: is required. Name the bronze tables");
    }

    @Test
    void columnsMustBeDeclaredByTheSources() {
        String problems = problemsOf("""
                dim_customer:
                  from: [customers, customer_changes]
                  load: scd2
                  keys: [customer_id]
                  sequence: updated_at
                  tracked: [emial]
                  columns: [email, adress, _batch_id]
                  partition_by: [country]
                """);

        assertThat(problems).contains("The pipeline config has 3 problems");
        assertThat(problems).contains("shop.yaml: silver.dim_customer.columns: names column `adress`, which no table of from declares "
                + "(bronze.customers, bronze.customer_changes). Use a declared column or _ingest_date, _ingested_at, _batch_id, _source_file");
        assertThat(problems).contains("shop.yaml: silver.dim_customer.tracked: names `emial`, which is not among columns");
        assertThat(problems).contains("shop.yaml: silver.dim_customer.partition_by: names column `country`, which no table of from declares");
    }

    @Test
    void aSilverTableIsPartitionedByColumnsItHolds() {
        String problems = problemsOf(DIM_CUSTOMER.replace("tracked: [email, city]", "columns: [email, city]") + "  partition_by: [phone, _ingest_date]\n");

        assertThat(problems).contains("The pipeline config has 2 problems");
        assertThat(problems).contains("shop.yaml: silver.dim_customer.partition_by: names column `phone`, which the silver table does not hold. "
                + "Partition by a key, the sequence or one of the table's columns");
        assertThat(problems).contains("names column `_ingest_date`, which the silver table does not hold");
        assertThat(parse(DIM_CUSTOMER + "  partition_by: [city]\n").silverTable("dim_customer").orElseThrow().partitionBy()).containsExactly("city");
    }

    @Test
    void keysAndSequenceMustBeInEverySource() {
        String problems = problemsOf(DIM_CUSTOMER.replace("keys: [customer_id]", "keys: [change_id]").replace("sequence: updated_at", "sequence: phone")
                .replace("from: [customers, customer_changes]", "from: [customers, customer_changes, sales]").replace("tracked: [email, city]", ""));

        assertThat(problems).contains("shop.yaml: silver.dim_customer.keys: names column `change_id`, which bronze.customers does not declare; "
                + "every table of from needs it. Declare change_id in bronze.customers, or remove customers from from");
        assertThat(problems).contains("shop.yaml: silver.dim_customer.keys: names column `change_id`, which bronze.sales does not declare");
        assertThat(problems).contains("shop.yaml: silver.dim_customer.sequence: names column `phone`, which bronze.sales does not declare");
        assertThat(problems).doesNotContain("which bronze.customer_changes does not declare");
    }

    @Test
    void aBronzeMetadataColumnIsInEverySource() {
        PipelineConfig config = parse("""
                events: {from: [customers, customer_changes], load: append, keys: [customer_id], sequence: _ingested_at, columns: [_source_file]}
                """);

        assertThat(config.silverTable("events").orElseThrow().sequence()).contains("_ingested_at");
    }

    @Test
    void theOperationColumnMustBeInAtLeastOneSource() {
        assertThat(problemsOf(DIM_CUSTOMER.replace("operation: op", "operation: operation")))
                .contains("shop.yaml: silver.dim_customer.changes.operation: names column `operation`, which no table of from declares");
        assertThat(problemsOf(DIM_CUSTOMER.replace("{operation: op, deletes: soft}", "{deletes: soft}")))
                .contains("shop.yaml: silver.dim_customer.changes.operation: is required but missing");
    }

    @Test
    void aColumnWithTwoTypesAcrossSourcesIsReported() {
        String yaml = PIPELINE.formatted("  x: {from: [customers, sales], load: append, keys: [customer_id]}")
                .replace("- {name: quantity, type: int}", "- {name: quantity, type: int}\n      - {name: email, type: int}");
        MedallionException error = org.junit.jupiter.api.Assertions.assertThrows(MedallionException.class,
                () -> new PipelineConfigLoader(Map.of(), List.of()).parse(yaml, "shop.yaml"));

        assertThat(error.getMessage()).contains("shop.yaml: silver.x.from: reads column `email` as string from bronze.customers but as int from "
                + "bronze.sales. Declare the column with one type in every table of from; their rows are unioned by column name");
    }

    @Test
    void trackedIsOnlyForScd2AndOnlyForValueColumns() {
        assertThat(problemsOf("""
                products: {from: products, load: scd1, keys: [product_id], sequence: updated_at, tracked: [price]}
                """)).contains("shop.yaml: silver.products.tracked: is only for scd2 tables, and this one is scd1. Remove tracked, or set load: scd2");
        assertThat(problemsOf(DIM_CUSTOMER.replace("tracked: [email, city]", "tracked: [email, updated_at]")))
                .contains("shop.yaml: silver.dim_customer.tracked: names `updated_at`, which is a sequence column, not a value column");
    }

    @Test
    void scd1AndScd2NeedASequence() {
        assertThat(problemsOf(DIM_CUSTOMER.replace("  sequence: updated_at\n", "")))
                .contains("shop.yaml: silver.dim_customer.sequence: is required for a scd2 table. Name the column that orders each key's events");
        assertThat(problemsOf("""
                products: {from: products, load: scd1, keys: [product_id]}
                """)).contains("shop.yaml: silver.products.sequence: is required for a scd1 table");
    }

    @Test
    void keysAndLoadAreRequired() {
        String problems = problemsOf("""
                products: {from: products, sequence: updated_at}
                """);

        assertThat(problems).contains("shop.yaml: silver.products.load: is required but missing. Set it to one of: append, scd1, scd2");
        assertThat(problems).contains("shop.yaml: silver.products.keys: is required. List the columns that identify an entity");
    }

    @Test
    void anAppendTableTakesNoChanges() {
        assertThat(problemsOf(DIM_CUSTOMER.replace("load: scd2", "load: append").replace("tracked: [email, city]", "")))
                .contains("shop.yaml: silver.dim_customer.changes: is not for append tables, which keep each key's first event and take no deletes. "
                        + "Remove changes, or set load: scd1 or scd2");
    }

    @Test
    void unknownEnumValuesSuggestTheClosest() {
        assertThat(problemsOf(DIM_CUSTOMER.replace("load: scd2", "load: scd_2")))
                .contains("shop.yaml: silver.dim_customer.load: `scd_2` is not a load type. Did you mean `scd2`? Use one of: append, scd1, scd2");
        assertThat(problemsOf(DIM_CUSTOMER.replace("deletes: soft", "deletes: sfot")))
                .contains("shop.yaml: silver.dim_customer.changes.deletes: `sfot` is not a delete mode. Did you mean `soft`? Use one of: hard, soft");
        assertThat(problemsOf(DIM_CUSTOMER + "  nulls: ignor\n  null_keys: matches\n"))
                .contains("shop.yaml: silver.dim_customer.nulls: `ignor` is not a null policy. Did you mean `ignore`? Use one of: overwrite, ignore",
                        "shop.yaml: silver.dim_customer.null_keys: `matches` is not a null key policy. Did you mean `match`?");
        assertThat(problemsOf(DIM_CUSTOMER.replace("{operation: op, deletes: soft}", "{operation: op, operations: {X: remove}, deletes: soft}")))
                .contains("shop.yaml: silver.dim_customer.changes.operations.X: `remove` is not an operation. Use one of: insert, update, upsert, delete");
        assertThat(problemsOf(DIM_CUSTOMER.replace("{operation: op, deletes: soft}", "{operation: op}")))
                .contains("shop.yaml: silver.dim_customer.changes.deletes: is required but missing. Set it to one of: hard, soft");
    }

    @Test
    void operationValuesDifferingOnlyInCaseAreOneValue() {
        assertThat(problemsOf(DIM_CUSTOMER.replace("{operation: op, deletes: soft}", "{operation: op, operations: {X: delete, x: upsert}, deletes: soft}")))
                .contains("shop.yaml: silver.dim_customer.changes.operations.x: is the same operation as `X`: operation values are matched ignoring case");
    }

    @Test
    void aLookupNamesADefinedScd2Table() {
        assertThat(problemsOf(DIM_CUSTOMER + FACT_SALES.replace("table: dim_customer", "table: dim_client")))
                .contains("shop.yaml: silver.fact_sales.lookups[0].table: names `dim_client`, which is not a table under silver. "
                        + "Use one of the scd2 tables: dim_customer");
        assertThat(problemsOf(DIM_CUSTOMER.replace("load: scd2", "load: scd1").replace("tracked: [email, city]", "") + FACT_SALES))
                .contains("shop.yaml: silver.fact_sales.lookups[0].table: names silver.dim_customer, which is scd1; "
                        + "a point-in-time lookup needs an scd2 table's versions. Look up an scd2 table, or set load: scd2 on dim_customer");
    }

    @Test
    void aLookupGivesOneColumnPerKey() {
        assertThat(problemsOf(DIM_CUSTOMER + FACT_SALES.replace("on: [customer_id]", "on: [customer_id, product_id]")))
                .contains("shop.yaml: silver.fact_sales.lookups[0].on: has 2 columns, but silver.dim_customer has 1 key columns (customer_id). "
                        + "Give one column of this table per key column, in key order");
        assertThat(problemsOf(DIM_CUSTOMER + FACT_SALES.replace("on: [customer_id]", "on: [client_id]")))
                .contains("shop.yaml: silver.fact_sales.lookups[0].on: names column `client_id`, which no table of from declares (bronze.sales)");
        assertThat(problemsOf(DIM_CUSTOMER + FACT_SALES.replace("at: transaction_ts", "at: sold_at")))
                .contains("shop.yaml: silver.fact_sales.lookups[0].at: names column `sold_at`, which no table of from declares (bronze.sales)");
    }

    @Test
    void lookupsMayNotFormACycle() {
        String problems = problemsOf("""
                a: {from: customers, load: scd2, keys: [customer_id], sequence: updated_at,
                    lookups: [{table: b, on: [customer_id], at: updated_at}]}
                b: {from: customers, load: scd2, keys: [customer_id], sequence: updated_at,
                    lookups: [{table: a, on: [customer_id], at: updated_at}]}
                c: {from: customers, load: scd2, keys: [customer_id], sequence: updated_at,
                    lookups: [{table: c, on: [customer_id], at: updated_at}]}
                """);

        assertThat(problems).contains("The pipeline config has 2 problems");
        assertThat(problems).contains("shop.yaml: silver.b.lookups[0].table: closes a cycle of lookups: a -> b -> a. "
                + "A table cannot look itself up, directly or through other tables; remove one of these lookups");
        assertThat(problems).contains("shop.yaml: silver.c.lookups[0].table: closes a cycle of lookups: c -> c");
    }

    @Test
    void aLookupsColumnIsNew() {
        assertThat(problemsOf(DIM_CUSTOMER + FACT_SALES.replace("at: transaction_ts}", "at: transaction_ts, as: quantity}")))
                .contains("shop.yaml: silver.fact_sales.lookups[0].as: `quantity` is already a column of the sources");
        assertThat(problemsOf(DIM_CUSTOMER + FACT_SALES + "    - {table: dim_customer, on: [customer_id], at: _ingested_at}\n"))
                .contains("shop.yaml: silver.fact_sales.lookups[1].as: `dim_customer_valid_from` is also the column of another lookup of this table");
    }

    @Test
    void checksSeeTheEventsColumnsNotTheMergesOnes() {
        PipelineConfig config = parse(DIM_CUSTOMER + """
                  checks:
                    - {type: sql, expression: "email IS NULL OR email LIKE '%@%'"}
                    - {type: completeness, column: updated_at}
                """);

        assertThat(config.silverTable("dim_customer").orElseThrow().checks()).hasSize(2);
        assertThat(problemsOf(DIM_CUSTOMER + "  checks:\n    - {type: completeness, column: nope}\n    - {type: range, column: email, min: 1}\n"
                + "    - {type: range, column: version, min: 1}\n"))
                .contains("shop.yaml: silver.dim_customer.checks[0].column: names column `nope`, which the table does not declare",
                        "shop.yaml: silver.dim_customer.checks[1].column: names column `email` of type string, but a range check needs a numeric column",
                        "shop.yaml: silver.dim_customer.checks[2].column: names column `version`, which the table does not declare");
    }

    @Test
    void theRetailConfigsSilverTablesLoad() {
        PipelineConfig retail = new PipelineConfigLoader(Map.of("MEDALLION_ROOT", "/tmp/lake"), List.of()).load(Path.of("../conf/retail.yaml"));

        assertThat(retail.silverTables()).extracting(SilverTableConfig::name)
                .containsExactly("dim_customer", "dim_product", "fact_sales", "inventory_movements", "campaigns");
        SilverTableConfig customers = retail.silverTable("dim_customer").orElseThrow();
        assertThat(customers.from()).containsExactly("customers", "customer_changes");
        assertThat(customers.tracked()).containsExactly("email", "city", "country", "loyalty_tier");
        assertThat(customers.changes().orElseThrow().deletes()).isEqualTo(DeleteMode.SOFT);
        assertThat(retail.silverTable("fact_sales").orElseThrow().lookups()).extracting(PointInTimeLookup::table)
                .containsExactly("dim_customer", "dim_product");
    }
}
