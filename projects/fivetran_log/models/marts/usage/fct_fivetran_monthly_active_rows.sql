-- Monthly active rows (MAR) per destination, connection, schema, table and month, split free / paid.
-- incremental_mar holds one row per table, day and free type with that day's NEW distinct primary keys: it is not
-- cumulative, so a month is the SUM of its daily rows (the reference package's v0.7.1 fix; its yml still says
-- "cumulative", which is wrong).
-- free_type: 'PAID' is paid, any other value is a free type. A NULL or blank free_type counts as PAID: the row
-- is billable unless Fivetran says it is free, so paid never under-reports, and total = free + paid = every row
-- of the month (the reference counts such rows in neither bucket, so its total falls short of the table).
-- The connection: incremental_mar's own connection_id when the row has one; otherwise the connection of the
-- same destination with the same name (when several share the name: the one not deleted, then the most recently
-- synced). Rows that match nothing (deleted connections, HVR) are kept with a NULL connection_id, as the
-- reference does since v2.3.0; they are told apart by their name.
with connections_by_name as (
    select destination_id, connection_name, connection_id
    from (
        select
            destination_id,
            connection_name,
            connection_id,
            row_number() over (
                partition by destination_id, connection_name
                order by is_deleted, _fivetran_synced desc nulls last, connection_id
            ) as preference
        from {{ ref('stg_fivetran_log__connection') }}
        where connection_name is not null
    ) as ranked
    where preference = 1
),

measured as (
    select
        mar.destination_id,
        coalesce(mar.connection_id, by_name.connection_id) as connection_id,
        case
            when mar.connection_id is not null then 'connection_id'
            when by_name.connection_id is not null then 'connection_name'
            else 'unmatched'
        end as connection_match,
        mar.connection_name as measured_connection_name,
        mar.schema_name,
        mar.table_name,
        mar.measured_month,
        mar.measured_date,
        case when coalesce(nullif(trim(mar.free_type), ''), 'PAID') = 'PAID' then mar.incremental_rows else 0 end as paid_rows,
        case when coalesce(nullif(trim(mar.free_type), ''), 'PAID') = 'PAID' then 0 else mar.incremental_rows end as free_rows
    from {{ ref('stg_fivetran_log__incremental_mar') }} as mar
    left join connections_by_name as by_name
        on mar.connection_id is null
        and by_name.destination_id = mar.destination_id
        and by_name.connection_name = mar.connection_name
),

monthly as (
    select
        destination_id,
        connection_id,
        -- Unmatched rows have no id: their name is part of the key.
        case when connection_id is null then measured_connection_name end as unmatched_connection_name,
        schema_name,
        table_name,
        measured_month,
        min(connection_match) as connection_match,
        max(measured_connection_name) as measured_connection_name,
        max(measured_date) as last_measured_date,
        sum(free_rows) as free_rows,
        sum(paid_rows) as paid_rows
    from measured
    group by 1, 2, 3, 4, 5, 6
)

select
    monthly.measured_month,
    monthly.destination_id,
    destination.destination_name,
    monthly.connection_id,
    coalesce(connection.connection_name, monthly.measured_connection_name) as connection_name,
    connection.connector_type,
    monthly.connection_match,
    monthly.schema_name,
    monthly.table_name,
    cast(monthly.free_rows as bigint) as free_monthly_active_rows,
    cast(monthly.paid_rows as bigint) as paid_monthly_active_rows,
    cast(monthly.free_rows + monthly.paid_rows as bigint) as total_monthly_active_rows,
    monthly.last_measured_date
from monthly
left join {{ ref('stg_fivetran_log__connection') }} as connection
    on monthly.connection_id = connection.connection_id
left join {{ ref('stg_fivetran_log__destination') }} as destination
    on monthly.destination_id = destination.destination_id
