-- One row per connection and day (UTC), zero-filled from the connection's first sync day to the as-of date, so
-- rolling windows count days, not rows. Each day carries its own figures, the 7 days ending that day, and a
-- baseline of the 28 days before those 7. Rolling durations are the mean of the daily p50/p95 over the window
-- (percentiles cannot be windowed portably). A day is degrading when the baseline has at least
-- fivetran_trend_min_baseline_syncs syncs and the 7-day success rate fell by more than
-- fivetran_trend_success_rate_drop, or the 7-day p95 exceeds fivetran_trend_duration_ratio x the baseline's, or
-- the week's syncs moved no rows while the baseline's did.
with as_of as (
    select * from {{ ref('int_fivetran_log__as_of') }}
),

syncs as (
    select syncs.*
    from {{ ref('int_fivetran_log__syncs') }} as syncs
    cross join as_of
    where syncs.sync_date <= as_of.as_of_date
),

daily as (
    select
        connection_id,
        sync_date as date_day,
        count(*) as syncs,
        sum(case when status_category = 'success' then 1 else 0 end) as successes,
        sum(case when status_category = 'failure' then 1 else 0 end) as failures,
        percentile_cont(0.5) within group (order by duration_seconds) as duration_p50_seconds,
        percentile_cont(0.95) within group (order by duration_seconds) as duration_p95_seconds,
        sum(rows_total) as rows_total
    from syncs
    group by 1, 2
),

bounds as (
    select connection_id, min(date_day) as first_day
    from daily
    group by 1
),

spine as (
    select cast(day_at as date) as date_day
    from generate_series(
        cast((select min(first_day) from bounds) as timestamp),
        cast((select as_of_date from as_of) as timestamp),
        interval '1 day'
    ) as days(day_at)
),

filled as (
    select
        bounds.connection_id,
        spine.date_day,
        cast(coalesce(daily.syncs, 0) as bigint) as syncs,
        cast(coalesce(daily.successes, 0) as bigint) as successes,
        cast(coalesce(daily.failures, 0) as bigint) as failures,
        daily.duration_p50_seconds,
        daily.duration_p95_seconds,
        cast(coalesce(daily.rows_total, 0) as bigint) as rows_total
    from bounds
    inner join spine on spine.date_day >= bounds.first_day
    left join daily on daily.connection_id = bounds.connection_id and daily.date_day = spine.date_day
),

rolling as (
    select
        *,
        cast(sum(syncs) over w7 as bigint) as syncs_7d,
        cast(sum(successes) over w7 as bigint) as successes_7d,
        cast(sum(failures) over w7 as bigint) as failures_7d,
        cast(sum(rows_total) over w7 as bigint) as rows_7d,
        avg(duration_p50_seconds) over w7 as duration_p50_seconds_7d,
        avg(duration_p95_seconds) over w7 as duration_p95_seconds_7d,
        cast(sum(syncs) over w28 as bigint) as syncs_baseline,
        cast(sum(successes) over w28 as bigint) as successes_baseline,
        cast(sum(failures) over w28 as bigint) as failures_baseline,
        cast(sum(rows_total) over w28 as bigint) as rows_baseline,
        avg(duration_p95_seconds) over w28 as duration_p95_seconds_baseline
    from filled
    window
        w7 as (partition by connection_id order by date_day rows between 6 preceding and current row),
        w28 as (partition by connection_id order by date_day rows between 34 preceding and 7 preceding)
),

rated as (
    select
        *,
        case when successes + failures > 0 then cast(successes as double precision) / (successes + failures) end as success_rate,
        case when successes_7d + failures_7d > 0 then cast(successes_7d as double precision) / (successes_7d + failures_7d) end as success_rate_7d,
        case when successes_baseline + failures_baseline > 0 then cast(successes_baseline as double precision) / (successes_baseline + failures_baseline) end as success_rate_baseline,
        coalesce(syncs_baseline, 0) >= {{ var('fivetran_trend_min_baseline_syncs') }} as has_baseline
    from rolling
),

flagged as (
    select
        *,
        has_baseline and success_rate_7d < success_rate_baseline - {{ var('fivetran_trend_success_rate_drop') }} as is_success_rate_drop,
        has_baseline and duration_p95_seconds_7d > {{ var('fivetran_trend_duration_ratio') }} * duration_p95_seconds_baseline as is_duration_growth,
        has_baseline and syncs_7d > 0 and rows_7d = 0 and rows_baseline > 0 as is_rows_stopped
    from rated
)

select
    {{ surrogate_key(['connection_id', 'date_day']) }} as trend_key,
    connection_id,
    date_day,
    syncs,
    successes,
    failures,
    success_rate,
    duration_p50_seconds,
    duration_p95_seconds,
    rows_total,
    syncs_7d,
    success_rate_7d,
    duration_p50_seconds_7d,
    duration_p95_seconds_7d,
    rows_7d,
    syncs_baseline,
    success_rate_baseline,
    duration_p95_seconds_baseline,
    rows_baseline,
    coalesce(is_success_rate_drop or is_duration_growth or is_rows_stopped, false) as is_degrading,
    nullif(
        concat_ws('; ',
            case when is_success_rate_drop then 'success rate ' || cast(round(cast(100 * success_rate_7d as numeric), 0) as varchar) || '% over 7 days vs ' || cast(round(cast(100 * success_rate_baseline as numeric), 0) as varchar) || '% before' end,
            case when is_duration_growth then 'p95 duration ' || cast(round(cast(duration_p95_seconds_7d as numeric), 0) as varchar) || ' s over 7 days vs ' || cast(round(cast(duration_p95_seconds_baseline as numeric), 0) as varchar) || ' s before' end,
            case when is_rows_stopped then 'syncs moved no rows for 7 days' end
        ),
        ''
    ) as degradation_reason
from flagged
