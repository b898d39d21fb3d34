-- Databricks notebook source
-- Explore a Medallion lakehouse: what ran, what loaded, what was quarantined and why.
-- Works as a Databricks notebook (File > Import) and in plain `spark-sql` started with Delta:
--   spark-sql --packages io.delta:delta-spark_2.12:3.3.3 \
--     --conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension \
--     --conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog \
--     -f notebooks/explore_lakehouse.sql
-- First set `root` below to the lakehouse root (the `lakehouse.root` of the pipeline; after
-- `bin/medallion demo`, file:<the folder you ran it in>/medallion-demo/lakehouse).

-- COMMAND ----------
SET root = file:/tmp/medallion-demo/lakehouse;

-- COMMAND ----------
-- Every step of every run, newest first: counts and outcome per table.
SELECT run_id, table_name, step, status, rows_read, rows_written, rows_quarantined, files_quarantined,
       (unix_millis(finished_at) - unix_millis(started_at)) / 1000.0 AS seconds, message
FROM delta.`${root}/_system/audit`
ORDER BY started_at DESC;

-- COMMAND ----------
-- Quarantined rows by rule and batch: where the source breaks its contract.
SELECT _batch_id, rule_id, count(*) AS rows
FROM delta.`${root}/quarantine/sales` LATERAL VIEW explode(_failed_rules) r AS rule_id
GROUP BY _batch_id, rule_id
ORDER BY _batch_id, rows DESC;

-- COMMAND ----------
-- A sample of rejected rows with the offending values, next to the record as it arrived.
SELECT f.rule_id, f.column, f.value, f.description, _raw_record, _source_file
FROM delta.`${root}/quarantine/sales` LATERAL VIEW explode(_failures) x AS f
LIMIT 50;

-- COMMAND ----------
-- Files quarantined whole (empty, binary, wrong header, unreadable archive).
SELECT _source_file, _failures[0].description AS reason, _batch_id
FROM delta.`${root}/quarantine/sales`
WHERE exists(_failed_rules, r -> r LIKE '%._file.%');

-- COMMAND ----------
-- Which source files each table has committed, with checksums (the processed-files ledger).
SELECT table_name, source_path, size, sha256, raw_path, records, batch_id, ingested_at
FROM delta.`${root}/_system/ingested_files`
ORDER BY ingested_at DESC;

-- COMMAND ----------
-- Bronze sales per day and channel.
SELECT date(transaction_ts) AS day, channel, count(*) AS lines, sum(quantity * unit_price) AS revenue
FROM delta.`${root}/bronze/sales`
GROUP BY 1, 2
ORDER BY 1, 2;

-- COMMAND ----------
-- Silver: customers with more than one version, each version with when it was valid.
SELECT customer_id, version, effective_from, effective_to, is_current, is_deleted, city, country, loyalty_tier, email
FROM delta.`${root}/silver/dim_customer`
WHERE customer_id IN (SELECT customer_id FROM delta.`${root}/silver/dim_customer` GROUP BY customer_id HAVING count(*) > 1)
ORDER BY customer_id, version;

-- COMMAND ----------
-- Silver: revenue by the loyalty tier each customer had when they bought (the version valid at the sale).
SELECT coalesce(c.loyalty_tier, '(before the first version)') AS tier_at_sale, count(*) AS lines,
       sum(f.quantity * f.unit_price) AS revenue
FROM delta.`${root}/silver/fact_sales` f
LEFT JOIN delta.`${root}/silver/dim_customer` c
  ON c.customer_id = f.customer_id AND c.effective_from = f.dim_customer_valid_from
GROUP BY 1
ORDER BY revenue DESC;

-- COMMAND ----------
-- Silver: how each run's silver merges went (events read, rows changed, duplicates, late events).
SELECT run_id, table_name, status, rows_read AS events, rows_written AS rows_changed, rows_quarantined, message
FROM delta.`${root}/_system/audit`
WHERE layer = 'silver'
ORDER BY started_at DESC;

-- COMMAND ----------
-- Gold (dbt/models/daily_sales.sql): the best ten days by net revenue, with store and channel.
SELECT sale_date, store_id, channel, lines, customers, units, net_revenue
FROM delta.`${root}/gold/daily_sales`
ORDER BY net_revenue DESC
LIMIT 10;

-- COMMAND ----------
-- Gold (dbt/models/category_sales.sql): each category's share of a month's net revenue, by the category a product had when sold.
SELECT sale_month, category, net_revenue, round(100 * net_revenue / sum(net_revenue) OVER (PARTITION BY sale_month), 1) AS pct_of_month
FROM delta.`${root}/gold/category_sales`
ORDER BY sale_month, net_revenue DESC;

-- COMMAND ----------
-- Gold (dbt/models/customer_value.sql): lifetime value by loyalty tier, customers who never bought included.
SELECT loyalty_tier, count(*) AS customers, sum(orders) AS orders, round(avg(net_revenue), 2) AS avg_net_revenue
FROM delta.`${root}/gold/customer_value`
GROUP BY loyalty_tier
ORDER BY avg_net_revenue DESC;

-- COMMAND ----------
-- Gold: how each model was built in each run (rebuilt, merged, up to date), and from which table versions.
SELECT run_id, table_name, status, rows_written, message
FROM delta.`${root}/_system/audit`
WHERE layer = 'gold'
ORDER BY started_at DESC;
