-- One row per Fivetran user.
with ranked as (
    select
        *,
        row_number() over (partition by id order by _fivetran_synced desc nulls last) as recency
    from {{ filled_source('fivetran_log', 'user') }} as users
    where id is not null
)

select
    id as user_id,
    email,
    lower(email) as email_lower,
    given_name as first_name,
    family_name as last_name,
    phone,
    coalesce(verified, false) as is_verified,
    coalesce(email_disabled, false) as has_disabled_email_notifications,
    cast(created_at as timestamp) as created_at
from ranked
where recency = 1
