-- One row per sync: the shared per-sync facts (int_fivetran_log__syncs) with the connection's and destination's
-- names. Syncs of connections the connection table does not know are kept, with NULL names.
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
