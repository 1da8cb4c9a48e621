-- Transformation model runs per job and day.
select
    destination_id,
    job_id,
    job_name,
    upper(project_type) as project_type,
    upper(free_type) as free_type,
    cast(measured_date as date) as measured_date,
    cast({{ date_trunc('month', 'measured_date') }} as date) as measured_month,
    cast(coalesce(model_runs, 0) as bigint) as model_runs,
    updated_at
from {{ filled_source('fivetran_log', 'transformation_runs') }} as runs
where destination_id is not null
