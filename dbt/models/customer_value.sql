-- Each customer's current profile with what they bought over their lifetime. Customers the customer
-- system deleted stay, flagged, since their sales still count.
with purchases as (
    select
        customer_id,
        count(distinct transaction_id) as orders,
        sum(quantity) as units,
        sum(net_amount) as net_revenue,
        min(sale_date) as first_purchase,
        max(sale_date) as last_purchase
    from {{ ref('sales_lines') }}
    group by customer_id
)

select
    c.customer_id,
    c.loyalty_tier,
    c.country,
    c.city,
    c.is_deleted,
    coalesce(p.orders, 0) as orders,
    coalesce(p.units, 0) as units,
    coalesce(p.net_revenue, 0) as net_revenue,
    p.first_purchase,
    p.last_purchase
from {{ source('silver', 'dim_customer') }} c
left join purchases p on p.customer_id = c.customer_id
where c.is_current
