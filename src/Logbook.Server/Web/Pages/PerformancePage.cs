namespace Logbook.Server.Web.Pages;

/// <summary><c>/performance</c>: syncs, success rate, durations and rows per day, and each connection's 7-day trend against its baseline.</summary>
internal sealed class PerformancePage : DashboardPage
{
    public const int Days = 90;

    public static readonly DashboardTable Daily = DashboardTable.Sql(
        "performance-daily",
        "Syncs per day, all connections",
        DataSource.Fivetran("fct_fivetran_sync_performance_trends"),
        table => $"""
            select date_day, cast(sum(syncs) as bigint) as syncs, cast(sum(successes) as bigint) as successes, cast(sum(failures) as bigint) as failures,
                   100.0 * sum(successes) / nullif(sum(successes) + sum(failures), 0) as success_rate_pct,
                   avg(duration_p50_seconds) as avg_duration_p50_seconds, avg(duration_p95_seconds) as avg_duration_p95_seconds,
                   cast(sum(rows_total) as bigint) as rows_total
            from {table}
            where date_day > (select max(date_day) from {table}) - interval '{Days} days'
            group by date_day
            order by date_day
            """);

    public static readonly DashboardTable Trends = DashboardTable.Sql(
        "performance-trends",
        "Each connection's last 7 days against its 28-day baseline",
        _ => [DataSource.Fivetran("fct_fivetran_sync_performance_trends"), DataSource.Fivetran("fct_fivetran_connector_health")],
        (_, from) => $"""
            select coalesce(h.connection_name, t.connection_id) as connection, h.connector_type, t.date_day as as_of_day, t.syncs_7d,
                   100.0 * t.success_rate_7d as success_rate_7d_pct, 100.0 * t.success_rate_baseline as success_rate_baseline_pct,
                   t.duration_p95_seconds_7d, t.duration_p95_seconds_baseline, t.rows_7d, t.rows_baseline, t.is_degrading, t.degradation_reason
            from {from[0].Qualified} t
            left join {from[1].Qualified} h on h.connection_id = t.connection_id
            where t.date_day = (select max(x.date_day) from {from[0].Qualified} x where x.connection_id = t.connection_id)
            order by t.is_degrading desc, t.success_rate_7d asc nulls last, connection
            limit 1000
            """);

    public override string Path => "/performance";

    public override string Name => "performance";

    public override string Title => "Sync performance";

    public override IReadOnlyList<DashboardTable> Tables { get; } = [Daily, Trends];

    public override void Render(PageWriter page, DashboardData data)
    {
        page.Intro($"Daily figures over the last {Days} days of fct_fivetran_sync_performance_trends, summed over connections (durations: the mean of the connections' daily median and p95).");
        var daily = Daily.Load(data);
        var trends = Trends.Load(data);
        if (daily.HasData && daily.Rows.Count > 0)
        {
            var last = daily.Rows.LastOrDefault(r => Html.ChartNumber(r[daily.Index("syncs")]) > 0) ?? daily.Rows[^1];
            var stats = new List<Stat>
            {
                new("performance-syncs", $"syncs in {daily.Rows.Count} days", daily.Values("syncs").Sum(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)), "neutral"),
                new("performance-failures", "failed syncs", daily.Values("failures").Sum(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)), "bad"),
                new("performance-last-success-rate", $"success rate on {Html.Display(last[0], "date_day")}", last[daily.Index("success_rate_pct")], "neutral")
                {
                    Display = last[daily.Index("success_rate_pct")] is double rate ? Html.Display(rate, "success_rate_pct") : null,
                },
            };
            if (trends.HasData)
            {
                var degrading = trends.Values("is_degrading").Count(v => v is true);
                stats.Add(new Stat("performance-degrading", "connections degrading", (long)degrading, degrading == 0 ? "ok" : "warn"));
            }

            page.Stats(stats);
            var labels = daily.Values("date_day").Select(Html.Bucket).ToList();
            page.Raw("<div class=\"grid\">\n");
            page.Chart(
                "syncs",
                "Syncs per day and success rate",
                new ChartSpec
                {
                    Type = "bar",
                    Labels = labels,
                    Series =
                    [
                        new ChartSeries("successes", [.. daily.Values("successes").Select(Html.ChartNumber)]),
                        new ChartSeries("failures", [.. daily.Values("failures").Select(Html.ChartNumber)]),
                        new ChartSeries("success rate, %", [.. daily.Values("success_rate_pct").Select(Html.ChartNumber)], "line", "y2"),
                    ],
                    Stacked = true,
                    YTitle = "syncs",
                    Y2Title = "success rate, %",
                },
                Daily,
                daily);
            page.Chart(
                "durations",
                "Sync duration per day (seconds)",
                new ChartSpec
                {
                    Type = "line",
                    Labels = labels,
                    Series =
                    [
                        new ChartSeries("p95", [.. daily.Values("avg_duration_p95_seconds").Select(Html.ChartNumber)]),
                        new ChartSeries("median", [.. daily.Values("avg_duration_p50_seconds").Select(Html.ChartNumber)]),
                    ],
                    YTitle = "seconds",
                },
                Daily,
                daily);
            page.Chart(
                "rows",
                "Rows written per day",
                new ChartSpec { Type = "bar", Labels = labels, Series = [new ChartSeries("rows", [.. daily.Values("rows_total").Select(Html.ChartNumber)])], YTitle = "rows" },
                Daily,
                daily);
            page.Raw("</div>\n");
        }

        page.Table(Trends, trends, "Degrading first: the 7 days are worse than the baseline by a rule of the fivetran_trend_* vars.", "degradation_reason");
        page.Table(Daily, daily);
    }
}
