-- Who may do what in which destination.
with ranked as (
    select
        *,
        row_number() over (partition by destination_id, user_id order by _fivetran_synced desc nulls last) as recency
    from {{ filled_source('fivetran_log', 'destination_membership') }} as membership
    where destination_id is not null and user_id is not null
)

select
    destination_id,
    user_id,
    role as destination_role,
    cast(joined_at as timestamp) as joined_at,
    cast(activated_at as timestamp) as activated_at
from ranked
where recency = 1
