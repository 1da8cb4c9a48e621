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
        return Read(connection);
    }

    /// <summary>The same, on a connection the caller already holds (a scrape reads everything on one).</summary>
    public IReadOnlyList<StreamHealth> Read(DbConnection connection)
    {
        var state = TableExists(connection, "ai_audit_sync_state")
            ? Rows(connection, $"select stream, last_synced_at, source_max_created_at, rows_synced, rows_synced_total, latency_seconds from {SqlIdentifier.Qualified(schema, "ai_audit_sync_state")}")
                .ToDictionary(r => (string)r[0]!)
            : [];
        var runs = TableExists(connection, "analytics_sync_runs")
            ? Rows(connection, RunsSummarySql(SqlIdentifier.Qualified(schema, "analytics_sync_runs"))).ToDictionary(r => (string)r[0]!)
            : [];
        var now = _time.GetUtcNow().UtcDateTime;
        var names = streams.Concat(state.Keys).Concat(runs.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return [.. names.Select(name => Health(name, state.GetValueOrDefault(name), runs.GetValueOrDefault(name), now))];
    }

    /// <summary>
    /// One row per stream, aggregated in the warehouse (the history grows with every run; health is read on every
    /// scrape): its runs, the end of its newest success, the finished runs after that success (the failures in a
    /// row), the newest finished run's status, and the newest failure's error.
    /// </summary>
    private static string RunsSummarySql(string runs) => $"""
        with finished as (
            select stream, status, started_at, ended_at, error,
                   row_number() over (partition by stream order by started_at desc) as newest,
                   row_number() over (partition by stream, status = 'success' order by started_at desc) as newest_of_kind
            from {runs} where status <> 'running'),
        ok as (select stream, started_at, ended_at from finished where status = 'success' and newest_of_kind = 1),
        summary as (
            select f.stream,
                   max(ok.ended_at) as last_success_at,
                   count(case when ok.started_at is null or f.started_at > ok.started_at then 1 end) as failures,
                   max(case when f.newest = 1 then f.status end) as last_status,
                   max(case when f.status <> 'success' and f.newest_of_kind = 1 then f.error end) as last_error
            from finished f left join ok on ok.stream = f.stream
            group by f.stream)
        select r.stream, count(*) as runs, max(s.last_success_at), max(s.failures), max(s.last_status), max(s.last_error)
        from {runs} r left join summary s on s.stream = r.stream
        group by r.stream
        """;

    private static StreamHealth Health(string stream, object?[]? state, object?[]? runs, DateTime now)
    {
        var failures = runs?[3] is { } count ? Convert.ToInt32(count, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var lastSuccess = runs?[2] as DateTime?;
        var latency = state?[5] is double l ? l : (double?)null;
        var status = runs is null && state is null ? "never"
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
            runs?[4] as string,
            runs?[5] as string);
    }

    private bool TableExists(DbConnection connection, string table) => DbCommands.TableExists(connection, schema, table);

    private static List<object?[]> Rows(DbConnection connection, string sql) => DbCommands.Rows(connection, null, sql);

    private static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
