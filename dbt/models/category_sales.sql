-- Sales per month and product category, each line counted under the category its product had when
-- it was sold (the SCD2 version silver matched it to); lines sold before their product's first
-- version fall under 'unknown'.
select
    date_trunc('MONTH', s.sale_date) as sale_month,
    coalesce(p.category, 'unknown') as category,
    count(distinct s.product_id) as products,
    sum(s.quantity) as units,
    sum(s.net_amount) as net_revenue
from {{ ref('sales_lines') }} s
left join {{ source('silver', 'dim_product') }} p
    on p.product_id = s.product_id and p.effective_from = s.dim_product_valid_from
group by date_trunc('MONTH', s.sale_date), coalesce(p.category, 'unknown')
