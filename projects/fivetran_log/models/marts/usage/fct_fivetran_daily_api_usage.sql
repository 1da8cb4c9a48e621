-- API calls, record modifications and schema changes per connection and day (UTC), from the day the connection
-- was set up (or its first activity, when earlier or when the connection table does not know it) to the as-of
-- date, zero-filled, for rate-limit monitoring.
-- API calls: Fivetran logs them two ways, one api_call event per request (connections created before November
-- 2024) or one extract_summary per sync with total_queries. Per sync, int_fivetran_log__syncs.api_queries already
-- takes total_queries when the sync has an extract_summary, else counts its api_call events (never both, which
-- would count the same calls twice); a sync counts on its sync_date (the day it started). API events logged
-- WITHOUT a sync (sync_id NULL, e.g. logs from before sync ids existed) are read from int_fivetran_log__notable_events
-- (the staged log's events outside syncs, schema changes included) and follow
-- the same rule per connection and day: the day's extract_summary total_queries when it has any, else its
-- api_call events. The reference package takes the larger of the two per day instead.
-- Record modifications: records_modified counts (REPLACED_OR_INSERTED + UPDATED + DELETED, the per-sync
-- rows_total), plus those of records_modified events without a sync. Schema changes: create_table, alter_table,
-- create_schema and change_schema_config events (one per distinct staged event), on the day they were logged.
-- Activity is aggregated to (connection, day) BEFORE it meets the calendar: the spine never touches the log.
-- Incremental (delete+insert of a range: incremental_predicates without a unique_key): a run recomputes every
-- connection's days from the earliest day that can differ from the stored rows and replaces the stored rows from that
-- day on. That day is the earliest (connection, day) whose activity differs from the stored counts (a 7-day average
-- and a destination share only change from a day whose activity changed), else the day after the stored calendar
-- ends, and never after the as-of date (an earlier as-of date drops the later days). A connection that is new,
-- gone, renamed, retyped, moved to another destination, on a renamed destination or with another first day
-- rebuilds everything, and the stored rows of a gone connection go too (the predicate's second branch).
{{ config(materialized='incremental',
          incremental_predicates=["logbook_target.date_day >= (select min(date_day) from logbook_source) or not exists (select 1 from logbook_source as rebuilt where rebuilt.connection_id = logbook_target.connection_id)"]) }}
with sync_activity as (
    select
        connection_id,
        sync_date as date_day,
        sum(api_queries) as api_calls,
        sum(rows_total) as record_modifications,
        0 as schema_changes
    from {{ ref('int_fivetran_log__syncs') }}
    group by 1, 2
),

-- The events int_fivetran_log__syncs does not hold (no sync, or a transformation's) and every schema change.
log_events as (
    select
        connection_id,
        cast(created_at as date) as date_day,
        sum(case when event_subtype = 'api_call' and not_in_sync = 1 then 1 else 0 end) as api_call_events,
        sum(case when event_subtype = 'extract_summary' and not_in_sync = 1 then 1 else 0 end) as extract_summaries,
        sum(case when event_subtype = 'extract_summary' and not_in_sync = 1 then coalesce(total_queries, 0) else 0 end) as summarized_queries,
        sum(
            case
                when event_subtype = 'records_modified' and not_in_sync = 1 and operation_type in ('REPLACED_OR_INSERTED', 'UPDATED', 'DELETED')
                    then coalesce(row_count, 0)
                else 0
            end
        ) as record_modifications,
        sum(case when event_subtype in ('create_table', 'alter_table', 'create_schema', 'change_schema_config') then 1 else 0 end) as schema_changes
    from (
        select
            connection_id,
            created_at,
            event_subtype,
            total_queries,
            operation_type,
            row_count,
            case when sync_id is null or transformation_id is not null then 1 else 0 end as not_in_sync
        from {{ ref('int_fivetran_log__notable_events') }}
        where connection_id is not null
            and event_subtype in ('api_call', 'extract_summary', 'records_modified', 'create_table', 'alter_table', 'create_schema', 'change_schema_config')
    ) as events
    where not_in_sync = 1 or event_subtype in ('create_table', 'alter_table', 'create_schema', 'change_schema_config')
    group by 1, 2
),

activity as (
    select connection_id, date_day, sum(api_calls) as api_calls, sum(record_modifications) as record_modifications, sum(schema_changes) as schema_changes
    from (
        select connection_id, date_day, api_calls, record_modifications, schema_changes
        from sync_activity
        union all
        select
            connection_id,
            date_day,
            case when extract_summaries > 0 then summarized_queries else api_call_events end,
            record_modifications,
            schema_changes
        from log_events
    ) as unioned
    group by 1, 2
),

-- Every connection the connection table knows, and any connection id that only the log knows.
connections as (
    select
        coalesce(known.connection_id, active.connection_id) as connection_id,
        known.connection_name,
        known.connector_type,
        known.destination_id,
        least(cast(known.set_up_at as date), active.first_active_day) as first_day
    from {{ ref('stg_fivetran_log__connection') }} as known
    full outer join (
        select connection_id, min(date_day) as first_active_day
        from activity
        group by 1
    ) as active
        on known.connection_id = active.connection_id
),

{% if is_incremental() %}
-- What the stored rows say, per connection: the names they were written with and the calendar they cover.
stored as (
    select connection_id, connection_name, connector_type, destination_id, destination_name, min(date_day) as first_day, max(date_day) as last_day
    from {{ this }}
    group by 1, 2, 3, 4, 5
),

current_connections as (
    select connections.*, destination.destination_name
    from connections
    cross join {{ ref('int_fivetran_log__as_of') }} as as_of
    left join {{ ref('stg_fivetran_log__destination') }} as destination
        on connections.destination_id = destination.destination_id
    where connections.first_day <= as_of.as_of_date
),

changed_connections as (
    select coalesce(current_connections.connection_id, stored.connection_id) as connection_id
    from current_connections
    full outer join stored on current_connections.connection_id = stored.connection_id
    where current_connections.connection_id is null
        or stored.connection_id is null
        or current_connections.connection_name is distinct from stored.connection_name
        or current_connections.connector_type is distinct from stored.connector_type
        or current_connections.destination_id is distinct from stored.destination_id
        or current_connections.destination_name is distinct from stored.destination_name
        or current_connections.first_day is distinct from stored.first_day
),

changed_days as (
    select coalesce(recomputed.date_day, kept.date_day) as date_day
    from (
        select * from activity where api_calls <> 0 or record_modifications <> 0 or schema_changes <> 0
    ) as recomputed
    full outer join (
        select connection_id, date_day, api_calls, record_modifications, schema_changes
        from {{ this }}
        where api_calls <> 0 or record_modifications <> 0 or schema_changes <> 0
    ) as kept
        on recomputed.connection_id = kept.connection_id and recomputed.date_day = kept.date_day
    where recomputed.api_calls is distinct from kept.api_calls
        or recomputed.record_modifications is distinct from kept.record_modifications
        or recomputed.schema_changes is distinct from kept.schema_changes
),

rebuild as (
    select
        case
            when exists (select 1 from changed_connections) then cast('1900-01-01' as date)
            else least(
                coalesce((select min(date_day) from changed_days), as_of.as_of_date),
                coalesce(cast({{ dateadd('day', '1', '(select max(last_day) from stored)') }} as date), as_of.as_of_date),
                as_of.as_of_date
            )
        end as from_day
    from {{ ref('int_fivetran_log__as_of') }} as as_of
),
{% endif %}

daily as (
    select
        cast(spine.day_at as date) as date_day,
        connections.connection_id,
        connections.connection_name,
        connections.connector_type,
        connections.destination_id,
        destination.destination_name,
        connections.first_day,
        cast(coalesce(activity.api_calls, 0) as bigint) as api_calls,
        cast(coalesce(activity.record_modifications, 0) as bigint) as record_modifications,
        cast(coalesce(activity.schema_changes, 0) as bigint) as schema_changes
    from connections
    cross join {{ ref('int_fivetran_log__as_of') }} as as_of
{% if is_incremental() %}
    cross join rebuild
    cross join generate_series(cast(greatest(connections.first_day, rebuild.from_day) as timestamp), cast(as_of.as_of_date as timestamp), interval '1 day') as spine(day_at)
{% else %}
    cross join generate_series(cast(connections.first_day as timestamp), cast(as_of.as_of_date as timestamp), interval '1 day') as spine(day_at)
{% endif %}
    left join activity
        on connections.connection_id = activity.connection_id and cast(spine.day_at as date) = activity.date_day
    left join {{ ref('stg_fivetran_log__destination') }} as destination
        on connections.destination_id = destination.destination_id
    where connections.first_day <= as_of.as_of_date
),

-- The rolling figures come from the sparse activity (a few rows per connection and active day), not from windows
-- over the zero-filled calendar: an active day's calls count for it and the 6 days after it, and a destination's
-- calls of a day are the sum over its connections' activity.
rolling_calls as (
    select
        activity.connection_id,
        cast({{ dateadd('day', 'offsets.day_offset', 'activity.date_day') }} as date) as date_day,
        sum(activity.api_calls) as api_calls_7d
    from activity
    cross join (values (0), (1), (2), (3), (4), (5), (6)) as offsets(day_offset)
    group by 1, 2
),

destination_calls as (
    select connections.destination_id, activity.date_day, sum(activity.api_calls) as api_calls
    from activity
    inner join connections on activity.connection_id = connections.connection_id
    where connections.destination_id is not null
    group by 1, 2
)

select
    daily.date_day,
    daily.connection_id,
    daily.connection_name,
    daily.connector_type,
    daily.destination_id,
    daily.destination_name,
    daily.api_calls,
    daily.record_modifications,
    daily.schema_changes,
    -- The calendar has every day from first_day on, so the window holds 7 days, fewer in the connection's first week.
    cast(coalesce(rolling_calls.api_calls_7d, 0) as double precision)
        / least(7, {{ datediff('daily.first_day', 'daily.date_day', 'day') }} + 1) as api_calls_7d_avg,
    case
        when daily.destination_id is not null
            then cast(daily.api_calls as double precision) / nullif(destination_calls.api_calls, 0)
    end as destination_api_call_share
from daily
left join rolling_calls on daily.connection_id = rolling_calls.connection_id and daily.date_day = rolling_calls.date_day
left join destination_calls on daily.destination_id = destination_calls.destination_id and daily.date_day = destination_calls.date_day
-- By day, so that the days a later run replaces sit together in the last row groups (see int_fivetran_log__syncs).
order by daily.date_day, daily.connection_id
