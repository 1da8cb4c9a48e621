-- The error categories of fct_fivetran_error_monitoring, as a table you may edit. Every error or warning message is
-- lower-cased and matched against each pattern with `lower(message) like pattern`; the matching rule with the
-- LOWEST priority wins, and a message no rule matches is 'other' (the last rule, '%', says so explicitly).
--
-- To edit: change, add or delete rows of the VALUES list below and rebuild (`logbook build --select
-- +fct_fivetran_error_monitoring`). Keep patterns lower-case (a test checks it) and priorities unique (so is that);
-- leave gaps between priorities so a rule can be slotted in between. `%` matches any text and `_` any single
-- character: '%rate_limit%' matches "rate limit", "rate-limit" and "rate_limit". A new category name must also be
-- added to the accepted_values lists in intermediate/int_monitoring.yml and marts/monitoring/monitoring.yml.
select
    cast(priority as integer) as priority,
    cast(category as varchar) as category,
    cast(pattern as varchar) as pattern
from (
    values
        -- authentication: the credentials themselves are wrong, expired or revoked
        (100, 'authentication', '%authenticat%'),
        (110, 'authentication', '%unauthorized%'),
        (120, 'authentication', '%invalid credential%'),
        (130, 'authentication', '%password%'),
        (140, 'authentication', '%invalid%token%'),
        (150, 'authentication', '%token%expired%'),
        (160, 'authentication', '%expired%token%'),
        (170, 'authentication', '%invalid_grant%'),
        (180, 'authentication', '%login failed%'),
        (190, 'authentication', '%invalid api key%'),
        -- permissions: authenticated, but not allowed to read or write the object
        (200, 'permissions', '%permission%'),
        (210, 'permissions', '%access%denied%'),
        (220, 'permissions', '%forbidden%'),
        (230, 'permissions', '%not authorized%'),
        (240, 'permissions', '%privilege%'),
        (250, 'permissions', '%does not have access%'),
        (260, 'permissions', '%insufficient%scope%'),
        -- rate_limit: the source API pushes back for a while
        (300, 'rate_limit', '%rate_limit%'),
        (310, 'rate_limit', '%ratelimit%'),
        (320, 'rate_limit', '%too many requests%'),
        (330, 'rate_limit', '%throttl%'),
        -- quota: a daily, monthly or plan allowance is used up
        (400, 'quota', '%quota%'),
        (410, 'quota', '%limit exceeded%'),
        (420, 'quota', '%exceeded%limit%'),
        (430, 'quota', '%usage limit%'),
        -- network_timeout: the connection to the source or destination broke or took too long
        (500, 'network_timeout', '%timeout%'),
        (510, 'network_timeout', '%timed out%'),
        (520, 'network_timeout', '%connection reset%'),
        (530, 'network_timeout', '%connection refused%'),
        (540, 'network_timeout', '%broken pipe%'),
        (550, 'network_timeout', '%unknown%host%'),
        (560, 'network_timeout', '%unreachable%'),
        (570, 'network_timeout', '%socket%'),
        (580, 'network_timeout', '%network%'),
        (590, 'network_timeout', '%handshake%'),
        -- transformation: a Fivetran or dbt transformation failed
        (600, 'transformation', '%transformation%'),
        (610, 'transformation', '%dbt%'),
        -- schema: the shape of the data does not fit (columns, types, keys)
        (700, 'schema', '%schema%'),
        (710, 'schema', '%column%'),
        (720, 'schema', '%data type%'),
        (730, 'schema', '%type mismatch%'),
        (740, 'schema', '%incompatible%'),
        (750, 'schema', '%primary key%'),
        -- destination: the warehouse being loaded refused or failed
        (800, 'destination', '%destination%'),
        (810, 'destination', '%warehouse%'),
        (820, 'destination', '%snowflake%'),
        (830, 'destination', '%bigquery%'),
        (840, 'destination', '%redshift%'),
        (850, 'destination', '%databricks%'),
        (860, 'destination', '%disk full%'),
        (870, 'destination', '%no space left%'),
        -- everything else
        (9999, 'other', '%')
) as rules (priority, category, pattern)
