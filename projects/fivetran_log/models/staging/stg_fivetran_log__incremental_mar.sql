-- Daily MAR per table. Three generations of the connector name it: connection_name, connector_name, and
-- connector_id (which, despite its name, holds the connection NAME). connection_id is kept when the source has it.
select
    coalesce(cast(connection_name as varchar), cast(connector_name as varchar), cast(connector_id as varchar)) as connection_name,
    connection_id,
    destination_id,
    schema_name,
    table_name,
    upper(free_type) as free_type,
    cast(measured_date as date) as measured_date,
    cast({{ date_trunc('month', 'measured_date') }} as date) as measured_month,
    cast(coalesce(incremental_rows, 0) as bigint) as incremental_rows,
    upper(sync_type) as sync_type,
    updated_at
from {{ filled_source('fivetran_log', 'incremental_mar') }} as mar
where measured_date is not null
