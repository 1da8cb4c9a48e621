namespace Logbook.Server.Web.Pages;

/// <summary><c>/</c>: connector health at a glance, the replication streams, and the latest failures.</summary>
internal sealed class OverviewPage : DashboardPage
{
    public static readonly DashboardTable LatestSyncFailures = DashboardTable.Sql(
        "latest-sync-failures",
        "Latest failed connector syncs",
        DataSource.Fivetran("fct_fivetran_sync_performance"),
        table => $"""
            select sync_ended_at, coalesce(connection_name, connection_id) as connection, connector_type, destination_name,
                   final_status, final_reason
            from {table}
            where status_category = 'failure'
            order by sync_ended_at desc nulls last, connection_id
            limit 10
            """);

    public static readonly DashboardTable LatestRunFailures = DashboardTable.Sql(
        "latest-run-failures",
        "Latest failed Logbook jobs",
        context => DataSource.Audit(context),
        table => $"""
            select run_started_at, model_name as job, job_type, status, target_name, error_message
            from {table}
            where status in ('failed', 'abandoned')
            order by run_started_at desc, model_name
            limit 10
            """);

    private static readonly DashboardTable s_problemCount = DashboardTable.Sql(
        "problem-count",
        "Problematic connectors",
        DataSource.Fivetran("fct_fivetran_problematic_connectors"),
        table => $"select count(*) as connections, count(case when severity = 'critical' then 1 end) as critical from {table}");

    public override string Path => "/";

    public override string Name => "overview";

    public override string Title => "Overview";

    public override IReadOnlyList<DashboardTable> Tables { get; } =
        [SharedTables.HealthCounts, SharedTables.ReplicationHealth, LatestSyncFailures, LatestRunFailures];

    public override void Render(PageWriter page, DashboardData data)
    {
        page.Intro("Connector health as of the last build of the Fivetran marts, Logbook's own replication streams, and what failed last.");
        var health = SharedTables.HealthCounts.Load(data);
        var problems = s_problemCount.Load(data);
        var replication = SharedTables.ReplicationHealth.Load(data);
        var stats = new List<Stat>();
        if (health.HasData)
        {
            var total = health.Values("connections").Sum(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture));
            stats.Add(new Stat("connections-total", "connections", total, "neutral"));
            stats.AddRange(health.Rows.Select(r => new Stat("health-" + Html.Slug((string?)r[0]), (string?)r[0] ?? "(none)", r[1], PageWriter.Tone((string?)r[0]))));
        }

        if (problems.HasData)
        {
            stats.Add(new Stat("problematic-count", "problematic connectors", problems.Rows[0][0], Convert.ToInt64(problems.Rows[0][0], System.Globalization.CultureInfo.InvariantCulture) == 0 ? "ok" : "bad"));
        }

        stats.AddRange(SharedTables.ReplicationStats(replication));
        if (stats.Count > 0)
        {
            page.Stats(stats);
        }
        else if (health.Missing is { } missing)
        {
            page.NoData(missing);
        }

        page.Raw("<div class=\"grid\">\n");
        if (health.HasData)
        {
            page.Chart(
                "health",
                "Connections by health",
                new ChartSpec
                {
                    Type = "doughnut",
                    Labels = [.. health.Values("connection_health").Select(v => Html.Display(v))],
                    Series = [new ChartSeries("connections", [.. health.Values("connections").Select(Html.ChartNumber)])],
                },
                SharedTables.HealthCounts,
                health,
                small: true);
        }

        page.Table(SharedTables.HealthCounts, health);
        page.Raw("</div>\n");
        page.Table(SharedTables.ReplicationHealth, replication, "ok, failing (more than 3 failures in a row), stale (no success in 15 minutes), lagging (latency over an hour) or never run.", "last_error");
        page.Table(LatestSyncFailures, LatestSyncFailures.Load(data), null, "final_reason");
        page.Table(LatestRunFailures, LatestRunFailures.Load(data), null, "error_message");
    }
}
