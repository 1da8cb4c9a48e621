namespace Logbook.Server.Web.Pages;

/// <summary><c>/recommendations</c>: what to do about which connection, by priority, with the evidence.</summary>
internal sealed class RecommendationsPage : DashboardPage
{
    public static readonly DashboardTable All = DashboardTable.Sql(
        "recommendations",
        "Recommendations",
        DataSource.Fivetran("fct_fivetran_connector_recommendations"),
        table => $"""
            select priority, coalesce(connection_name, connection_id) as connection, connector_type, destination_name, recommendation_type,
                   subject, evidence, estimated_impact, impact_value
            from {table}
            order by priority_rank, impact_value desc nulls last, connection_id, recommendation_type, subject
            limit 1000
            """);

    public static readonly DashboardTable ByType = DashboardTable.Sql(
        "recommendations-by-type",
        "Recommendations by kind and priority",
        DataSource.Fivetran("fct_fivetran_connector_recommendations"),
        table => $"""
            select recommendation_type, count(*) as recommendations,
                   count(case when priority = 'high' then 1 end) as high,
                   count(case when priority = 'medium' then 1 end) as medium,
                   count(case when priority = 'low' then 1 end) as low
            from {table}
            group by recommendation_type
            order by recommendations desc, recommendation_type
            """);

    public override string Path => "/recommendations";

    public override string Name => "recommendations";

    public override string Title => "Recommendations";

    public override IReadOnlyList<DashboardTable> Tables { get; } = [All, ByType];

    public override void Render(PageWriter page, DashboardData data)
    {
        page.Intro("Rules over health, trends, usage and schema changes (docs/fivetran-analytics.md): fix failing connectors, investigate degradation, sync less often where syncs move nothing, remove unused connections, review dominant tables, stabilize schemas.");
        var all = All.Load(data);
        var byType = ByType.Load(data);
        if (all.HasData)
        {
            var priorities = all.Values("priority").Select(v => v as string).ToList();
            page.Stats(
            [
                new Stat("recommendations-total", "recommendations", (long)all.Rows.Count, "neutral"),
                new Stat("recommendations-high", "high priority", (long)priorities.Count(p => p == "high"), "bad"),
                new Stat("recommendations-medium", "medium priority", (long)priorities.Count(p => p == "medium"), "warn"),
                new Stat("recommendations-low", "low priority", (long)priorities.Count(p => p == "low"), "ok"),
            ]);
        }

        if (byType.HasData && byType.Rows.Count > 0)
        {
            page.Chart(
                "kinds",
                "Recommendations by kind and priority",
                new ChartSpec
                {
                    Type = "bar",
                    Labels = [.. byType.Values("recommendation_type").Select(v => Html.Display(v))],
                    Series =
                    [
                        new ChartSeries("high", [.. byType.Values("high").Select(Html.ChartNumber)]),
                        new ChartSeries("medium", [.. byType.Values("medium").Select(Html.ChartNumber)]),
                        new ChartSeries("low", [.. byType.Values("low").Select(Html.ChartNumber)]),
                    ],
                    Stacked = true,
                    Horizontal = true,
                },
                ByType,
                byType,
                small: true);
        }

        page.Table(All, all, "Highest priority first, then by estimated impact.", "evidence", "estimated_impact");
    }
}
