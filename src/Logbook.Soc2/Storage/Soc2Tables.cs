using Logbook.Core.Warehouses;

namespace Logbook.Soc2.Storage;

/// <summary>A table the connector owns: its name and columns in order (the bulk writers write in this order).</summary>
internal sealed record TableSpec(string Name, params (string Name, string Type)[] Columns)
{
    public string CreateSql(string schema) =>
        $"create table if not exists {Sql.Table(schema, Name)} ({string.Join(", ", Columns.Select(c => $"{Sql.Quote(c.Name)} {c.Type}"))})";
}

/// <summary>
/// The connector's tables (schema <c>soc2</c> by default). Types are the portable subset (varchar, bigint, double
/// precision, boolean, timestamp in UTC) so the same DDL runs on DuckDB and PostgreSQL. JSON is kept as text.
/// </summary>
internal static class Soc2Tables
{
    private const string Text = "varchar";
    private const string Int = "bigint";
    private const string Time = "timestamp";
    private const string Bool = "boolean";

    /// <summary>The audit trail of every API attempt: seed 002's columns, then ours.</summary>
    public static readonly TableSpec ApiLogs = new("api_logs",
        ("log_id", Text), ("timestamp", Time), ("endpoint", Text), ("method", Text), ("request_data", Text), ("response_data", Text),
        ("status", Text), ("record_count", Int),
        ("http_status", Int), ("duration_ms", "double precision"), ("attempt", Int), ("error_code", Text), ("rate_limit_remaining", Int), ("invocation_id", Text));

    /// <summary>One row per grant: seed 002's columns, then how it was granted.</summary>
    public static readonly TableSpec AccessControl = new("soc2_access_control",
        ("access_record_id", Text), ("user_id", Text), ("user_email", Text), ("user_name", Text), ("team_id", Text), ("team_name", Text),
        ("group_id", Text), ("group_name", Text), ("role_id", Text), ("role_name", Text), ("connection_id", Text), ("connection_name", Text),
        ("access_level", Text), ("permissions", Text), ("last_accessed", Time), ("compliance_status", Text), ("audit_timestamp", Time),
        ("grant_type", Text), ("granted_via", Text), ("is_privileged", Bool), ("role_scope", Text), ("granted_at", Time), ("user_active", Bool), ("run_id", Text));

    /// <summary>Grants that appeared (GRANTED) or disappeared (REVOKED) between two completed runs.</summary>
    public static readonly TableSpec AccessChanges = new("soc2_access_changes",
        ("change_id", Text), ("detected_at", Time), ("change_type", Text), ("access_record_id", Text), ("user_id", Text), ("user_email", Text),
        ("grant_type", Text), ("team_id", Text), ("group_id", Text), ("connection_id", Text), ("role_name", Text), ("compliance_status", Text),
        ("previous_audit_timestamp", Time), ("run_id", Text));

    public static readonly TableSpec Users = new("users",
        ("user_id", Text), ("email", Text), ("given_name", Text), ("family_name", Text), ("role", Text), ("active", Bool), ("verified", Bool),
        ("invited", Bool), ("logged_in_at", Time), ("created_at", Time), ("user_type", Text), ("run_id", Text));

    public static readonly TableSpec Teams = new("teams", ("team_id", Text), ("name", Text), ("description", Text), ("role", Text), ("run_id", Text));

    public static readonly TableSpec Roles = new("roles",
        ("role_name", Text), ("description", Text), ("scope", Text), ("is_custom", Bool), ("is_deprecated", Bool), ("replacement_role_name", Text), ("run_id", Text));

    public static readonly TableSpec Groups = new("groups", ("group_id", Text), ("name", Text), ("created_at", Time), ("run_id", Text));

    public static readonly TableSpec Connections = new("connections",
        ("connection_id", Text), ("group_id", Text), ("service", Text), ("connection_name", Text), ("connected_by", Text), ("paused", Bool), ("created_at", Time), ("run_id", Text));

    /// <summary>Who (user or team) holds which role on what (group, connection, team), as the API lists it.</summary>
    public static readonly TableSpec Memberships = new("memberships",
        ("principal_type", Text), ("principal_id", Text), ("resource_type", Text), ("resource_id", Text), ("role", Text), ("created_at", Time), ("run_id", Text));

    /// <summary>One row per run: when, what it read, and whose account.</summary>
    public static readonly TableSpec Runs = new("soc2_runs",
        ("run_id", Text), ("invocation_id", Text), ("started_at", Time), ("ended_at", Time), ("status", Text), ("account_id", Text), ("account_name", Text),
        ("users", Int), ("teams", Int), ("grants", Int), ("api_calls", Int), ("debug_mode", Bool), ("resumed", Bool));

    /// <summary>What a run in progress has read so far (kind, order, payload as JSON); emptied when the run publishes.</summary>
    public static readonly TableSpec CrawlItems = new("soc2_crawl_items",
        ("run_id", Text), ("kind", Text), ("ordinal", Int), ("entity_id", Text), ("parent_id", Text), ("payload", Text));

    /// <summary>Where a run in progress stands: committed with the items it covers, so a killed run resumes there.</summary>
    public static readonly TableSpec Checkpoint = new("soc2_checkpoint",
        ("connector", Text), ("run_id", Text), ("phase", Text), ("position", Int), ("started_at", Time), ("updated_at", Time));

    public static IReadOnlyList<TableSpec> All { get; } =
        [ApiLogs, AccessControl, AccessChanges, Users, Teams, Roles, Groups, Connections, Memberships, Runs, CrawlItems, Checkpoint];
}

internal static class Sql
{
    public static string Quote(string identifier) => SqlIdentifier.Quote(identifier);

    public static string Table(string schema, string table) => SqlIdentifier.Qualified(schema, table);
}
