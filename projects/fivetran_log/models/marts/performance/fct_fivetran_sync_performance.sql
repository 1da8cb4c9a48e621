{{ config(materialized='incremental', unique_key='sync_key', incremental_strategy='delete+insert') }}
-- One row per sync: the shared per-sync facts (int_fivetran_log__syncs) with the connection's and destination's
-- names. Syncs of connections the connection table does not know are kept, with NULL names.
-- Incremental (delete+insert on sync_key): a run rewrites the syncs int_fivetran_log__syncs may have recomputed since
-- this table was built (last_synced_at at or after this table's newest, less fivetran_log_lookback_hours: a
-- recomputed sync has a newly arrived event, and int_fivetran_log__syncs' own mark is never older than this one),
-- and every sync of a connection whose name, type or destination (or the destination's name) differs from the
-- stored one, so the table always equals a full build.
{% if is_incremental() %}
with mark as (
    select coalesce(max(last_synced_at), cast('1900-01-01' as timestamp)) - {{ var('fivetran_log_lookback_hours') }} * interval '1 hour' as synced_at
    from {{ this }}
),

-- The names each connection's rows were written with, against today's.
renamed as (
    select stored.connection_id
    from (
        select distinct connection_id, connection_name, connector_type, destination_id, destination_name
        from {{ this }}
    ) as stored
    left join {{ ref('stg_fivetran_log__connection') }} as connections on stored.connection_id = connections.connection_id
    left join {{ ref('stg_fivetran_log__destination') }} as destinations on connections.destination_id = destinations.destination_id
    where stored.connection_name is distinct from connections.connection_name
        or stored.connector_type is distinct from connections.connector_type
        or stored.destination_id is distinct from connections.destination_id
        or stored.destination_name is distinct from destinations.destination_name
),

-- The syncs to rewrite, as two branches rather than one OR, so that the first is a plain comparison the warehouse
-- pushes into its scan (recomputed syncs sit together at the end of int_fivetran_log__syncs; the rest is skipped).
rewritten as (
    select * from {{ ref('int_fivetran_log__syncs') }}
    where last_synced_at >= (select synced_at from mark)
    union all
    select * from {{ ref('int_fivetran_log__syncs') }}
    where connection_id in (select connection_id from renamed)
        and (last_synced_at < (select synced_at from mark) or last_synced_at is null)
)

{% endif %}
select
    syncs.sync_key,
    syncs.connection_id,
    connections.connection_name,
    connections.connector_type,
    connections.destination_id,
    destinations.destination_name,
    syncs.sync_id,
    syncs.sync_started_at,
    syncs.sync_ended_at,
    syncs.sync_date,
    syncs.duration_seconds,
    syncs.final_status,
    syncs.status_category,
    syncs.final_reason,
    syncs.is_priority_first,
    syncs.is_missing_start,
    syncs.tables_written,
    syncs.rows_inserted,
    syncs.rows_updated,
    syncs.rows_deleted,
    syncs.rows_total,
    syncs.extract_time_s,
    syncs.extract_volume_mb,
    syncs.process_time_s,
    syncs.process_volume_mb,
    syncs.load_time_s,
    syncs.load_volume_mb,
    syncs.total_time_s,
    syncs.api_queries,
    syncs.error_count,
    syncs.warning_count,
    syncs.last_synced_at
{% if is_incremental() %}
from rewritten as syncs
{% else %}
from {{ ref('int_fivetran_log__syncs') }} as syncs
{% endif %}
left join {{ ref('stg_fivetran_log__connection') }} as connections on syncs.connection_id = connections.connection_id
left join {{ ref('stg_fivetran_log__destination') }} as destinations on connections.destination_id = destinations.destination_id
-- In the order of the incremental mark, as int_fivetran_log__syncs is stored: the rows a later run rewrites sit together.
order by syncs.last_synced_at, syncs.sync_key
