package io.medallion.bench.duckdb;

import static io.medallion.bench.duckdb.DuckDbStatements.count;
import static io.medallion.bench.duckdb.DuckDbStatements.parquet;

import java.nio.file.Path;

/**
 * DuckDB's sales fact, as a user on one machine would write it: from the typed sales table
 * {@link DuckDbBronze} built, one row per transaction id (its earliest), with the customer's and
 * the product's version valid at the time of sale (null when none was). The dimensions' versions
 * are loaded into the database first, untimed, as a DuckDB user would already hold them.
 */
public final class DuckDbFacts {
    private final DuckDbStatements database;
    private final String sales;

    /** @param sales the table of typed sales rows in {@code database} */
    public DuckDbFacts(Path database, String sales) {
        this.database = new DuckDbStatements(database, "DuckDB's sales fact");
        this.sales = SqlText.identifier(sales);
    }

    /** Loads a dimension's versions (key, effective_from, effective_to) from a folder of Parquet files as table {@code name}. */
    public void loadDimension(String name, Path versions) {
        database.run(statement -> statement.execute("CREATE OR REPLACE TABLE " + SqlText.identifier(name) + " AS SELECT * FROM " + parquet(versions)));
    }

    /** Builds the fact table; returns its rows. */
    public long build() {
        return database.run(statement -> {
            statement.execute("CREATE OR REPLACE TABLE fact_sales AS "
                    + "WITH once AS (SELECT * FROM " + sales + " QUALIFY row_number() OVER (PARTITION BY transaction_id ORDER BY transaction_ts) = 1) "
                    + "SELECT once.*, c.effective_from AS dim_customer_valid_from, p.effective_from AS dim_product_valid_from FROM once "
                    + validAt("dim_customer", "c", "customer_id") + validAt("dim_product", "p", "product_id"));
            return count(statement, "SELECT count(*) FROM fact_sales");
        });
    }

    private static String validAt(String dimension, String alias, String key) {
        return "LEFT JOIN " + dimension + " " + alias + " ON " + alias + "." + key + " = once." + key
                + " AND once.transaction_ts >= " + alias + ".effective_from"
                + " AND (" + alias + ".effective_to IS NULL OR once.transaction_ts < " + alias + ".effective_to) ";
    }
}
