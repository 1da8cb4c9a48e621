namespace Logbook.Server.Web.Pages;

/// <summary>Tables that more than one page shows.</summary>
internal static class SharedTables
{
    public const int RecentLimit = 200;

    /// <summary>Connections per <c>connection_health</c>.</summary>
    public static readonly DashboardTable HealthCounts = DashboardTable.Sql(
        "health-counts",
        "Connections by health",
        DataSource.Fivetran("fct_fivetran_connector_health"),
        table => $"""
            select connection_health, count(*) as connections
            from {table}
            group by connection_health
            order by connections desc, connection_health
            """);

    /// <summary>Each replication stream's health, as <c>/internal/analytics-sync</c> reports it.</summary>
    public static readonly DashboardTable ReplicationHealth = new(
        "replication-health",
        "Replication streams",
        data =>
        {
            var runs = DataSource.Replication(data.Context, "analytics_sync_runs");
            if (!data.Exists(runs) && !data.Exists(DataSource.Replication(data.Context, "ai_audit_sync_state")))
            {
                return TableData.NoData($"{runs.Schema}.{runs.Table} does not exist yet: {runs.Hint}");
            }

            var streams = data.Context.Health.Read();
            return new TableData(
                ["stream", "health", "last_success_at", "last_synced_at", "latency_seconds", "rows_synced", "rows_synced_total", "consecutive_failures", "last_run_status", "last_error"],
                [.. streams.Select(s => new object?[] { s.Stream, s.Status, s.LastSuccessAt, s.LastSyncedAt, s.LatencySeconds, s.RowsSynced, s.RowsSyncedTotal, (long)s.ConsecutiveFailures, s.LastRunStatus, s.LastError })]);
        });

    /// <summary>The key numbers of the replication streams: how many are ok, and how many are not.</summary>
    public static IEnumerable<Stat> ReplicationStats(TableData health)
    {
        if (!health.HasData)
        {
            yield break;
        }

        var statuses = health.Values("health").Cast<string>().ToList();
        var ok = statuses.Count(s => s == "ok");
        yield return new Stat("replication-ok", "replication streams ok", (long)ok, ok == statuses.Count ? "ok" : "warn") { Display = $"{ok} / {statuses.Count}" };
        var unhealthy = statuses.Count(s => s is "failing" or "stale" or "lagging");
        yield return new Stat("replication-unhealthy", "streams failing, stale or lagging", (long)unhealthy, unhealthy == 0 ? "ok" : "bad");
    }
}
