package io.medallion.bench;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.TableRef;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The silver floor for the sales fact: the hand-written append a Spark user would write. It takes
 * the bronze sales rows, keeps one row per transaction id (whichever Spark meets first), adds the
 * customer's and the product's version valid at the time of sale from the silver dimensions, and
 * writes Delta: a full load overwrites, an increment reads the rows bronze added through its change
 * data feed and inserts the transactions the table does not hold, in one MERGE. No quarantine of
 * bad events, no gates, no progress record, no deterministic choice among duplicates.
 */
final class FloorFacts {
    private static final String KEY = "transaction_id";
    private static final String AT = "transaction_ts";

    private final SparkSession spark;
    private final String dimCustomer;
    private final String dimProduct;

    /** @param dimCustomer the path of the customer dimension (SCD2), likewise {@code dimProduct} */
    FloorFacts(SparkSession spark, String dimCustomer, String dimProduct) {
        this.spark = spark;
        this.dimCustomer = dimCustomer;
        this.dimProduct = dimProduct;
    }

    /** Replaces the fact table at {@code path} with bronze as of {@code bronzeVersion}; returns the rows written. */
    long build(String bronze, long bronzeVersion, String path) {
        Dataset<Row> sales = spark.read().format("delta").option("versionAsOf", bronzeVersion).load(bronze);
        facts(sales).write().format("delta").mode("overwrite").save(path);
        return DeltaTables.lastCommitCount(spark, TableRef.atPath(path), "numOutputRows");
    }

    /** Inserts the transactions bronze added after {@code afterVersion} that the table does not hold; returns the rows inserted. */
    long append(String bronze, long afterVersion, String path) {
        Dataset<Row> added = spark.read().format("delta").option("readChangeFeed", "true").option("startingVersion", afterVersion + 1)
                .load(bronze).where(col("_change_type").equalTo("insert")).drop("_change_type", "_commit_version", "_commit_timestamp");
        DeltaTable.forPath(spark, path).as("t").merge(facts(added).as("s"), "t." + KEY + " = s." + KEY)
                .whenNotMatched().insertAll().execute();
        return DeltaTables.lastCommitCount(spark, TableRef.atPath(path), "numTargetRowsInserted");
    }

    private Dataset<Row> facts(Dataset<Row> sales) {
        Dataset<Row> once = sales.dropDuplicates(KEY);
        return validAt(validAt(once, dimCustomer, "customer_id", "dim_customer_valid_from"), dimProduct, "product_id", "dim_product_valid_from");
    }

    /** {@code facts} with the effective_from of the dimension version valid at the time of sale, null when there is none. */
    private Dataset<Row> validAt(Dataset<Row> facts, String dimension, String key, String as) {
        Dataset<Row> versions = spark.read().format("delta").load(dimension)
                .select(col(key).as("_dim_key"), col("effective_from").as(as), col("effective_to").as("_dim_to"));
        Column at = facts.col(AT);
        Column valid = facts.col(key).equalTo(versions.col("_dim_key")).and(at.geq(versions.col(as)))
                .and(versions.col("_dim_to").isNull().or(at.lt(versions.col("_dim_to"))));
        return facts.join(versions, valid, "left").drop("_dim_key", "_dim_to");
    }
}
