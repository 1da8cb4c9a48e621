using Logbook.Core.Replication;

namespace Logbook.Replication;

/// <summary>
/// The seed's three streams (docs/replication.md): <c>ai_audit_logs</c>, <c>workspace_data_snapshots</c> and
/// <c>market_snapshots</c>, keyed by <c>id</c> on the cursor <c>(created_at, id)</c>. The seed's variables name the
/// target schema and tables.
/// </summary>
public static class ShippedStreams
{
    public const string SchemaVariable = "AI_AUDIT_BQ_DATASET";
    public const string AuditTableVariable = "AI_AUDIT_BQ_AUDIT_TABLE";
    public const string WorkspaceTableVariable = "AI_AUDIT_BQ_WORKSPACE_TABLE";
    public const string MarketTableVariable = "AI_AUDIT_BQ_MARKET_TABLE";

    public static ReplicationSettings Settings(Func<string, string?> variable)
    {
        string Or(string name, string fallback) => variable(name) is { Length: > 0 } value ? value.Trim() : fallback;
        return new ReplicationSettings
        {
            Schema = Or(SchemaVariable, "analytics"),
            Streams =
            [
                new ReplicationStream
                {
                    Name = "ai_audit_logs",
                    SourceTable = "ai_audit_logs",
                    TargetTable = Or(AuditTableVariable, "raw_ai_audit_logs"),
                    // The seed's "normalize key paths (e.g. response_metadata.durationMs) into derived columns".
                    Derived =
                    [
                        DerivedColumn.Parse("response_duration_ms", "response_metadata.durationMs", DerivedType.Double),
                        DerivedColumn.Parse("workspace_snapshot_id", "request_metadata.workspaceSnapshotId", DerivedType.Text),
                    ],
                },
                new ReplicationStream
                {
                    Name = "workspace_data_snapshots",
                    SourceTable = "workspace_data_snapshots",
                    TargetTable = Or(WorkspaceTableVariable, "raw_workspace_snapshots"),
                },
                new ReplicationStream
                {
                    Name = "market_snapshots",
                    SourceTable = "market_snapshots",
                    TargetTable = Or(MarketTableVariable, "raw_market_snapshots"),
                },
            ],
        };
    }
}
