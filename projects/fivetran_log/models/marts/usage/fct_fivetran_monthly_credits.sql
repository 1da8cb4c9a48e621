-- Monthly consumption per destination: credits (legacy credit pricing), dollars (usage pricing), transformation
-- model runs and MAR, with an estimated spend and unit costs. Every (destination, month) that any of the four
-- sources has appears: unlike the reference package, which starts from the MAR rows, a month with credits or
-- dollars but no MAR (or only model runs) is kept, with zero MAR.
-- estimated_spend = dollars_spent when usage_cost prices the month, else credits_spent * the var
-- fivetran_price_per_credit; is_spend_estimated says which. Model runs and MAR use the same free / paid rule as
-- fct_fivetran_monthly_active_rows: 'PAID' or a NULL free type is paid, anything else free.
with credits as (
    select destination_id, measured_month, credits_spent
    from {{ ref('stg_fivetran_log__credits_used') }}
    where measured_month is not null
),

costs as (
    select destination_id, measured_month, dollars_spent
    from {{ ref('stg_fivetran_log__usage_cost') }}
    where measured_month is not null
),

runs as (
    select
        destination_id,
        measured_month,
        sum(case when coalesce(nullif(trim(free_type), ''), 'PAID') = 'PAID' then model_runs else 0 end) as paid_model_runs,
        sum(case when coalesce(nullif(trim(free_type), ''), 'PAID') = 'PAID' then 0 else model_runs end) as free_model_runs,
        sum(model_runs) as total_model_runs
    from {{ ref('stg_fivetran_log__transformation_runs') }}
    where measured_month is not null
    group by 1, 2
),

mar as (
    select
        destination_id,
        measured_month,
        sum(free_monthly_active_rows) as free_monthly_active_rows,
        sum(paid_monthly_active_rows) as paid_monthly_active_rows,
        sum(total_monthly_active_rows) as total_monthly_active_rows
    from {{ ref('fct_fivetran_monthly_active_rows') }}
    where destination_id is not null
    group by 1, 2
),

-- The full outer join of the four monthly sources, as the union of their keys.
months as (
    select destination_id, measured_month from credits
    union
    select destination_id, measured_month from costs
    union
    select destination_id, measured_month from runs
    union
    select destination_id, measured_month from mar
),

joined as (
    select
        months.measured_month,
        months.destination_id,
        destination.destination_name,
        credits.credits_spent,
        costs.dollars_spent,
        coalesce(costs.dollars_spent, credits.credits_spent * {{ var('fivetran_price_per_credit') }}) as estimated_spend,
        costs.dollars_spent is null and credits.credits_spent is not null as is_spend_estimated,
        cast(coalesce(runs.paid_model_runs, 0) as bigint) as paid_model_runs,
        cast(coalesce(runs.free_model_runs, 0) as bigint) as free_model_runs,
        cast(coalesce(runs.total_model_runs, 0) as bigint) as total_model_runs,
        cast(coalesce(mar.free_monthly_active_rows, 0) as bigint) as free_monthly_active_rows,
        cast(coalesce(mar.paid_monthly_active_rows, 0) as bigint) as paid_monthly_active_rows,
        cast(coalesce(mar.total_monthly_active_rows, 0) as bigint) as total_monthly_active_rows
    from months
    left join credits on months.destination_id = credits.destination_id and months.measured_month = credits.measured_month
    left join costs on months.destination_id = costs.destination_id and months.measured_month = costs.measured_month
    left join runs on months.destination_id = runs.destination_id and months.measured_month = runs.measured_month
    left join mar on months.destination_id = mar.destination_id and months.measured_month = mar.measured_month
    left join {{ ref('stg_fivetran_log__destination') }} as destination on months.destination_id = destination.destination_id
)

select
    *,
    cast(estimated_spend as double precision) * 1000000 / nullif(total_monthly_active_rows, 0) as cost_per_million_mar,
    cast(credits_spent as double precision) * 1000000 / nullif(total_monthly_active_rows, 0) as credits_per_million_mar,
    cast(total_monthly_active_rows as double precision) / nullif(credits_spent, 0) as mar_per_credit
from joined
