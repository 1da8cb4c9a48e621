{{ config(materialized='incremental', unique_key='log_key', incremental_strategy='delete+insert',
          incremental_predicates=["logbook_target.created_at >= (select min(created_at) from logbook_source)"]) }}
-- One row per distinct log event. The raw log repeats rows (same id and time_stamp, sometimes even the same
-- event): exact repeats collapse here, different events at the same (id, time_stamp) stay apart, keyed by
-- log_key. The JSON fields the marts need are parsed once, here, and only for the events that carry them; invalid
-- or truncated JSON gives NULLs, never an error. Incremental on arrival, not event time: re-reads the rows that
-- reached the warehouse (_fivetran_synced) since fivetran_log_lookback_hours before the newest arrival already
-- staged, and replaces those rows by key, so a re-run is idempotent and a late event (an old time_stamp arriving
-- now) is still picked up. A repeat arriving later replaces its staged copy, keeping the later _fivetran_synced.
-- The arrival filter is written as two branches (synced at or after the mark; no synced and stamped at or after it)
-- rather than on coalesce(...), so each is a plain column comparison the warehouse can push into its scan.
-- The incremental delete compares keys only from the earliest new created_at on (incremental_predicates): a key
-- includes time_stamp, so a staged copy of a new row has the same created_at, and the warehouse skips the older
-- rows instead of probing all 10M keys. That needs every staged row to have a time: rows without a time_stamp
-- (part of the log's primary key, so never there in real data) are left out, as no mart could place them anyway.
with
{% if is_incremental() %}
mark as (
    select coalesce(max(coalesce(_fivetran_synced, created_at)), cast('1900-01-01' as timestamp)) - {{ var('fivetran_log_lookback_hours') }} * interval '1 hour' as synced_at
    from {{ this }}
),
{% endif %}

source as (
    select * from {{ filled_source('fivetran_log', 'log') }} as log
{% if is_incremental() %}
    where _fivetran_synced >= (select synced_at from mark) and time_stamp is not null
    union all
    select * from {{ filled_source('fivetran_log', 'log') }} as log
    where _fivetran_synced is null and time_stamp >= (select synced_at from mark)
{% else %}
    where time_stamp is not null
{% endif %}
),

distinct_events as (
    -- Connector versions disagree on key spelling: camelCase keys are renamed to the snake_case the marts read.
    select
        id,
        time_stamp,
        coalesce(cast(connection_id as varchar), cast(connector_id as varchar)) as connection_id,
        event,
        message_event,
        replace(replace(message_data, '"operationType"', '"operation_type"'), '"totalQueries"', '"total_queries"') as message_data,
        transformation_id,
        sync_id,
        max(_fivetran_synced) as _fivetran_synced
    from source
    group by 1, 2, 3, 4, 5, 6, 7, 8
),

typed as (
    select
        {{ surrogate_key(['id', 'time_stamp', 'connection_id', 'event', 'message_event', 'message_data', 'transformation_id', 'sync_id']) }} as log_key,
        id as log_id,
        cast(time_stamp as timestamp) as created_at,
        connection_id,
        case when transformation_id is not null and event is null then 'TRANSFORMATION' else upper(event) end as event_type,
        case
            when transformation_id is not null and message_data like '%has succeeded%' then 'transformation run success'
            when transformation_id is not null and message_data like '%has failed%' then 'transformation run failed'
            else message_event
        end as event_subtype,
        message_data,
        transformation_id,
        sync_id,
        _fivetran_synced
    from distinct_events
)

select
    log_key,
    log_id,
    created_at,
    connection_id,
    event_type,
    event_subtype,
    message_data,
    transformation_id,
    sync_id,
    case when event_subtype in ('sync_end', 'status') then upper({{ json_extract('message_data', 'status') }}) end as log_status,
    case when event_subtype in ('sync_end', 'status') then {{ json_extract('message_data', 'reason') }} end as log_reason,
    case
        when event_subtype = 'create_table' then coalesce({{ json_extract('message_data', 'name') }}, {{ json_extract('message_data', 'table') }})
        when event_subtype in ('write_to_table_start', 'write_to_table_end', 'records_modified', 'alter_table') then {{ json_extract('message_data', 'table') }}
    end as table_name,
    case when event_subtype in ('records_modified', 'create_table', 'create_schema', 'alter_table') then {{ json_extract('message_data', 'schema') }} end as schema_name,
    case when event_subtype = 'records_modified' then upper({{ json_extract('message_data', 'operation_type') }}) end as operation_type,
    case when event_subtype = 'records_modified' then {{ safe_cast(json_extract('message_data', 'count'), 'bigint') }} end as row_count,
    case when event_subtype = 'extract_summary' then {{ safe_cast(json_extract('message_data', 'total_queries'), 'bigint') }} end as total_queries,
    case when lower(message_data) like '%actor%' then {{ json_extract('message_data', 'actor') }} end as actor,
    _fivetran_synced
from typed
