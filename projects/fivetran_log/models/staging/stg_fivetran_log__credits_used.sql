-- Monthly credits per destination (legacy credit pricing). measured_month arrives as 'YYYY-MM'.
select
    destination_id,
    cast({{ safe_cast("measured_month || '-01'", 'date') }} as date) as measured_month,
    sum(cast(credits_consumed as double precision)) as credits_spent
from {{ filled_source('fivetran_log', 'credits_used') }} as credits
where destination_id is not null and measured_month is not null
group by 1, 2
