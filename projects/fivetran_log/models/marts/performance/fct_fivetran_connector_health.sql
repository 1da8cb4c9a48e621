-- One row per connection (stg_fivetran_log__connection; connections whose destination is missing are kept).
-- connection_health follows the reference package's precedence (deleted, paused, incomplete, priority first sync,
-- initial sync in progress, broken, connected) and adds 'delayed' between broken and connected: the last success
-- is older than fivetran_delayed_interval_multiplier x the connection's observed sync interval (the median gap
-- between consecutive sync starts over the 28 days before as-of). 'broken' = the last completed sync failed
-- (FAILURE or FAILURE_WITH_TASK), or no sync ever completed and errors were logged.
with as_of as (
    select * from {{ ref('int_fivetran_log__as_of') }}
),

syncs as not materialized (
    select * from {{ ref('int_fivetran_log__syncs') }}
),

-- The connection's last completed sync: the latest sync_ended_at, the lowest sync_key among syncs ending then. Two
-- aggregates and a key lookup rather than a window over every sync (which sorts them all).
last_end_time as (
    select connection_id, max(sync_ended_at) as sync_ended_at
    from syncs
    group by 1
),

last_completed_key as (
    select syncs.connection_id, min(syncs.sync_key) as sync_key
    from syncs
    inner join last_end_time
        on syncs.connection_id = last_end_time.connection_id and syncs.sync_ended_at = last_end_time.sync_ended_at
    group by 1
),

last_completed as (
    select syncs.connection_id, syncs.status_category as last_completed_status, syncs.final_reason as last_completed_reason
    from syncs
    inner join last_completed_key on syncs.sync_key = last_completed_key.sync_key
),

sync_totals as (
    select
        syncs.connection_id,
        max(syncs.sync_started_at) as last_sync_started_at,
        max(syncs.sync_ended_at) as last_sync_completed_at,
        max(case when syncs.status_category = 'success' then syncs.sync_ended_at end) as last_successful_sync_completed_at,
        max(case when syncs.is_priority_first then coalesce(syncs.sync_ended_at, syncs.last_event_at) end) as last_priority_first_sync_completed_at,
        sum(case when syncs.sync_started_at >= as_of.as_of_at - interval '7 days' and syncs.sync_started_at <= as_of.as_of_at then 1 else 0 end) as syncs_last_7_days,
        sum(case when syncs.sync_started_at >= as_of.as_of_at - interval '7 days' and syncs.sync_started_at <= as_of.as_of_at and syncs.status_category = 'success' then 1 else 0 end) as successes_last_7_days,
        sum(case when syncs.sync_started_at >= as_of.as_of_at - interval '7 days' and syncs.sync_started_at <= as_of.as_of_at and syncs.status_category = 'failure' then 1 else 0 end) as failures_last_7_days
    from syncs
    cross join as_of
    where syncs.sync_started_at <= as_of.as_of_at
    group by 1
),

durations as (
    select
        syncs.connection_id,
        percentile_cont(0.5) within group (order by syncs.duration_seconds) as duration_p50_seconds_7d,
        percentile_cont(0.95) within group (order by syncs.duration_seconds) as duration_p95_seconds_7d
    from syncs
    cross join as_of
    where syncs.duration_seconds is not null
        and syncs.sync_started_at >= as_of.as_of_at - interval '7 days' and syncs.sync_started_at <= as_of.as_of_at
    group by 1
),

gaps as (
    select
        syncs.connection_id,
        {{ datediff('lag(syncs.sync_started_at) over (partition by syncs.connection_id order by syncs.sync_started_at)', 'syncs.sync_started_at', 'second') }} as gap_seconds,
        syncs.sync_started_at
    from syncs
    cross join as_of
    where syncs.sync_started_at >= as_of.as_of_at - interval '28 days' and syncs.sync_started_at <= as_of.as_of_at
),

intervals as (
    select connection_id, percentile_cont(0.5) within group (order by gap_seconds) as observed_sync_interval_seconds
    from gaps
    where gap_seconds is not null
    group by 1
),

failures_since_success as (
    select syncs.connection_id, count(*) as consecutive_failures
    from syncs
    left join sync_totals on syncs.connection_id = sync_totals.connection_id
    where syncs.status_category = 'failure'
        and syncs.sync_ended_at is not null
        and (sync_totals.last_successful_sync_completed_at is null or syncs.sync_ended_at > sync_totals.last_successful_sync_completed_at)
    group by 1
),

log_counts as (
    -- Errors and warnings are counted as events (a failure repeating all night counts every time); the reference
    -- package counts distinct messages. int_fivetran_log__notable_events holds every error, warning and schema change
    -- of the staged log, so this reads a few thousand rows, not the log.
    select
        log.connection_id,
        sum(case when log.event_type = 'SEVERE' and log.created_at > coalesce(sync_totals.last_sync_completed_at, cast('1900-01-01' as timestamp)) then 1 else 0 end) as errors_since_last_completed_sync,
        sum(case when log.event_type = 'WARNING' and log.created_at > coalesce(sync_totals.last_sync_completed_at, cast('1900-01-01' as timestamp)) then 1 else 0 end) as warnings_since_last_completed_sync,
        sum(case when log.event_type = 'SEVERE' then 1 else 0 end) as errors_ever,
        sum(
            case
                when log.event_subtype in ('create_table', 'alter_table', 'create_schema', 'change_schema_config')
                    and log.created_at >= as_of.as_of_at - interval '30 days' and log.created_at <= as_of.as_of_at
                    then 1
                else 0
            end
        ) as schema_changes_last_30_days
    from {{ ref('int_fivetran_log__notable_events') }} as log
    cross join as_of
    left join sync_totals on log.connection_id = sync_totals.connection_id
    where log.connection_id is not null
        and (log.event_type in ('SEVERE', 'WARNING') or log.event_subtype in ('create_table', 'alter_table', 'create_schema', 'change_schema_config'))
    group by 1
),

joined as (
    select
        connections.connection_id,
        connections.connection_name,
        connections.connector_type,
        connections.destination_id,
        destinations.destination_name,
        connections.set_up_at,
        connections.is_paused,
        connections.is_deleted,
        sync_totals.last_sync_started_at,
        sync_totals.last_sync_completed_at,
        sync_totals.last_successful_sync_completed_at,
        sync_totals.last_priority_first_sync_completed_at,
        last_completed.last_completed_status,
        last_completed.last_completed_reason,
        cast(coalesce(sync_totals.syncs_last_7_days, 0) as bigint) as syncs_last_7_days,
        cast(coalesce(sync_totals.successes_last_7_days, 0) as bigint) as successes_last_7_days,
        cast(coalesce(sync_totals.failures_last_7_days, 0) as bigint) as failures_last_7_days,
        cast(coalesce(failures_since_success.consecutive_failures, 0) as bigint) as consecutive_failures,
        durations.duration_p50_seconds_7d,
        durations.duration_p95_seconds_7d,
        intervals.observed_sync_interval_seconds,
        cast(coalesce(log_counts.errors_since_last_completed_sync, 0) as bigint) as errors_since_last_completed_sync,
        cast(coalesce(log_counts.warnings_since_last_completed_sync, 0) as bigint) as warnings_since_last_completed_sync,
        cast(coalesce(log_counts.errors_ever, 0) as bigint) as errors_ever,
        cast(coalesce(log_counts.schema_changes_last_30_days, 0) as bigint) as schema_changes_last_30_days,
        as_of.as_of_at
    from {{ ref('stg_fivetran_log__connection') }} as connections
    cross join as_of
    left join {{ ref('stg_fivetran_log__destination') }} as destinations on connections.destination_id = destinations.destination_id
    left join sync_totals on connections.connection_id = sync_totals.connection_id
    left join last_completed on connections.connection_id = last_completed.connection_id
    left join durations on connections.connection_id = durations.connection_id
    left join intervals on connections.connection_id = intervals.connection_id
    left join failures_since_success on connections.connection_id = failures_since_success.connection_id
    left join log_counts on connections.connection_id = log_counts.connection_id
)

select
    connection_id,
    connection_name,
    connector_type,
    destination_id,
    destination_name,
    case
        when is_deleted then 'deleted'
        when is_paused then 'paused'
        when last_sync_started_at is null then 'incomplete'
        when last_priority_first_sync_completed_at is not null and last_sync_completed_at is null then 'priority first sync'
        when last_priority_first_sync_completed_at > last_sync_completed_at then 'priority first sync'
        when last_sync_completed_at is null and errors_ever = 0 then 'initial sync in progress'
        when last_sync_completed_at is null then 'broken'
        when last_completed_status = 'failure' then 'broken'
        when observed_sync_interval_seconds > 0
            and {{ datediff('coalesce(last_successful_sync_completed_at, set_up_at, last_sync_started_at)', 'as_of_at', 'second') }}
                > {{ var('fivetran_delayed_interval_multiplier') }} * observed_sync_interval_seconds
            then 'delayed'
        else 'connected'
    end as connection_health,
    last_completed_status,
    last_completed_reason,
    set_up_at,
    last_sync_started_at,
    last_sync_completed_at,
    last_successful_sync_completed_at,
    last_priority_first_sync_completed_at,
    syncs_last_7_days,
    successes_last_7_days,
    failures_last_7_days,
    cast(successes_last_7_days as double precision) / nullif(successes_last_7_days + failures_last_7_days, 0) as success_rate_7d,
    consecutive_failures,
    duration_p50_seconds_7d,
    duration_p95_seconds_7d,
    observed_sync_interval_seconds,
    errors_since_last_completed_sync,
    warnings_since_last_completed_sync,
    schema_changes_last_30_days,
    as_of_at
from joined
