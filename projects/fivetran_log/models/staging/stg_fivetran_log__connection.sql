-- One row per connection, from `connection` or the legacy `connector` table (either may be missing; an account
-- migrated between the two can have both). Deduplicated on connection_id, newest _fivetran_synced first. The
-- reference package deduplicates on (connection_name, destination_id), which merges two connections that share
-- a name; the id is the key here.
with unioned as (
    select
        connection_id,
        connection_name,
        coalesce(cast(connector_type_id as varchar), cast(connector_type as varchar)) as connector_type,
        destination_id,
        connecting_user_id,
        paused,
        signed_up,
        _fivetran_synced,
        _fivetran_deleted,
        1 as spelling_rank
    from {{ filled_source('fivetran_log', 'connection') }} as connection
    union all
    select
        connector_id,
        connector_name,
        coalesce(cast(connector_type_id as varchar), cast(connector_type as varchar)),
        destination_id,
        connecting_user_id,
        paused,
        signed_up,
        _fivetran_synced,
        _fivetran_deleted,
        2
    from {{ filled_source('fivetran_log', 'connector') }} as connector
),

ranked as (
    select
        *,
        row_number() over (partition by connection_id order by _fivetran_synced desc nulls last, spelling_rank) as recency
    from unioned
    where connection_id is not null
)

select
    connection_id,
    connection_name,
    connector_type,
    destination_id,
    connecting_user_id,
    coalesce(paused, false) as is_paused,
    cast(signed_up as timestamp) as set_up_at,
    coalesce(_fivetran_deleted, false) as is_deleted,
    _fivetran_synced
from ranked
where recency = 1
