-- One row per schema-change event (create_table, alter_table, create_schema, change_schema_config) with the
-- schema, table, column and kind of change parsed from its message_data. Unlike the reference package's
-- schema_changelog, which inner-joins the connection, events of a connection that is gone stay (with NULL names).
-- The events come from int_fivetran_log__notable_events (incremental), so this table is rebuilt from a few thousand
-- rows, not the whole log, and always shows the connections' current names.
with changes as (
    select
        log_key,
        log_id,
        created_at,
        connection_id,
        event_subtype,
        message_data,
        actor,
        case when event_subtype = 'change_schema_config' then {{ json_extract('message_data', 'schema') }} else schema_name end as schema_name,
        case when event_subtype = 'change_schema_config' then {{ json_extract('message_data', 'table') }} else table_name end as table_name,
        case when event_subtype = 'alter_table' then upper({{ json_extract('message_data', 'type') }}) end as alter_type,
        -- alter_table: {"type":"ADD_COLUMN","table":"people","properties":{"columnName":"x","dataType":"STRING"}};
        -- json_extract of an object gives its JSON text, which json_extract reads again.
        case when event_subtype = 'alter_table' then {{ json_extract('message_data', 'properties') }} end as properties
    from {{ ref('int_fivetran_log__notable_events') }}
    where event_subtype in ('create_table', 'alter_table', 'create_schema', 'change_schema_config')
)

select
    changes.log_key,
    changes.log_id,
    changes.created_at,
    cast(changes.created_at as date) as date_day,
    changes.connection_id,
    connections.connection_name,
    connections.connector_type,
    connections.destination_id,
    destinations.destination_name,
    changes.event_subtype,
    case when changes.event_subtype = 'alter_table' then coalesce(changes.alter_type, 'ALTER_TABLE') else upper(changes.event_subtype) end as change_type,
    changes.schema_name,
    changes.table_name,
    coalesce({{ json_extract('changes.properties', 'columnName') }}, {{ json_extract('changes.properties', 'column_name') }}) as column_name,
    coalesce({{ json_extract('changes.properties', 'dataType') }}, {{ json_extract('changes.properties', 'data_type') }}) as data_type,
    changes.actor,
    changes.message_data
from changes
left join {{ ref('stg_fivetran_log__connection') }} as connections
    on changes.connection_id = connections.connection_id
left join {{ ref('stg_fivetran_log__destination') }} as destinations
    on connections.destination_id = destinations.destination_id
