namespace Logbook.Samples.FivetranLog;

/// <summary>How a connector reads its source, which decides the events of its syncs.</summary>
internal enum SourceKind
{
    /// <summary>A SaaS API: counts its calls (<c>api_call</c> rows, or one <c>extract_summary</c>); can sync priority-first.</summary>
    Api,

    /// <summary>A database read by queries (one <c>extract_summary</c>), schemas named <c>{connection}_{source schema}</c>.</summary>
    Database,

    /// <summary>Files, events and webhooks: one <c>extract_summary</c>.</summary>
    Files,
}

/// <summary>A source table: how often it changes (per hour), how many rows a change touches, whether rows get deleted.</summary>
internal sealed record SourceTable(string Name, double Activity, long TypicalRows, bool Deletes = false, bool Huge = false);

/// <summary>A Fivetran connector type: its service id (<c>connector_type_id</c>), display name, kind and tables.</summary>
internal sealed record ConnectorType(string Id, string DisplayName, SourceKind Kind, IReadOnlyList<string> SourceSchemas, IReadOnlyList<SourceTable> Tables);

/// <summary>Names, words and messages the generator draws from.</summary>
internal static class Vocabulary
{
    public static IReadOnlyList<ConnectorType> ConnectorTypes { get; } =
    [
        Api("salesforce", "Salesforce", T("account", 0.5, 40), T("contact", 0.6, 120), T("lead", 0.7, 200, deletes: true), T("opportunity", 0.5, 60),
            T("opportunity_history", 0.5, 90), T("task", 0.8, 400, deletes: true), T("event", 0.4, 150), T("user", 0.05, 3), T("campaign", 0.1, 5)),
        Api("hubspot", "HubSpot", T("company", 0.4, 50), T("contact", 0.7, 300), T("deal", 0.4, 40), T("deal_stage", 0.3, 60),
            T("engagement", 0.7, 500), T("email_event", 0.8, 2_500, huge: true), T("owner", 0.02, 2), T("ticket", 0.3, 30)),
        Api("stripe", "Stripe", T("charge", 0.8, 300), T("customer", 0.5, 80), T("invoice", 0.6, 150), T("invoice_line_item", 0.6, 400),
            T("payment_intent", 0.8, 320), T("refund", 0.2, 10), T("subscription", 0.3, 40), T("balance_transaction", 0.8, 600)),
        Api("google_ads", "Google Ads", T("campaign_stats", 0.9, 800), T("ad_group_stats", 0.9, 2_000), T("ad_stats", 0.9, 6_000),
            T("keyword_stats", 0.9, 9_000), T("campaign_history", 0.1, 5), T("ad_group_history", 0.15, 20), T("account_history", 0.02, 1)),
        Api("facebook_ads", "Facebook Ads", T("basic_ad", 0.9, 3_000), T("basic_ad_set", 0.9, 900), T("basic_campaign", 0.9, 200),
            T("ad_history", 0.2, 40), T("campaign_history", 0.1, 6), T("creative_history", 0.1, 15), T("account_history", 0.02, 1)),
        Api("netsuite_suiteanalytics", "NetSuite SuiteAnalytics", T("transaction", 0.6, 500), T("transaction_line", 0.6, 2_400, deletes: true),
            T("account", 0.05, 5), T("customer", 0.3, 30), T("vendor", 0.1, 8), T("item", 0.2, 25), T("subsidiary", 0.01, 1),
            T("accounting_period", 0.02, 1)),
        Api("shopify", "Shopify", T("order", 0.8, 250), T("order_line", 0.8, 700), T("customer", 0.5, 120), T("product", 0.2, 20),
            T("product_variant", 0.2, 60), T("fulfillment", 0.6, 200), T("transaction", 0.7, 260), T("refund", 0.2, 12),
            T("inventory_level", 0.6, 900, deletes: true)),
        Api("zendesk", "Zendesk Support", T("ticket", 0.7, 90), T("ticket_comment", 0.8, 350), T("ticket_field_history", 0.8, 900),
            T("user", 0.3, 40), T("organization", 0.05, 3), T("group", 0.01, 1), T("satisfaction_rating", 0.3, 15)),
        Api("jira", "Jira", T("issue", 0.6, 70), T("issue_field_history", 0.7, 400), T("project", 0.02, 1), T("sprint", 0.05, 2),
            T("comment", 0.5, 90), T("worklog", 0.3, 30), T("user", 0.05, 3)),
        Api("github", "GitHub", T("commit", 0.6, 80), T("pull_request", 0.5, 25), T("issue", 0.4, 20), T("repository", 0.02, 1),
            T("issue_comment", 0.5, 60), T("pull_request_review", 0.4, 30)),
        Api("marketo", "Marketo", T("lead", 0.6, 900), T("activity_email_delivered", 0.8, 4_000, huge: true), T("activity_open_email", 0.8, 1_800),
            T("campaign", 0.05, 2), T("program", 0.05, 2)),
        Api("amplitude", "Amplitude", T("event", 0.95, 40_000, huge: true), T("user", 0.6, 3_000), T("amplitude_user_id", 0.6, 2_500)),
        Api("linkedin_ads", "LinkedIn Ad Analytics", T("ad_analytics_by_campaign", 0.9, 300), T("ad_analytics_by_creative", 0.9, 900),
            T("campaign_history", 0.1, 4), T("creative_history", 0.1, 10)),
        Api("google_analytics_4", "Google Analytics 4", T("events_report", 0.9, 5_000, huge: true), T("traffic_acquisition_session_source_medium_report", 0.9, 700),
            T("pages_and_screens_report", 0.9, 1_500)),
        Api("intercom", "Intercom", T("conversation_history", 0.7, 200), T("contact_history", 0.6, 400), T("company_history", 0.2, 20),
            T("conversation_part_history", 0.8, 900)),
        Db("postgres", "PostgreSQL", ["public", "billing"], T("orders", 0.9, 2_000), T("order_items", 0.9, 5_500), T("customers", 0.6, 300),
            T("products", 0.1, 10), T("payments", 0.8, 1_800), T("events", 0.95, 60_000, deletes: true, huge: true), T("sessions", 0.9, 9_000, deletes: true)),
        Db("mysql", "MySQL", ["shop"], T("orders", 0.9, 1_200), T("customers", 0.5, 150), T("inventory", 0.8, 3_000, deletes: true), T("shipments", 0.7, 900)),
        Db("sql_server", "SQL Server", ["dbo"], T("SalesOrderHeader", 0.8, 700), T("SalesOrderDetail", 0.8, 2_100), T("Customer", 0.3, 60),
            T("Product", 0.1, 8), T("AuditEvents", 0.9, 12_000, deletes: true, huge: true)),
        Db("snowflake", "Snowflake", ["analytics"], T("fact_sales", 0.6, 20_000, huge: true), T("dim_customer", 0.3, 800), T("dim_product", 0.1, 50)),
        Files("google_sheets", "Google Sheets", T("budget_2026", 0.1, 40, deletes: true)),
        Files("webhooks", "Webhooks", T("events", 0.95, 1_500, huge: true)),
        Files("s3", "Amazon S3", T("clickstream", 0.9, 25_000, huge: true), T("partner_feed", 0.2, 4_000)),
        Files("connector_sdk", "Connector SDK", T("sdk_records", 0.7, 500), T("sdk_accounts", 0.2, 30)),
    ];

    /// <summary>Fivetran's sync frequencies in minutes, and how often each is chosen (weights).</summary>
    public static IReadOnlyList<(int Minutes, int Weight)> Schedules { get; } =
        [(5, 4), (15, 18), (30, 14), (60, 24), (120, 8), (180, 8), (360, 10), (480, 3), (720, 5), (1440, 6)];

    public static IReadOnlyList<string> Adjectives { get; } =
    [
        "amber", "bashful", "brisk", "calm", "candid", "civic", "cobalt", "decent", "dusty", "eager", "elastic", "fancy", "fervent",
        "gentle", "glossy", "hasty", "humble", "icy", "jolly", "keen", "lavish", "lucid", "mellow", "mighty", "nimble", "noble",
        "opal", "paradox", "placid", "plucky", "quiet", "rapid", "regal", "rustic", "sable", "sharpen", "silent", "snappy", "solar",
        "spare", "stoic", "sunny", "tidy", "tranquil", "umber", "urban", "vivid", "wavy", "wistful", "witty", "zesty", "zonal",
    ];

    public static IReadOnlyList<string> Nouns { get; } =
    [
        "anchor", "aster", "badge", "basin", "beacon", "bramble", "canyon", "cipher", "comet", "coral", "dropsy", "dune", "ember",
        "falcon", "fjord", "garnet", "glacier", "harbor", "hollow", "island", "jargon", "kettle", "lagoon", "lantern", "ledger",
        "meadow", "mosaic", "nectar", "orchid", "otter", "pebble", "prairie", "quartz", "quiver", "raven", "ridge", "saddle",
        "spire", "summit", "thicket", "tunnel", "unfolded", "valley", "vortex", "walrus", "wholesale", "willow", "yonder", "zephyr",
    ];

    public static IReadOnlyList<string> GivenNames { get; } =
    [
        "Amara", "Ben", "Chloé", "Dmitri", "Elena", "Farah", "George", "Hana", "Isaac", "Jun", "Kofi", "Lena", "Mateo", "Nadia",
        "Oliver", "Priya", "Quinn", "Rafael", "Sofia", "Tomás", "Uma", "Viktor", "Wen", "Yara", "Zoe",
    ];

    public static IReadOnlyList<string> FamilyNames { get; } =
    [
        "Adeyemi", "Bauer", "Chen", "Dubois", "Eriksen", "Fernández", "Garcia", "Hoffmann", "Ivanova", "Jensen", "Kim", "Lopez",
        "Müller", "Nakamura", "O'Brien", "Patel", "Rossi", "Schmidt", "Tanaka", "Usman", "Varga", "Walsh", "Yilmaz", "Zhang",
    ];

    public static IReadOnlyList<(string Name, string Region)> Destinations { get; } =
    [
        ("Snowflake Prod", "AWS_US_EAST_1"), ("BigQuery Analytics", "GCP_US_EAST4"), ("Databricks Lakehouse", "AZURE_EASTUS2"),
        ("Redshift Finance", "AWS_US_WEST_2"), ("Snowflake EU", "AWS_EU_CENTRAL_1"), ("Postgres Warehouse", "GCP_EUROPE_WEST3"),
    ];

    public static IReadOnlyList<string> Roles { get; } =
        ["Destination Administrator", "Destination Analyst", "Destination Reviewer", "Destination Collaborator"];

    /// <summary>The reason of a priority-first reschedule, word for word as the package matches it (<c>like '%intended behavior%'</c>).</summary>
    public const string PriorityFirstReason =
        "We have rescheduled the connection to force flush data from the forward sync into your destination. This is intended behavior and means that the connection is working as expected.";

    /// <summary>A failure cause: the SEVERE event's message, the sync_end reason, and the task a FAILURE_WITH_TASK asks for (null: none).</summary>
    internal sealed record Failure(string Type, string Message, string? Task);

    public static IReadOnlyList<Failure> AuthFailures { get; } =
    [
        new("AUTH_ERROR", "Invalid credentials: the password for user 'fivetran' was rejected by the source. Please update the connection credentials.", "reconnect"),
        new("AUTH_ERROR", "Invalid credentials: INVALID_SESSION_ID: Session expired or invalid", "reconnect"),
        new("AUTH_ERROR", "401 Unauthorized: the OAuth refresh token has been revoked or has expired. Re-authorize the connection.", "reauthorize"),
    ];

    public static IReadOnlyList<Failure> TransientFailures { get; } =
    [
        new("PERMISSION_DENIED", "Permission denied: user 'FIVETRAN_USER' lacks SELECT privilege on table 'billing.invoices'.", "grant_permissions"),
        new("PERMISSION_DENIED", "403 Forbidden: the token is missing the scope 'read_orders' needed for endpoint /admin/api/2024-01/orders.json", "grant_permissions"),
        new("RATE_LIMIT", "429 Too Many Requests: API rate limit exceeded (quota 15000 requests/24h); retry after 3600 seconds", null),
        new("TIMEOUT", "java.net.SocketTimeoutException: Read timed out after 300000 ms while reading from the source", null),
        new("TIMEOUT", "Connection timed out: could not reach host db-replica-2.internal:5432 through the SSH tunnel after 120 seconds", null),
        new("DESTINATION_ERROR", "Destination error: SQL compilation error: Object 'ANALYTICS.STAGING.ORDERS' does not exist or not authorized.", "check_destination"),
        new("DESTINATION_ERROR", "Destination error: Quota exceeded: Your table exceeded quota for imports or query appends per table", null),
        new("DESTINATION_ERROR", "Destination error: ERROR: could not extend file \"base/16384/2619\": No space left on device", "check_destination"),
        new("SOURCE_ERROR", "Source error: 500 Internal Server Error from https://api.vendor.example/v2/export (request id 7f3c2a91)", null),
    ];

    public static IReadOnlyList<string> Warnings { get; } =
    [
        "Skipped 3 rows in table '{table}': the primary key was null",
        "Value of column 'notes' in table '{table}' exceeded 16 MB and was truncated",
        "Column 'amount' of table '{table}' changed type from INTEGER to DOUBLE; the destination column was widened",
        "The API returned a partial page for '{table}'; the request was retried",
        "Historical sync of table '{table}' is paused and will resume in the next sync",
        "Table '{table}' has no primary key; Fivetran added _fivetran_id",
    ];

    /// <summary>Columns added by <c>alter_table</c> events, with their types.</summary>
    public static IReadOnlyList<(string Column, string Type)> NewColumns { get; } =
    [
        ("custom_region__c", "STRING"), ("discount_pct", "DOUBLE"), ("is_archived", "BOOLEAN"), ("external_ref", "STRING"),
        ("updated_by_id", "STRING"), ("score", "INTEGER"), ("closed_at", "INSTANT"), ("tags", "JSON"),
    ];

    /// <summary>dbt jobs of the transformation runs: name, project type, hourly or daily, models per run.</summary>
    public static IReadOnlyList<(string Name, string ProjectType, bool Hourly, int Models)> TransformationJobs { get; } =
    [
        ("daily_marts", "DBT_CORE", false, 42), ("hourly_finance", "DBT_CORE", true, 12), ("fivetran_log_quickstart", "QUICKSTART", false, 20),
        ("salesforce_quickstart", "QUICKSTART", false, 31), ("product_analytics", "DBT_CORE", true, 18), ("nightly_snapshots", "DBT_CORE", false, 7),
    ];

    private static ConnectorType Api(string id, string name, params SourceTable[] tables) => new(id, name, SourceKind.Api, [], tables);

    private static ConnectorType Db(string id, string name, string[] schemas, params SourceTable[] tables) => new(id, name, SourceKind.Database, schemas, tables);

    private static ConnectorType Files(string id, string name, params SourceTable[] tables) => new(id, name, SourceKind.Files, [], tables);

    private static SourceTable T(string name, double activity, long rows, bool deletes = false, bool huge = false) => new(name, activity, rows, deletes, huge);
}
