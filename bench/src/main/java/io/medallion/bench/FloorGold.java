package io.medallion.bench;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;

import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.TableRef;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The gold floor: the retail marts of {@code dbt/models} (daily sales, sales by month and category
 * at the time of sale, customers' lifetime value) hand-written on Spark's DataFrame API from the
 * silver tables, each written as a Delta overwrite. No tests, no record of what a mart was built
 * from, so no skipping an unchanged one: every run rebuilds all three.
 */
final class FloorGold {
    static final List<String> MARTS = List.of("daily_sales", "category_sales", "customer_value");

    private final SparkSession spark;
    private final String fact;
    private final String dimCustomer;
    private final String dimProduct;

    FloorGold(SparkSession spark, String fact, String dimCustomer, String dimProduct) {
        this.spark = spark;
        this.fact = fact;
        this.dimCustomer = dimCustomer;
        this.dimProduct = dimProduct;
    }

    /** Builds the three marts under {@code folder}; returns the rows written. */
    long build(String folder) {
        Dataset<Row> lines = lines();
        Dataset<Row> daily = lines.groupBy("sale_date", "store_id", "channel").agg(count(lit(1)).as("lines"),
                countDistinct("customer_id").as("customers"), sum("quantity").as("units"), sum("gross_amount").as("gross_revenue"),
                sum("net_amount").as("net_revenue"));
        Dataset<Row> products = spark.read().format("delta").load(dimProduct).select(col("product_id").as("p_id"), col("effective_from"), col("category"));
        Column category = coalesce(col("category"), lit("unknown"));
        Dataset<Row> byCategory = lines.join(products, lines.col("product_id").equalTo(products.col("p_id"))
                        .and(lines.col("dim_product_valid_from").equalTo(products.col("effective_from"))), "left")
                .groupBy(date_trunc("MONTH", col("sale_date")).as("sale_month"), category.as("category"))
                .agg(countDistinct("product_id").as("products"), sum("quantity").as("units"), sum("net_amount").as("net_revenue"));
        Dataset<Row> purchases = lines.groupBy(col("customer_id").as("c_id")).agg(countDistinct("transaction_id").as("orders"),
                sum("quantity").as("units"), sum("net_amount").as("net_revenue"), min("sale_date").as("first_purchase"),
                max("sale_date").as("last_purchase"));
        Dataset<Row> customers = spark.read().format("delta").load(dimCustomer).where(col("is_current"));
        Dataset<Row> value = customers.join(purchases, customers.col("customer_id").equalTo(purchases.col("c_id")), "left")
                .select(col("customer_id"), col("loyalty_tier"), col("country"), col("city"), col("is_deleted"),
                        coalesce(col("orders"), lit(0L)).as("orders"), coalesce(col("units"), lit(0L)).as("units"),
                        coalesce(col("net_revenue"), lit(0)).as("net_revenue"), col("first_purchase"), col("last_purchase"));
        return write(daily, folder + "/daily_sales") + write(byCategory, folder + "/category_sales") + write(value, folder + "/customer_value");
    }

    private Dataset<Row> lines() {
        Column gross = col("quantity").multiply(col("unit_price"));
        Column net = round(gross.multiply(lit(1).minus(coalesce(col("discount_pct"), lit(0)).divide(100))), 2);
        return spark.read().format("delta").load(fact).select(col("transaction_id"), to_date(col("transaction_ts")).as("sale_date"), col("store_id"),
                col("channel"), col("customer_id"), col("product_id"), col("dim_product_valid_from"), col("quantity"),
                gross.cast("decimal(14,2)").as("gross_amount"), net.cast("decimal(14,2)").as("net_amount"));
    }

    private long write(Dataset<Row> mart, String path) {
        mart.write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(path);
        return DeltaTables.lastCommitCount(spark, TableRef.atPath(path), "numOutputRows");
    }
}
