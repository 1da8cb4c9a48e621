-- Connector SDK log lines (present only for accounts that run SDK connectors).
select
    id as sdk_log_id,
    connection_id,
    sync_id,
    cast(event_time as timestamp) as created_at,
    upper(level) as level,
    message,
    message_origin
from {{ filled_source('fivetran_log', 'connector_sdk_log') }} as sdk
