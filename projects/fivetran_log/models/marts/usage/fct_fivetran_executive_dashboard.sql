-- One row per month (UTC) from the first month with any activity to the as-of month: the account's KPIs with
-- their month-over-month change. Health per month is judged from the month's own syncs (a connection is healthy
-- when all its finished syncs succeeded, degraded when some failed, failing when none succeeded); the current
-- month also carries today's connection_health counts from fct_fivetran_connector_health.
with as_of as (
    select * from {{ ref('int_fivetran_log__as_of') }}
),

connection_months as (
    select
        connection_id,
        cast({{ date_trunc('month', 'sync_started_at') }} as date) as month,
        count(*) as syncs,
        sum(case when status_category = 'success' then 1 else 0 end) as successes,
        sum(case when status_category = 'failure' then 1 else 0 end) as failures,
        sum(rows_total) as rows_synced
    from {{ ref('int_fivetran_log__syncs') }}
    group by 1, 2
),

sync_months as (
    select
        month,
        count(*) as active_connections,
        sum(case when failures = 0 and successes > 0 then 1 else 0 end) as healthy_connections,
        sum(case when failures > 0 and successes > 0 then 1 else 0 end) as degraded_connections,
        sum(case when failures > 0 and successes = 0 then 1 else 0 end) as failing_connections,
        sum(syncs) as syncs,
        sum(successes) as successes,
        sum(failures) as failures,
        sum(rows_synced) as rows_synced
    from connection_months
    group by 1
),

mar_months as (
    select cast(measured_month as date) as month, sum(total_monthly_active_rows) as monthly_active_rows
    from {{ ref('fct_fivetran_monthly_active_rows') }}
    group by 1
),

spend_months as (
    select cast(measured_month as date) as month, sum(estimated_spend) as estimated_spend, sum(credits_spent) as credits_spent
    from {{ ref('fct_fivetran_monthly_credits') }}
    group by 1
),

error_months as (
    select
        cast({{ date_trunc('month', 'created_at') }} as date) as month,
        sum(case when severity = 'error' then 1 else 0 end) as errors,
        sum(case when severity = 'warning' then 1 else 0 end) as warnings
    from {{ ref('int_fivetran_log__error_events') }}
    group by 1
),

current_health as (
    select
        cast({{ date_trunc('month', 'max(as_of_at)') }} as date) as month,
        sum(case when connection_health = 'connected' then 1 else 0 end) as connections_connected,
        sum(case when connection_health = 'delayed' then 1 else 0 end) as connections_delayed,
        sum(case when connection_health = 'broken' then 1 else 0 end) as connections_broken,
        sum(case when connection_health = 'paused' then 1 else 0 end) as connections_paused,
        sum(case when connection_health not in ('connected', 'delayed', 'broken', 'paused', 'deleted') then 1 else 0 end) as connections_other
    from {{ ref('fct_fivetran_connector_health') }}
),

months as (
    select month from sync_months
    union select month from mar_months
    union select month from spend_months
    union select month from error_months
),

joined as (
    select
        months.month,
        cast(coalesce(sync_months.active_connections, 0) as bigint) as active_connections,
        cast(coalesce(sync_months.healthy_connections, 0) as bigint) as healthy_connections,
        cast(coalesce(sync_months.degraded_connections, 0) as bigint) as degraded_connections,
        cast(coalesce(sync_months.failing_connections, 0) as bigint) as failing_connections,
        cast(current_health.connections_connected as bigint) as connections_connected_now,
        cast(current_health.connections_delayed as bigint) as connections_delayed_now,
        cast(current_health.connections_broken as bigint) as connections_broken_now,
        cast(current_health.connections_paused as bigint) as connections_paused_now,
        cast(current_health.connections_other as bigint) as connections_other_now,
        cast(coalesce(sync_months.syncs, 0) as bigint) as syncs,
        cast(sync_months.successes as double precision) / nullif(sync_months.successes + sync_months.failures, 0) as success_rate,
        cast(coalesce(sync_months.rows_synced, 0) as bigint) as rows_synced,
        cast(coalesce(mar_months.monthly_active_rows, 0) as bigint) as monthly_active_rows,
        spend_months.credits_spent,
        spend_months.estimated_spend,
        cast(coalesce(error_months.errors, 0) as bigint) as errors,
        cast(coalesce(error_months.warnings, 0) as bigint) as warnings
    from months
    cross join as_of
    left join sync_months on months.month = sync_months.month
    left join mar_months on months.month = mar_months.month
    left join spend_months on months.month = spend_months.month
    left join error_months on months.month = error_months.month
    left join current_health on months.month = current_health.month
    where months.month is not null and months.month <= as_of.as_of_date
)

select
    month,
    active_connections,
    healthy_connections,
    degraded_connections,
    failing_connections,
    connections_connected_now,
    connections_delayed_now,
    connections_broken_now,
    connections_paused_now,
    connections_other_now,
    syncs,
    syncs - lag(syncs) over (order by month) as syncs_mom_change,
    success_rate,
    success_rate - lag(success_rate) over (order by month) as success_rate_mom_change,
    rows_synced,
    cast(rows_synced - lag(rows_synced) over (order by month) as double precision) / nullif(lag(rows_synced) over (order by month), 0) as rows_synced_mom_change_pct,
    monthly_active_rows,
    cast(monthly_active_rows - lag(monthly_active_rows) over (order by month) as double precision) / nullif(lag(monthly_active_rows) over (order by month), 0) as monthly_active_rows_mom_change_pct,
    credits_spent,
    estimated_spend,
    (estimated_spend - lag(estimated_spend) over (order by month)) / nullif(lag(estimated_spend) over (order by month), 0) as estimated_spend_mom_change_pct,
    errors,
    errors - lag(errors) over (order by month) as errors_mom_change,
    warnings
from joined
