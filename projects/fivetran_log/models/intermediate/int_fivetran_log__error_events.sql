-- One row per error or warning event of a connection: the SEVERE and WARNING events of the staged log (read from
-- int_fivetran_log__notable_events, which holds them without the rest of the log), and the
-- ERROR, SEVERE and WARNING lines of the Connector SDK log (an empty model when the account has no SDK
-- connectors). Events without a connection are left out, as in the reference package's errors_and_warnings, and
-- so are events without a time.
-- Each event gets its message text, a normalized signature and a category from fivetran_error_category_rules.
-- The JSON parsing, regular expressions and rule matching run once per distinct message, not once per event.
-- Incremental (delete+insert on error_event_key) by difference: a run computes every event (a few percent of the
-- log, so that is cheap) and writes only the rows that are new or differ from the stored ones, for example every
-- event whose category changed because a rule in fivetran_error_category_rules was edited. Rewriting the whole
-- table each run cost more than computing it: its rows went through the write-ahead log and the next checkpoint.
-- Like the staged log, it never drops a stored event: an event that leaves the source stays until a full refresh.
{{ config(materialized='incremental', unique_key='error_event_key', incremental_strategy='delete+insert') }}
with log_events as (
    select
        log_key as error_event_key,
        'log' as event_source,
        connection_id,
        sync_id,
        created_at,
        event_type,
        event_subtype,
        message_data as raw_message
    from {{ ref('int_fivetran_log__notable_events') }}
    where event_type in ('SEVERE', 'WARNING') and connection_id is not null and created_at is not null
),

sdk_events as (
    -- Exact repeats (a line delivered twice) collapse, as they do in the staged log.
    select distinct sdk_log_id, connection_id, sync_id, created_at, level, message, message_origin
    from {{ ref('stg_fivetran_log__connector_sdk_log') }}
    where level in ('ERROR', 'SEVERE', 'WARNING') and connection_id is not null and created_at is not null
),

events as (
    select * from log_events
    union all
    select
        {{ surrogate_key(['sdk_log_id', 'connection_id', 'sync_id', 'created_at', 'level', 'message', 'message_origin']) }},
        'connector_sdk_log',
        connection_id,
        sync_id,
        created_at,
        level,
        cast(null as varchar),
        message
    from sdk_events
),

messages as (
    select distinct coalesce(raw_message, '') as raw_message
    from events
),

texts as (
    -- The message field of a JSON message_data ({"message": ...}, else "error", else "reason"), else the raw text.
    select
        raw_message,
        coalesce(
            nullif(trim({{ json_extract('raw_message', 'message') }}), ''),
            nullif(trim({{ json_extract('raw_message', 'error') }}), ''),
            nullif(trim({{ json_extract('raw_message', 'reason') }}), ''),
            nullif(trim(raw_message), '')
        ) as message_text
    from messages
),

lowered as (
    -- What the rules match: the message lower-cased, with every run of whitespace (tabs, newlines) one space.
    select raw_message, message_text, trim(regexp_replace(lower(message_text), '\s+', ' ', 'g')) as message_lower
    from texts
),

normalized as (
    -- message_lower with emails, UUIDs, quoted strings, ids (words mixing letters and digits) and numbers replaced
    -- by <email>, <uuid>, <str>, <id> and <n>, in that order. A quote right after a letter or digit is an
    -- apostrophe (can't), not the start of a quoted string.
    select
        raw_message,
        message_text,
        regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
            coalesce(message_lower, ''),
            '[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+', '<email>', 'g'),
            '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', '<uuid>', 'g'),
            '(^|[^a-z0-9])(''[^'']*''|"[^"]*"|`[^`]*`)', '\1<str>', 'g'),
            '[a-z_]+[0-9][a-z0-9_]*|[0-9]+[a-z_][a-z0-9_]*', '<id>', 'g'),
            '[0-9]+', '<n>', 'g') as normalized_message
    from lowered
),

matches as (
    -- The first matching rule: priorities are unique (the rule table's test), so the lowest one names it.
    select lowered.raw_message, min(rules.priority) as priority
    from lowered
    inner join {{ ref('fivetran_error_category_rules') }} as rules
        on lowered.message_lower like rules.pattern
    group by 1
),

classified as (
    select
        normalized.raw_message,
        normalized.message_text,
        normalized.normalized_message,
        md5(normalized.normalized_message) as message_signature,
        coalesce(rules.category, 'other') as error_category
    from normalized
    left join matches on normalized.raw_message = matches.raw_message
    left join {{ ref('fivetran_error_category_rules') }} as rules on matches.priority = rules.priority
),

computed as (
    select
        events.error_event_key,
        events.event_source,
        events.connection_id,
        events.sync_id,
        events.created_at,
        cast(events.created_at as date) as date_day,
        events.event_type,
        case when events.event_type = 'WARNING' then 'warning' else 'error' end as severity,
        events.event_subtype,
        classified.message_text,
        classified.normalized_message,
        classified.message_signature,
        classified.error_category
    from events
    inner join classified
        on coalesce(events.raw_message, '') = classified.raw_message
)

select * from computed
{% if is_incremental() %}
except
select * from {{ this }}
{% endif %}
