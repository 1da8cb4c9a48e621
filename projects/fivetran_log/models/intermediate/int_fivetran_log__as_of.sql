{{ config(materialized='ephemeral') }}
-- "Now" for every model that looks back from today (7-day rates, staleness, zero-filled calendars). Set the var
-- fivetran_as_of ('YYYY-MM-DD HH:MM:SS', UTC) to rebuild as of another moment: tests and backfills do.
select
{% if var('fivetran_as_of', none) %}
    cast('{{ var('fivetran_as_of') }}' as timestamp) as as_of_at,
    cast(cast('{{ var('fivetran_as_of') }}' as timestamp) as date) as as_of_date
{% else %}
    {{ current_timestamp_utc() }} as as_of_at,
    cast({{ current_timestamp_utc() }} as date) as as_of_date
{% endif %}
