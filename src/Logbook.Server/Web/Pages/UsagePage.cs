using System.Globalization;

namespace Logbook.Server.Web.Pages;

/// <summary><c>/usage</c>: monthly active rows and spend by month and destination, and the connections that carry the most MAR.</summary>
internal sealed class UsagePage : DashboardPage
{
    public const int Months = 24;

    public static readonly DashboardTable Mar = DashboardTable.Sql(
        "usage-mar",
        "Monthly active rows by month and destination",
        DataSource.Fivetran("fct_fivetran_monthly_active_rows"),
        table => $"""
            select measured_month, coalesce(destination_name, destination_id) as destination,
                   cast(sum(free_monthly_active_rows) as bigint) as free_mar, cast(sum(paid_monthly_active_rows) as bigint) as paid_mar,
                   cast(sum(total_monthly_active_rows) as bigint) as total_mar
            from {table}
            where measured_month > (select max(measured_month) from {table}) - interval '{Months} months'
            group by measured_month, coalesce(destination_name, destination_id)
            order by measured_month, destination
            """);

    public static readonly DashboardTable Spend = DashboardTable.Sql(
        "usage-spend",
        "Spend by month and destination",
        DataSource.Fivetran("fct_fivetran_monthly_credits"),
        table => $"""
            select measured_month, coalesce(destination_name, destination_id) as destination, credits_spent, dollars_spent, estimated_spend,
                   is_spend_estimated, total_model_runs, total_monthly_active_rows as total_mar, cost_per_million_mar
            from {table}
            where measured_month > (select max(measured_month) from {table}) - interval '{Months} months'
            order by measured_month, destination
            """);

    public static readonly DashboardTable TopConnections = DashboardTable.Sql(
        "usage-top-connections",
        "Connections with the most MAR in the latest month",
        DataSource.Fivetran("fct_fivetran_monthly_active_rows"),
        table => $"""
            select measured_month, connection_name as connection, connector_type, coalesce(destination_name, destination_id) as destination,
                   cast(sum(paid_monthly_active_rows) as bigint) as paid_mar, cast(sum(free_monthly_active_rows) as bigint) as free_mar,
                   cast(sum(total_monthly_active_rows) as bigint) as total_mar, count(*) as tables
            from {table}
            where measured_month = (select max(measured_month) from {table})
            group by measured_month, connection_name, connector_type, coalesce(destination_name, destination_id)
            order by total_mar desc, connection
            limit 25
            """);

    public override string Path => "/usage";

    public override string Name => "usage";

    public override string Title => "MAR & spend";

    public override IReadOnlyList<DashboardTable> Tables { get; } = [Mar, Spend, TopConnections];

    public override void Render(PageWriter page, DashboardData data)
    {
        page.Intro($"Monthly active rows (free and paid) and spend per destination over the last {Months} months. Spend is dollars where usage_cost prices the month, else credits × fivetran_price_per_credit (is spend estimated).");
        var mar = Mar.Load(data);
        var spend = Spend.Load(data);
        var stats = new List<Stat>();
        if (mar.HasData && mar.Rows.Count > 0)
        {
            var latest = mar.Rows[^1][0];
            var month = Html.Month(latest);
            var i = mar.Index("total_mar");
            stats.Add(new Stat("usage-latest-mar", $"MAR in {month}", mar.Rows.Where(r => Equals(r[0], latest)).Sum(r => Convert.ToInt64(r[i], CultureInfo.InvariantCulture)), "neutral"));
            stats.Add(new Stat("usage-destinations", "destinations", (long)mar.Values("destination").Distinct().Count(), "neutral"));
        }

        if (spend.HasData && spend.Rows.Count > 0)
        {
            var latest = spend.Rows[^1][0];
            var month = Html.Month(latest);
            var latestRows = spend.Rows.Where(r => Equals(r[0], latest)).ToList();
            var estimated = latestRows.Sum(r => Html.ChartNumber(r[spend.Index("estimated_spend")]) ?? 0);
            var credits = latestRows.Sum(r => Html.ChartNumber(r[spend.Index("credits_spent")]) ?? 0);
            stats.Add(new Stat("usage-latest-spend", $"spend in {month}, $", estimated, "neutral"));
            stats.Add(new Stat("usage-latest-credits", $"credits in {month}", credits, "neutral"));
        }

        if (stats.Count > 0)
        {
            page.Stats(stats);
        }

        page.Raw("<div class=\"grid\">\n");
        if (mar.HasData)
        {
            var (labels, series) = ChartSpec.Pivot(mar, "measured_month", "destination", "total_mar", Html.Month);
            page.Chart("mar", "Monthly active rows by destination", new ChartSpec { Type = "bar", Labels = labels, Series = series, Stacked = true, YTitle = "MAR" }, Mar, mar);
        }
        else
        {
            page.Table(Mar, mar);
        }

        if (spend.HasData)
        {
            var (labels, series) = ChartSpec.Pivot(spend, "measured_month", "destination", "estimated_spend", Html.Month);
            page.Chart("spend", "Estimated spend by destination ($)", new ChartSpec { Type = "bar", Labels = labels, Series = series, Stacked = true, YTitle = "$" }, Spend, spend);
        }

        page.Raw("</div>\n");
        if (mar.HasData)
        {
            page.Table(Mar, mar);
        }

        page.Table(Spend, spend);
        page.Table(TopConnections, TopConnections.Load(data));
    }
}
