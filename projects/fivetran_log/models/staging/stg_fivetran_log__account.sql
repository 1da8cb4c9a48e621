-- One row per account.
with ranked as (
    select
        *,
        row_number() over (partition by id order by _fivetran_synced desc nulls last) as recency
    from {{ filled_source('fivetran_log', 'account') }} as account
    where id is not null
)

select
    id as account_id,
    name as account_name,
    country,
    cast(created_at as timestamp) as created_at,
    upper(status) as status
from ranked
where recency = 1
