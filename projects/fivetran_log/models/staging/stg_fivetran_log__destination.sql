-- One row per destination (the newest copy when Fivetran re-delivered one).
with ranked as (
    select
        *,
        row_number() over (partition by id order by _fivetran_synced desc nulls last) as recency
    from {{ filled_source('fivetran_log', 'destination') }} as destination
    where id is not null
)

select
    id as destination_id,
    account_id,
    cast(created_at as timestamp) as created_at,
    name as destination_name,
    region
from ranked
where recency = 1
