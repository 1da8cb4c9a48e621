{{ config(materialized='incremental', unique_key='sync_key', incremental_strategy='delete+insert') }}
-- One row per sync: the shared per-sync facts (int_fivetran_log__syncs) with the connection's and destination's
-- names. Syncs of connections the connection table does not know are kept, with NULL names.
-- Incremental (delete+insert on sync_key) without a high-water mark: a run computes every row as a full build would,
-- compares it with the stored one and writes only the rows that are new or differ in any column (a sync touched by
-- new events, or a connection renamed or moved to another destination), so the table always equals a full build
-- while an incremental run rewrites a few thousand rows instead of one per sync. Syncs are never removed from
-- int_fivetran_log__syncs by an incremental run; after a --full-refresh of that model alone over a smaller log,
-- refresh this one too.
with current_rows as (
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
        syncs.warning_count
    from {{ ref('int_fivetran_log__syncs') }} as syncs
    left join {{ ref('stg_fivetran_log__connection') }} as connections on syncs.connection_id = connections.connection_id
    left join {{ ref('stg_fivetran_log__destination') }} as destinations on connections.destination_id = destinations.destination_id
)

select current_rows.*
from current_rows
{% if is_incremental() %}
left join {{ this }} as previous on current_rows.sync_key = previous.sync_key
where previous.sync_key is null
    or current_rows.connection_id is distinct from previous.connection_id
    or current_rows.connection_name is distinct from previous.connection_name
    or current_rows.connector_type is distinct from previous.connector_type
    or current_rows.destination_id is distinct from previous.destination_id
    or current_rows.destination_name is distinct from previous.destination_name
    or current_rows.sync_id is distinct from previous.sync_id
    or current_rows.sync_started_at is distinct from previous.sync_started_at
    or current_rows.sync_ended_at is distinct from previous.sync_ended_at
    or current_rows.sync_date is distinct from previous.sync_date
    or current_rows.duration_seconds is distinct from previous.duration_seconds
    or current_rows.final_status is distinct from previous.final_status
    or current_rows.status_category is distinct from previous.status_category
    or current_rows.final_reason is distinct from previous.final_reason
    or current_rows.is_priority_first is distinct from previous.is_priority_first
    or current_rows.is_missing_start is distinct from previous.is_missing_start
    or current_rows.tables_written is distinct from previous.tables_written
    or current_rows.rows_inserted is distinct from previous.rows_inserted
    or current_rows.rows_updated is distinct from previous.rows_updated
    or current_rows.rows_deleted is distinct from previous.rows_deleted
    or current_rows.rows_total is distinct from previous.rows_total
    or current_rows.extract_time_s is distinct from previous.extract_time_s
    or current_rows.extract_volume_mb is distinct from previous.extract_volume_mb
    or current_rows.process_time_s is distinct from previous.process_time_s
    or current_rows.process_volume_mb is distinct from previous.process_volume_mb
    or current_rows.load_time_s is distinct from previous.load_time_s
    or current_rows.load_volume_mb is distinct from previous.load_volume_mb
    or current_rows.total_time_s is distinct from previous.total_time_s
    or current_rows.api_queries is distinct from previous.api_queries
    or current_rows.error_count is distinct from previous.error_count
    or current_rows.warning_count is distinct from previous.warning_count
{% endif %}
