using System.Globalization;

namespace Logbook.Server.Web.Pages;

/// <summary><c>/connectors</c>: every connection's health and the problematic ones with their reasons.</summary>
internal sealed class ConnectorsPage : DashboardPage
{
    private const int Limit = 1000;

    public static readonly DashboardTable Problematic = DashboardTable.Sql(
        "problematic-connectors",
        "Problematic connectors (worst first)",
        DataSource.Fivetran("fct_fivetran_problematic_connectors"),
        table => $"""
            select coalesce(connection_name, connection_id) as connection, connector_type, destination_name, severity, severity_score,
                   connection_health, reasons, suggested_action, consecutive_failures, 100.0 * success_rate_7d as success_rate_7d_pct,
                   last_successful_sync_completed_at
            from {table}
            order by severity_score desc, connection_id
            limit {Limit}
            """);

    public static readonly DashboardTable Health = DashboardTable.Sql(
        "connector-health",
        "Connector health",
        DataSource.Fivetran("fct_fivetran_connector_health"),
        table => $"""
            select coalesce(connection_name, connection_id) as connection, connector_type, destination_name, connection_health,
                   last_completed_status, last_successful_sync_completed_at, syncs_last_7_days, failures_last_7_days,
                   100.0 * success_rate_7d as success_rate_7d_pct, consecutive_failures, duration_p50_seconds_7d, duration_p95_seconds_7d,
                   errors_since_last_completed_sync, schema_changes_last_30_days
            from {table}
            order by case connection_health when 'broken' then 0 when 'delayed' then 1 when 'incomplete' then 2 when 'initial sync in progress' then 3
                       when 'priority first sync' then 4 when 'connected' then 5 when 'paused' then 6 else 7 end,
                     connection_name, connection_id
            limit {Limit}
            """);

    public override string Path => "/connectors";

    public override string Name => "connectors";

    public override string Title => "Connectors";

    public override IReadOnlyList<DashboardTable> Tables { get; } = [Problematic, Health];

    public override void Render(PageWriter page, DashboardData data)
    {
        page.Intro("Health is judged as of the marts' build (fivetran_as_of). A connection is problematic when a rule applies: broken, a failure streak, a low 7-day success rate, delayed, degrading, or recurring errors (docs/fivetran-analytics.md).");
        var counts = SharedTables.HealthCounts.Load(data);
        var problems = Problematic.Load(data);
        var health = Health.Load(data);
        var stats = new List<Stat>();
        if (counts.HasData)
        {
            stats.AddRange(counts.Rows.Select(r => new Stat("health-" + Html.Slug((string?)r[0]), (string?)r[0] ?? "(none)", r[1], PageWriter.Tone((string?)r[0]))));
        }

        if (problems.HasData)
        {
            stats.Add(new Stat("problematic-count", "problematic connectors", (long)problems.Rows.Count, problems.Rows.Count == 0 ? "ok" : "bad"));
            foreach (var severity in new[] { "critical", "high", "medium", "low" })
            {
                var count = problems.Values("severity").Count(v => string.Equals(v as string, severity, StringComparison.Ordinal));
                stats.Add(new Stat("problematic-" + severity, severity, (long)count, count == 0 ? "ok" : PageWriter.Tone(severity)));
            }
        }

        if (stats.Count > 0)
        {
            page.Stats(stats);
        }

        page.Table(Problematic, problems, null, "reasons", "suggested_action");
        if (health.HasData && health.Rows.Count > 0)
        {
            var named = health.Rows.Where(r => r[health.Index("syncs_last_7_days")] is not null).Take(40).ToList();
            page.Chart(
                "success-rate",
                "7-day success rate and failed syncs by connection",
                new ChartSpec
                {
                    Type = "bar",
                    Labels = [.. named.Select(r => Html.Display(r[0]))],
                    Series =
                    [
                        new ChartSeries("success rate, %", [.. named.Select(r => Html.ChartNumber(r[health.Index("success_rate_7d_pct")]))]),
                        new ChartSeries("failed syncs (7 days)", [.. named.Select(r => Html.ChartNumber(r[health.Index("failures_last_7_days")]))], "line", "y2"),
                    ],
                    YTitle = "success rate, %",
                    Y2Title = "failed syncs",
                },
                Health,
                health);
        }

        page.Table(Health, health, string.Create(CultureInfo.InvariantCulture, $"Worst first; at most {Limit:#,##0} connections."));
    }
}
