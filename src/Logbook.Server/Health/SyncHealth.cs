using System.Data.Common;
using Logbook.Core.Querying;
using Logbook.Core.Warehouses;

namespace Logbook.Server.Health;

/// <summary>One replication stream's health, as <c>/internal/analytics-sync</c> reports it.</summary>
public sealed record StreamHealth(
    string Stream,
    string Status,
    DateTime? LastSuccessAt,
    DateTime? LastSyncedAt,
    DateTime? SourceMaxCreatedAt,
    long? RowsSynced,
    long? RowsSyncedTotal,
    double? LatencySeconds,
    int ConsecutiveFailures,
    string? LastRunStatus,
    string? LastError);

/// <summary>The seed's three alert thresholds, shared by the health status, Logbook's own alerts and the Prometheus rules.</summary>
public static class SyncThresholds
{
    public static readonly TimeSpan NoSuccessWithin = TimeSpan.FromMinutes(15);

    public const int MaxConsecutiveFailures = 3;

    public const double MaxLatencySeconds = 3600;
}

/// <summary>
/// Reads replication health from the warehouse: <c>ai_audit_sync_state</c> for freshness, rows and latency, and
/// <c>analytics_sync_runs</c> for the last success and the run of failures since it. A stream is <c>ok</c>, or
/// <c>failing</c> (more than 3 failures in a row), <c>stale</c> (no success in 15 minutes), <c>lagging</c> (latency
/// over an hour), or <c>never</c> (no run yet).
/// </summary>
public sealed class SyncHealthReader(IWarehouse warehouse, string schema, IReadOnlyList<string> streams, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public IReadOnlyList<StreamHealth> Read()
    {
        using var connection = warehouse.OpenConnection();
        var state = TableExists(connection, "ai_audit_sync_state")
            ? Rows(connection, $"select stream, last_synced_at, source_max_created_at, rows_synced, rows_synced_total, latency_seconds from {SqlIdentifier.Qualified(schema, "ai_audit_sync_state")}")
                .ToDictionary(r => (string)r[0]!)
            : [];
        var runs = TableExists(connection, "analytics_sync_runs")
            ? Rows(connection, $"select stream, status, ended_at, error from {SqlIdentifier.Qualified(schema, "analytics_sync_runs")} order by started_at desc")
                .GroupBy(r => (string)r[0]!).ToDictionary(g => g.Key, g => g.ToList())
            : [];
        var now = _time.GetUtcNow().UtcDateTime;
        var names = streams.Concat(state.Keys).Concat(runs.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return [.. names.Select(name => Health(name, state.GetValueOrDefault(name), runs.GetValueOrDefault(name) ?? [], now))];
    }

    private static StreamHealth Health(string stream, object?[]? state, List<object?[]> runs, DateTime now)
    {
        var finished = runs.Where(r => (string)r[1]! != "running").ToList();
        var failures = finished.TakeWhile(r => (string)r[1]! != "success").Count();
        var lastSuccess = finished.FirstOrDefault(r => (string)r[1]! == "success")?[2] as DateTime?;
        var latency = state?[5] is double l ? l : (double?)null;
        var status = runs.Count == 0 && state is null ? "never"
            : failures > SyncThresholds.MaxConsecutiveFailures ? "failing"
            : lastSuccess is null || now - Utc(lastSuccess.Value) > SyncThresholds.NoSuccessWithin ? "stale"
            : latency > SyncThresholds.MaxLatencySeconds ? "lagging"
            : "ok";
        return new StreamHealth(
            stream,
            status,
            lastSuccess is { } s ? Utc(s) : null,
            state?[1] is DateTime synced ? Utc(synced) : null,
            state?[2] is DateTime max ? Utc(max) : null,
            state?[3] as long?,
            state?[4] as long?,
            latency,
            failures,
            finished.FirstOrDefault()?[1] as string,
            finished.FirstOrDefault(r => (string)r[1]! != "success")?[3] as string);
    }

    private bool TableExists(DbConnection connection, string table) => DbCommands.TableExists(connection, schema, table);

    private static List<object?[]> Rows(DbConnection connection, string sql) => DbCommands.Rows(connection, null, sql);

    private static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
