package io.medallion.bench.duckdb;

import static io.medallion.bench.duckdb.DuckDbStatements.count;

import java.nio.file.Path;

/**
 * DuckDB's retail marts, the same three as {@code dbt/models} in DuckDB's SQL, from the fact table
 * {@link DuckDbFacts} built and the dimensions' versions loaded beside it (with the attributes the
 * marts read: a product's category, a customer's tier, country, city and flags).
 */
public final class DuckDbGold {
    private static final String LINES = "CREATE OR REPLACE TEMP VIEW sales_lines AS SELECT transaction_id, CAST(transaction_ts AS DATE) AS sale_date, "
            + "store_id, channel, customer_id, product_id, dim_product_valid_from, quantity, "
            + "CAST(quantity * unit_price AS DECIMAL(14, 2)) AS gross_amount, "
            + "CAST(round(quantity * unit_price * (1 - coalesce(discount_pct, 0) / 100), 2) AS DECIMAL(14, 2)) AS net_amount FROM fact_sales";
    private static final String DAILY = "CREATE OR REPLACE TABLE daily_sales AS SELECT sale_date, store_id, channel, count(*) AS lines, "
            + "count(DISTINCT customer_id) AS customers, sum(quantity) AS units, sum(gross_amount) AS gross_revenue, sum(net_amount) AS net_revenue "
            + "FROM sales_lines GROUP BY ALL";
    private static final String BY_CATEGORY = "CREATE OR REPLACE TABLE category_sales AS SELECT date_trunc('month', s.sale_date) AS sale_month, "
            + "coalesce(p.category, 'unknown') AS category, count(DISTINCT s.product_id) AS products, sum(s.quantity) AS units, "
            + "sum(s.net_amount) AS net_revenue FROM sales_lines s LEFT JOIN dim_product p "
            + "ON p.product_id = s.product_id AND p.effective_from = s.dim_product_valid_from GROUP BY ALL";
    private static final String VALUE = "CREATE OR REPLACE TABLE customer_value AS WITH purchases AS (SELECT customer_id, "
            + "count(DISTINCT transaction_id) AS orders, sum(quantity) AS units, sum(net_amount) AS net_revenue, min(sale_date) AS first_purchase, "
            + "max(sale_date) AS last_purchase FROM sales_lines GROUP BY customer_id) "
            + "SELECT c.customer_id, c.loyalty_tier, c.country, c.city, c.is_deleted, coalesce(p.orders, 0) AS orders, coalesce(p.units, 0) AS units, "
            + "coalesce(p.net_revenue, 0) AS net_revenue, p.first_purchase, p.last_purchase "
            + "FROM dim_customer c LEFT JOIN purchases p ON p.customer_id = c.customer_id WHERE c.is_current";

    private final DuckDbStatements database;

    public DuckDbGold(Path database) {
        this.database = new DuckDbStatements(database, "DuckDB's retail marts");
    }

    /** Builds the three marts; returns their rows. */
    public long build() {
        return database.run(statement -> {
            statement.execute(LINES);
            statement.execute(DAILY);
            statement.execute(BY_CATEGORY);
            statement.execute(VALUE);
            return count(statement, "SELECT count(*) FROM daily_sales") + count(statement, "SELECT count(*) FROM category_sales")
                    + count(statement, "SELECT count(*) FROM customer_value");
        });
    }
}
