-- Account audit trail (Enterprise plans and above).
select
    id as audit_trail_id,
    user_id,
    action,
    interaction_method,
    cast(captured_at as timestamp) as captured_at,
    primary_resource_type,
    primary_resource_id,
    secondary_resource_type,
    secondary_resource_id,
    old_values,
    new_values
from {{ filled_source('fivetran_log', 'audit_trail') }} as trail
