-- Each sold line with its amounts: what every sales mart sums. Ephemeral: a query the marts read,
-- not a table of its own.
{{ config(materialized='ephemeral') }}

select
    transaction_id,
    to_date(transaction_ts) as sale_date,
    store_id,
    channel,
    customer_id,
    product_id,
    dim_product_valid_from,
    quantity,
    cast(quantity * unit_price as decimal(14, 2)) as gross_amount,
    cast(round(quantity * unit_price * (1 - coalesce(discount_pct, 0) / 100), 2) as decimal(14, 2)) as net_amount,
    _ingested_at
from {{ source('silver', 'fact_sales') }}
