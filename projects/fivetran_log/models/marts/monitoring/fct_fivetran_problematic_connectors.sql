-- One row per connection that at least one rule flags, with every reason that applies, a severity score (the sum
-- of the rules' weights, capped at 100) and the action suggested by its weightiest reason. Rules and weights:
-- broken (40); consecutive failures >= fivetran_problem_consecutive_failures (10 per failure, at most 30); 7-day
-- success rate below fivetran_problem_min_success_rate with at least 3 finished syncs (20); delayed (15); the
-- as-of day's trend degrading (10); recurring error signatures in the last 7 days (5 each, at most 15).
-- Deleted and paused connections are never flagged: nobody expects them to sync.
with as_of as (
    select * from {{ ref('int_fivetran_log__as_of') }}
),

health as (
    select * from {{ ref('fct_fivetran_connector_health') }}
    where connection_health not in ('deleted', 'paused')
),

trend_today as (
    select trends.connection_id, trends.is_degrading, trends.degradation_reason
    from {{ ref('fct_fivetran_sync_performance_trends') }} as trends
    cross join as_of
    where trends.date_day = as_of.as_of_date
),

recurring as (
    select errors.connection_id, count(distinct errors.message_signature) as recurring_signatures
    from {{ ref('fct_fivetran_error_monitoring') }} as errors
    cross join as_of
    where errors.is_recurring and errors.date_day > as_of.as_of_date - 7 and errors.date_day <= as_of.as_of_date
    group by 1
),

rules as (
    select
        health.*,
        health.connection_health = 'broken' as is_broken,
        health.consecutive_failures >= {{ var('fivetran_problem_consecutive_failures') }} as has_failure_streak,
        health.successes_last_7_days + health.failures_last_7_days >= 3
            and health.success_rate_7d < {{ var('fivetran_problem_min_success_rate') }} as has_low_success_rate,
        health.connection_health = 'delayed' as is_delayed,
        coalesce(trend_today.is_degrading, false) as is_degrading,
        trend_today.degradation_reason,
        coalesce(recurring.recurring_signatures, 0) as recurring_signatures
    from health
    left join trend_today on health.connection_id = trend_today.connection_id
    left join recurring on health.connection_id = recurring.connection_id
),

scored as (
    select
        *,
        (case when is_broken then 40 else 0 end)
        + (case when has_failure_streak then least(10 * consecutive_failures, 30) else 0 end)
        + (case when has_low_success_rate then 20 else 0 end)
        + (case when is_delayed then 15 else 0 end)
        + (case when is_degrading then 10 else 0 end)
        + least(5 * recurring_signatures, 15) as raw_score
    from rules
)

select
    connection_id,
    connection_name,
    connector_type,
    destination_id,
    destination_name,
    connection_health,
    cast(least(raw_score, 100) as bigint) as severity_score,
    case
        when least(raw_score, 100) >= 60 then 'critical'
        when least(raw_score, 100) >= 30 then 'high'
        when least(raw_score, 100) >= 15 then 'medium'
        else 'low'
    end as severity,
    cast(
        (case when is_broken then 1 else 0 end) + (case when has_failure_streak then 1 else 0 end)
        + (case when has_low_success_rate then 1 else 0 end) + (case when is_delayed then 1 else 0 end)
        + (case when is_degrading then 1 else 0 end) + (case when recurring_signatures > 0 then 1 else 0 end)
        as bigint
    ) as reason_count,
    concat_ws('; ',
        case when is_broken then 'broken: the last completed sync failed' || coalesce(' (' || last_completed_reason || ')', '') end,
        case when has_failure_streak then cast(consecutive_failures as varchar) || ' failed syncs in a row' end,
        case when has_low_success_rate then '7-day success rate ' || cast(round(cast(100 * success_rate_7d as numeric), 0) as varchar) || '%' end,
        case when is_delayed then 'delayed: no success for more than ' || cast({{ var('fivetran_delayed_interval_multiplier') }} as varchar) || ' sync intervals' end,
        case when is_degrading then 'degrading: ' || degradation_reason end,
        case when recurring_signatures > 0 then cast(recurring_signatures as varchar) || ' recurring error signature(s) this week' end
    ) as reasons,
    case
        when is_broken or has_failure_streak then 'Fix the failing sync: read the last error, check credentials and permissions, then resync.'
        when has_low_success_rate then 'Investigate intermittent failures: compare failed and successful syncs in fct_fivetran_sync_performance.'
        when is_delayed then 'Check why the connection stopped syncing (schedule, quota, source availability).'
        when recurring_signatures > 0 then 'Resolve the recurring errors listed in fct_fivetran_error_monitoring.'
        else 'Review the degradation in fct_fivetran_sync_performance_trends.'
    end as suggested_action,
    is_broken,
    has_failure_streak,
    has_low_success_rate,
    is_delayed,
    is_degrading,
    cast(recurring_signatures as bigint) as recurring_error_signatures,
    consecutive_failures,
    success_rate_7d,
    last_successful_sync_completed_at,
    as_of_at
from scored
where raw_score > 0
