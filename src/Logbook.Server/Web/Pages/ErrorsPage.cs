using System.Globalization;

namespace Logbook.Server.Web.Pages;

/// <summary><c>/errors</c>: errors and warnings by category, per day, and the signatures that occur most.</summary>
internal sealed class ErrorsPage : DashboardPage
{
    public const int Days = 30;

    public static readonly DashboardTable ByCategory = DashboardTable.Sql(
        "errors-by-category",
        "Errors and warnings by category",
        DataSource.Fivetran("fct_fivetran_error_monitoring"),
        table => $"""
            select error_category, cast(sum(occurrences) as bigint) as occurrences,
                   cast(sum(case when severity = 'error' then occurrences else 0 end) as bigint) as errors,
                   cast(sum(case when severity = 'warning' then occurrences else 0 end) as bigint) as warnings,
                   count(distinct connection_id) as connections, count(distinct message_signature) as signatures,
                   min(first_seen_at) as first_seen_at, max(last_seen_at) as last_seen_at
            from {table}
            group by error_category
            order by occurrences desc, error_category
            """);

    public static readonly DashboardTable ByDay = DashboardTable.Sql(
        "errors-by-day",
        "Occurrences per day and category",
        DataSource.Fivetran("fct_fivetran_error_monitoring"),
        table => $"""
            select date_day, error_category, cast(sum(occurrences) as bigint) as occurrences
            from {table}
            where date_day > (select max(date_day) from {table}) - interval '{Days} days'
            group by date_day, error_category
            order by date_day, error_category
            """);

    public static readonly DashboardTable Signatures = DashboardTable.Sql(
        "errors-signatures",
        "The 50 most frequent error signatures",
        DataSource.Fivetran("fct_fivetran_error_monitoring"),
        table => $"""
            select connection, error_category, severity, total_occurrences as occurrences, days_seen, last_seen_at, is_recurring, sample_message
            from (
                select coalesce(connection_name, connection_id) as connection, connection_id, error_category, severity, sample_message, last_seen_at,
                       is_recurring,
                       sum(occurrences) over (partition by connection_id, event_type, error_category, message_signature) as total_occurrences,
                       count(*) over (partition by connection_id, event_type, error_category, message_signature) as days_seen,
                       row_number() over (partition by connection_id, event_type, error_category, message_signature order by date_day desc) as newest
                from {table}
            ) s
            where newest = 1
            order by total_occurrences desc, last_seen_at desc, connection_id
            limit 50
            """);

    public override string Path => "/errors";

    public override string Name => "errors";

    public override string Title => "Errors";

    public override IReadOnlyList<DashboardTable> Tables { get; } = [ByCategory, ByDay, Signatures];

    public override void Render(PageWriter page, DashboardData data)
    {
        page.Intro("SEVERE, ERROR and WARNING events of the Fivetran log, grouped by the category rules of fivetran_error_category_rules and by message signature (numbers, ids and quoted strings normalized away).");
        var categories = ByCategory.Load(data);
        var days = ByDay.Load(data);
        if (categories.HasData)
        {
            long Sum(string column) => categories.Values(column).Sum(v => Convert.ToInt64(v, CultureInfo.InvariantCulture));
            var errors = Sum("errors");
            page.Stats(
            [
                new Stat("errors-occurrences", "errors and warnings", Sum("occurrences"), "neutral"),
                new Stat("errors-errors", "errors", errors, errors == 0 ? "ok" : "bad"),
                new Stat("errors-warnings", "warnings", Sum("warnings"), "warn"),
                new Stat("errors-categories", "categories", (long)categories.Rows.Count, "neutral"),
            ]);
        }

        page.Raw("<div class=\"grid\">\n");
        if (categories.HasData)
        {
            page.Chart(
                "categories",
                "Occurrences by category",
                new ChartSpec
                {
                    Type = "bar",
                    Labels = [.. categories.Values("error_category").Select(v => Html.Display(v))],
                    Series =
                    [
                        new ChartSeries("errors", [.. categories.Values("errors").Select(Html.ChartNumber)]),
                        new ChartSeries("warnings", [.. categories.Values("warnings").Select(Html.ChartNumber)]),
                    ],
                    Stacked = true,
                    Horizontal = true,
                },
                ByCategory,
                categories);
        }

        if (days.HasData)
        {
            var (labels, series) = ChartSpec.Pivot(days, "date_day", "error_category", "occurrences", Html.Bucket);
            page.Chart("days", $"Occurrences per day by category (last {Days} days)", new ChartSpec { Type = "bar", Labels = labels, Series = series, Stacked = true }, ByDay, days);
        }

        page.Raw("</div>\n");
        page.Table(ByCategory, categories);
        page.Table(Signatures, Signatures.Load(data), "One row per connection and signature, with its newest sample message; recurring: seen on 3 of the last 7 days.", "sample_message");
    }
}
