{{ config(materialized='incremental', unique_key='log_key', incremental_strategy='delete+insert') }}
-- The staged log's events that marts read one by one rather than per sync, every column as staged: errors and
-- warnings (event_type SEVERE, WARNING), schema changes (create_table, alter_table, create_schema,
-- change_schema_config), actions of a person (an actor other than Fivetran) and API or record events outside a sync
-- (api_call, extract_summary, records_modified without a sync_id, or of a transformation). A few percent of the log:
-- int_fivetran_log__error_events, fct_fivetran_schema_change_history, fct_fivetran_user_activity,
-- fct_fivetran_daily_api_usage and fct_fivetran_connector_health read it instead of the whole staged log, and stay
-- tables (so they always agree with the dimensions and the as-of date).
-- Incremental on arrival, like stg_fivetran_log__log: a run re-reads the staged rows that arrived (_fivetran_synced,
-- else created_at) since fivetran_log_lookback_hours before the newest arrival it holds, and replaces them by
-- log_key. Everything the staged log changed in its own run arrived after that mark (the staged log's mark is never
-- older), and whether an event is notable depends only on its content, which log_key fixes.
-- The arrival filter is written as two branches (synced at or after the mark; no synced and created at or after
-- it) rather than on coalesce(...), so each is a plain column comparison the warehouse can push into its scan.
-- An empty table (no notable event yet) re-reads everything: its mark is 1900.
with
{% if is_incremental() %}
mark as (
    select coalesce(max(coalesce(_fivetran_synced, created_at)), cast('1900-01-01' as timestamp)) - {{ var('fivetran_log_lookback_hours') }} * interval '1 hour' as synced_at
    from {{ this }}
),
{% endif %}

staged as (
    select * from {{ ref('stg_fivetran_log__log') }}
{% if is_incremental() %}
    where _fivetran_synced >= (select synced_at from mark)
    union all
    select * from {{ ref('stg_fivetran_log__log') }}
    where _fivetran_synced is null and created_at >= (select synced_at from mark)
{% endif %}
)

select *
from staged
where event_type in ('SEVERE', 'WARNING')
    or event_subtype in ('create_table', 'alter_table', 'create_schema', 'change_schema_config')
    or (nullif(trim(actor), '') is not null and lower(trim(actor)) <> 'fivetran')
    or ((sync_id is null or transformation_id is not null) and event_subtype in ('api_call', 'extract_summary', 'records_modified'))
