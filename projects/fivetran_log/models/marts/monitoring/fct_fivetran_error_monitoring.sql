-- One row per connection, event type, error category, message signature and day: how often that error or warning
-- occurred, when, a sample of its text, and whether it keeps coming back (seen on at least
-- fivetran_error_recurring_min_days of the fivetran_error_recurring_window_days days ending on that day).
-- Incremental, a range replaced whole (incremental_predicates without a unique_key): a run computes every row (from
-- int_fivetran_log__error_events, a small table), finds the earliest day on which a computed row and a stored one
-- differ, and replaces the stored rows from that day on. That is exact: an event on day D only changes rows on D
-- and later (the recurring window looks back, a signature's first sighting is its earliest day). The range starts at
-- the last computed day at or before D, so that a stored row with no computed counterpart on D is deleted too.
{{ config(materialized='incremental',
          incremental_predicates=["logbook_target.date_day >= (select min(date_day) from logbook_source)"]) }}
with events as (
    -- Each event numbered within its (connection, event type, category, signature, day), newest first.
    select
        *,
        row_number() over (
            partition by connection_id, event_type, error_category, message_signature, date_day
            order by created_at desc, error_event_key
        ) as recency
    from {{ ref('int_fivetran_log__error_events') }}
),

daily as (
    select
        connection_id,
        event_type,
        error_category,
        message_signature,
        date_day,
        max(severity) as severity,
        min(normalized_message) as normalized_message,
        max(case when recency = 1 then message_text end) as sample_message,
        count(*) as occurrences,
        count(distinct sync_id) as distinct_syncs,
        min(created_at) as first_seen_at,
        max(created_at) as last_seen_at
    from events
    group by 1, 2, 3, 4, 5
),

windowed as (
    -- One row per day of a signature, so a RANGE frame over day numbers counts the days it was seen.
    select
        daily.*,
        count(*) over (
            partition by connection_id, event_type, error_category, message_signature
            order by {{ datediff("cast('1970-01-01' as date)", 'date_day', 'day') }}
            range between {{ var('fivetran_error_recurring_window_days') }} - 1 preceding and current row
        ) as days_seen_in_window,
        min(first_seen_at) over (partition by connection_id, event_type, error_category, message_signature) as signature_first_seen_at
    from daily
),

computed as (
    select
        {{ surrogate_key(['windowed.connection_id', 'windowed.event_type', 'windowed.error_category', 'windowed.message_signature', 'windowed.date_day']) }} as error_key,
        windowed.date_day,
        windowed.connection_id,
        connections.connection_name,
        connections.connector_type,
        connections.destination_id,
        destinations.destination_name,
        windowed.event_type,
        windowed.severity,
        windowed.error_category,
        windowed.message_signature,
        windowed.normalized_message,
        windowed.sample_message,
        cast(windowed.occurrences as bigint) as occurrences,
        cast(windowed.distinct_syncs as bigint) as distinct_syncs,
        windowed.first_seen_at,
        windowed.last_seen_at,
        windowed.signature_first_seen_at,
        windowed.first_seen_at = windowed.signature_first_seen_at as is_new_signature,
        cast(windowed.days_seen_in_window as bigint) as days_seen_in_window,
        windowed.days_seen_in_window >= {{ var('fivetran_error_recurring_min_days') }} as is_recurring
    from windowed
    left join {{ ref('stg_fivetran_log__connection') }} as connections
        on windowed.connection_id = connections.connection_id
    left join {{ ref('stg_fivetran_log__destination') }} as destinations
        on connections.destination_id = destinations.destination_id
)

{% if is_incremental() %}
-- The earliest day on which the computed rows and the stored ones differ (NULL when they are the same).
, changed as (
    select min(date_day) as from_day
    from (
        (select * from computed except select * from {{ this }})
        union all
        (select * from {{ this }} except select * from computed)
    ) as difference
)

select *
from computed
where date_day >= (
    select coalesce(max(computed.date_day), changed.from_day)
    from changed
    left join computed on computed.date_day <= changed.from_day
    group by changed.from_day
)
{% else %}

select * from computed
{% endif %}
