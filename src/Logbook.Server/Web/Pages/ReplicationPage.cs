using System.Globalization;

namespace Logbook.Server.Web.Pages;

/// <summary><c>/replication</c>: each stream's health, and its lag and rows over time from <c>analytics_sync_runs</c>.</summary>
internal sealed class ReplicationPage : DashboardPage
{
    public const int Days = 7;

    public static readonly DashboardTable OverTime = new(
        "replication-over-time",
        $"Runs, rows and lag per stream over the last {Days} days of runs",
        data =>
        {
            var runs = DataSource.Replication(data.Context, "analytics_sync_runs");
            var window = $"started_at >= (select max(started_at) from {runs.Qualified}) - interval '{Days} days'";
            var span = data.Query([runs], $"select min(started_at), max(started_at) from {runs.Qualified} where {window}");
            if (!span.HasData)
            {
                return span;
            }

            // Periods in UTC whatever the session's time zone, fine enough for the span the runs cover: seconds for a
            // few minutes of runs, minutes for a few hours, hours for a few days, else days.
            var length = span.Rows[0][0] is DateTime first && span.Rows[0][1] is DateTime last ? last - first : TimeSpan.Zero;
            var unit = length <= TimeSpan.FromMinutes(10) ? "second" : length <= TimeSpan.FromHours(6) ? "minute" : length <= TimeSpan.FromDays(3) ? "hour" : "day";
            return data.Query(
                [runs],
                $"""
                select date_trunc(cast($1 as varchar), started_at at time zone 'UTC') as period, stream, count(*) as runs,
                       count(case when status not in ('success', 'running') then 1 end) as failed_runs,
                       cast(sum(rows_synced) as bigint) as rows_synced, max(latency_seconds) as max_latency_seconds
                from {runs.Qualified}
                where {window}
                group by date_trunc(cast($1 as varchar), started_at at time zone 'UTC'), stream
                order by period, stream
                """,
                unit);
        });

    public static readonly DashboardTable Runs = DashboardTable.Sql(
        "replication-runs",
        "Latest sync runs",
        context => DataSource.Replication(context, "analytics_sync_runs"),
        table => $"""
            select started_at, stream, mode, status, rows_synced, batches, latency_seconds,
                   extract(epoch from ended_at) - extract(epoch from started_at) as duration_seconds, error
            from {table}
            order by started_at desc, stream
            limit {SharedTables.RecentLimit}
            """);

    public override string Path => "/replication";

    public override string Name => "replication";

    public override string Title => "Replication";

    public override IReadOnlyList<DashboardTable> Tables { get; } = [SharedTables.ReplicationHealth, OverTime, Runs];

    public override void Render(PageWriter page, DashboardData data)
    {
        page.Intro($"logbook sync ai-audit-logs into schema {data.Context.Replication.Schema}: latency is how far the warehouse trails the source's newest row at the end of a run; rows are what each run copied.");
        var health = SharedTables.ReplicationHealth.Load(data);
        var overTime = OverTime.Load(data);
        var stats = SharedTables.ReplicationStats(health).ToList();
        if (overTime.HasData)
        {
            long Sum(string column) => overTime.Values(column).Sum(v => v is null ? 0 : Convert.ToInt64(v, CultureInfo.InvariantCulture));
            var failed = Sum("failed_runs");
            stats.Add(new Stat("replication-runs", $"runs in the last {Days} days", Sum("runs"), "neutral"));
            stats.Add(new Stat("replication-failed-runs", "failed runs", failed, failed == 0 ? "ok" : "bad"));
            stats.Add(new Stat("replication-rows", "rows synced", Sum("rows_synced"), "neutral"));
        }

        if (stats.Count > 0)
        {
            page.Stats(stats);
        }

        page.Table(SharedTables.ReplicationHealth, health, "ok, failing (more than 3 failures in a row), stale (no success in 15 minutes), lagging (latency over an hour) or never run.", "last_error");
        if (overTime.HasData)
        {
            page.Raw("<div class=\"grid\">\n");
            var (labels, lag) = ChartSpec.Pivot(overTime, "period", "stream", "max_latency_seconds", Html.Bucket);
            page.Chart("lag", "Latency per stream (seconds, the period's highest)", new ChartSpec { Type = "line", Labels = labels, Series = lag, YTitle = "seconds" }, OverTime, overTime);
            var (rowLabels, rows) = ChartSpec.Pivot(overTime, "period", "stream", "rows_synced", Html.Bucket);
            page.Chart("rows", "Rows synced per stream", new ChartSpec { Type = "bar", Labels = rowLabels, Series = rows, Stacked = true, YTitle = "rows" }, OverTime, overTime);
            page.Raw("</div>\n");
        }

        page.Table(Runs, Runs.Load(data), null, "error");
    }
}
