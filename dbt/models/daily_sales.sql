-- Sales per day, store and channel. Incremental: a run recomputes only the days that received new
-- lines since the last run (a late file's lines land in their own, older day) and merges those
-- days' rows by their key.
{{ config(materialized='incremental', unique_key=['sale_date', 'store_id', 'channel']) }}

select
    sale_date,
    store_id,
    channel,
    count(*) as lines,
    count(distinct customer_id) as customers,
    sum(quantity) as units,
    sum(gross_amount) as gross_revenue,
    sum(net_amount) as net_revenue,
    max(_ingested_at) as last_ingested_at
from {{ ref('sales_lines') }}
{% if is_incremental() %}
where sale_date in (
    select distinct sale_date
    from {{ ref('sales_lines') }}
    where _ingested_at > (select max(last_ingested_at) from {{ this }})
)
{% endif %}
group by sale_date, store_id, channel
