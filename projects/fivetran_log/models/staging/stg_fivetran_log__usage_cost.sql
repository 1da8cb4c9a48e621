-- Monthly dollars per destination (usage pricing). measured_month arrives as 'YYYY-MM'.
select
    destination_id,
    cast({{ safe_cast("measured_month || '-01'", 'date') }} as date) as measured_month,
    sum(cast(amount as double precision)) as dollars_spent
from {{ filled_source('fivetran_log', 'usage_cost') }} as cost
where destination_id is not null and measured_month is not null
group by 1, 2
