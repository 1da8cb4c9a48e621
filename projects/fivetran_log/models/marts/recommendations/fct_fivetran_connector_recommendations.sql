-- One row per connection and recommendation (per table for dominant tables). Rules:
-- reduce_sync_frequency: at least fivetran_recommend_min_syncs_7d syncs in 7 days, of which at least
--   fivetran_recommend_idle_sync_share moved no rows; impact = the idle syncs a week that a 4x longer interval saves.
-- fix_failing_connector: broken, or a failure streak (fct_fivetran_problematic_connectors); impact = its severity.
-- investigate_degradation: the as-of day's trend is degrading.
-- remove_unused_connection: paused or deleted, yet MAR in the latest MAR month; impact = that MAR.
-- review_dominant_table: one table holds at least fivetran_recommend_dominant_table_share of the connection's
--   MAR in the latest month (and the connection has more than one table); impact = that table's MAR.
-- stabilize_schema: at least fivetran_recommend_schema_changes_30d schema changes in 30 days.
with as_of as (
    select * from {{ ref('int_fivetran_log__as_of') }}
),

health as (
    select * from {{ ref('fct_fivetran_connector_health') }}
),

idle as (
    select
        syncs.connection_id,
        count(*) as syncs_7d,
        sum(case when syncs.rows_total = 0 then 1 else 0 end) as idle_syncs_7d
    from {{ ref('int_fivetran_log__syncs') }} as syncs
    cross join as_of
    where syncs.sync_started_at >= as_of.as_of_at - interval '7 days' and syncs.sync_started_at <= as_of.as_of_at
        and syncs.status_category = 'success'
    group by 1
),

mar as (
    select * from {{ ref('fct_fivetran_monthly_active_rows') }}
    where measured_month = (select max(measured_month) from {{ ref('fct_fivetran_monthly_active_rows') }})
        and connection_id is not null
),

connection_mar as (
    select connection_id, sum(total_monthly_active_rows) as total_mar, count(*) as tables
    from mar
    group by 1
),

recommendations as (
    select
        idle.connection_id,
        'reduce_sync_frequency' as recommendation_type,
        cast(null as varchar) as subject,
        'medium' as priority,
        cast(idle.idle_syncs_7d as varchar) || ' of ' || cast(idle.syncs_7d as varchar) || ' successful syncs in the last 7 days moved no rows' as evidence,
        'about ' || cast(cast(idle.syncs_7d * 3 / 4 as bigint) as varchar) || ' fewer syncs a week with a 4x longer sync interval' as estimated_impact,
        cast(idle.syncs_7d * 3 / 4 as double precision) as impact_value
    from idle
    inner join health on idle.connection_id = health.connection_id
    where idle.syncs_7d >= {{ var('fivetran_recommend_min_syncs_7d') }}
        and idle.idle_syncs_7d >= {{ var('fivetran_recommend_idle_sync_share') }} * idle.syncs_7d
        and health.connection_health not in ('deleted', 'paused')

    union all

    select
        connection_id,
        'fix_failing_connector',
        null,
        case when severity in ('critical', 'high') then 'high' else 'medium' end,
        reasons,
        'restores a connection with severity score ' || cast(severity_score as varchar),
        cast(severity_score as double precision)
    from {{ ref('fct_fivetran_problematic_connectors') }}
    where is_broken or has_failure_streak

    union all

    select
        trends.connection_id,
        'investigate_degradation',
        null,
        'medium',
        trends.degradation_reason,
        'returns the connection to its 28-day baseline',
        null
    from {{ ref('fct_fivetran_sync_performance_trends') }} as trends
    cross join as_of
    where trends.date_day = as_of.as_of_date and trends.is_degrading

    union all

    select
        health.connection_id,
        'remove_unused_connection',
        null,
        'high',
        'the connection is ' || health.connection_health || ' but carries ' || cast(connection_mar.total_mar as varchar) || ' MAR in the latest month',
        cast(connection_mar.total_mar as varchar) || ' fewer monthly active rows',
        cast(connection_mar.total_mar as double precision)
    from health
    inner join connection_mar on health.connection_id = connection_mar.connection_id
    where health.connection_health in ('paused', 'deleted') and connection_mar.total_mar > 0

    union all

    select
        mar.connection_id,
        'review_dominant_table',
        mar.schema_name || '.' || mar.table_name,
        'low',
        mar.schema_name || '.' || mar.table_name || ' holds ' || cast(round(cast(100.0 * mar.total_monthly_active_rows / connection_mar.total_mar as numeric), 0) as varchar) || '% of the connection''s MAR',
        'up to ' || cast(mar.total_monthly_active_rows as varchar) || ' monthly active rows if the table is excluded or its sync mode changed',
        cast(mar.total_monthly_active_rows as double precision)
    from mar
    inner join connection_mar on mar.connection_id = connection_mar.connection_id
    where connection_mar.tables > 1 and connection_mar.total_mar > 0
        and mar.total_monthly_active_rows >= {{ var('fivetran_recommend_dominant_table_share') }} * connection_mar.total_mar

    union all

    select
        connection_id,
        'stabilize_schema',
        null,
        'low',
        cast(schema_changes_last_30_days as varchar) || ' schema changes in the last 30 days',
        'fewer re-syncs and broken downstream models',
        cast(schema_changes_last_30_days as double precision)
    from health
    where schema_changes_last_30_days >= {{ var('fivetran_recommend_schema_changes_30d') }}
)

select
    {{ surrogate_key(['recommendations.connection_id', 'recommendations.recommendation_type', 'recommendations.subject']) }} as recommendation_key,
    recommendations.connection_id,
    health.connection_name,
    health.connector_type,
    health.destination_id,
    health.destination_name,
    recommendations.recommendation_type,
    recommendations.subject,
    recommendations.priority,
    case recommendations.priority when 'high' then 1 when 'medium' then 2 else 3 end as priority_rank,
    recommendations.evidence,
    recommendations.estimated_impact,
    recommendations.impact_value
from recommendations
left join health on recommendations.connection_id = health.connection_id
