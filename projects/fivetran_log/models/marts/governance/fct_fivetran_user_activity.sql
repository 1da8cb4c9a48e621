-- One row per action a person took: a log event whose message_data names an actor other than Fivetran itself.
-- Older logs name the actor by email, newer ones (October 2025 on) by user id; both resolve to the user, the id
-- first. (The reference package joins on the email only, so it loses the newer events' users.) The events come from
-- int_fivetran_log__notable_events (incremental), so this table is rebuilt from a few thousand rows, not the log.
with activity as (
    select
        log_key,
        log_id,
        created_at,
        connection_id,
        event_type,
        event_subtype,
        message_data,
        trim(actor) as actor
    from {{ ref('int_fivetran_log__notable_events') }}
    where nullif(trim(actor), '') is not null and lower(trim(actor)) <> 'fivetran'
),

user_matches as (
    -- `lower(email) = lower(actor) or user_id = actor`, as two equality joins; an id match outranks an email
    -- match, and of two users sharing an email the lowest user_id wins, so every event keeps one row.
    select activity.log_key, users.user_id, 'user_id' as matched_on, 1 as match_rank
    from activity
    inner join {{ ref('stg_fivetran_log__user') }} as users on users.user_id = activity.actor
    union all
    select activity.log_key, users.user_id, 'email', 2
    from activity
    inner join {{ ref('stg_fivetran_log__user') }} as users on users.email_lower = lower(activity.actor)
),

best_match as (
    select log_key, user_id, matched_on
    from (
        select
            log_key,
            user_id,
            matched_on,
            row_number() over (partition by log_key order by match_rank, user_id) as match_order
        from user_matches
    ) as ranked
    where match_order = 1
)

select
    activity.log_key,
    activity.log_id,
    activity.created_at as occurred_at,
    cast(activity.created_at as date) as date_day,
    case extract(dow from activity.created_at)
        when 0 then 'Sun'
        when 1 then 'Mon'
        when 2 then 'Tue'
        when 3 then 'Wed'
        when 4 then 'Thu'
        when 5 then 'Fri'
        when 6 then 'Sat'
    end as day_name,
    cast(extract(day from activity.created_at) as integer) as day_of_month,
    activity.actor,
    best_match.matched_on as actor_matched_on,
    users.user_id,
    users.email,
    users.first_name,
    users.last_name,
    memberships.destination_role,
    activity.event_subtype as action,
    activity.event_type,
    activity.connection_id,
    connections.connection_name,
    connections.destination_id,
    destinations.destination_name,
    activity.message_data
from activity
left join best_match on activity.log_key = best_match.log_key
left join {{ ref('stg_fivetran_log__user') }} as users on best_match.user_id = users.user_id
left join {{ ref('stg_fivetran_log__connection') }} as connections on activity.connection_id = connections.connection_id
left join {{ ref('stg_fivetran_log__destination') }} as destinations on connections.destination_id = destinations.destination_id
left join {{ ref('stg_fivetran_log__destination_membership') }} as memberships
    on connections.destination_id = memberships.destination_id and users.user_id = memberships.user_id
