using System.Globalization;

namespace Logbook.Server.Web.Pages;

/// <summary><c>/activity</c>: schema changes and what people did, most recent first.</summary>
internal sealed class ActivityPage : DashboardPage
{
    public static readonly DashboardTable ChangesByType = DashboardTable.Sql(
        "schema-changes-by-type",
        "Schema changes by kind",
        DataSource.Fivetran("fct_fivetran_schema_change_history"),
        table => $"""
            select change_type, count(*) as changes, count(distinct connection_id) as connections, max(created_at) as last_change_at
            from {table}
            group by change_type
            order by changes desc, change_type
            """);

    public static readonly DashboardTable Changes = DashboardTable.Sql(
        "schema-changes",
        "Latest schema changes",
        DataSource.Fivetran("fct_fivetran_schema_change_history"),
        table => $"""
            select created_at, coalesce(connection_name, connection_id) as connection, connector_type, destination_name, change_type,
                   schema_name, table_name, column_name, data_type, actor
            from {table}
            order by created_at desc, log_key
            limit {SharedTables.RecentLimit}
            """);

    public static readonly DashboardTable ByUser = DashboardTable.Sql(
        "user-activity-by-user",
        "Who did what",
        DataSource.Fivetran("fct_fivetran_user_activity"),
        table => $"""
            select coalesce(email, actor) as user_or_actor, max(concat_ws(' ', first_name, last_name)) as name, max(destination_role) as destination_role,
                   count(*) as actions, count(distinct action) as kinds_of_action, count(distinct connection_id) as connections,
                   max(occurred_at) as last_action_at
            from {table}
            group by coalesce(email, actor)
            order by actions desc, user_or_actor
            limit {SharedTables.RecentLimit}
            """);

    public static readonly DashboardTable Actions = DashboardTable.Sql(
        "user-activity",
        "Latest actions by people",
        DataSource.Fivetran("fct_fivetran_user_activity"),
        table => $"""
            select occurred_at, coalesce(email, actor) as user_or_actor, destination_role, action, event_type,
                   coalesce(connection_name, connection_id) as connection, destination_name
            from {table}
            order by occurred_at desc, log_key
            limit {SharedTables.RecentLimit}
            """);

    private static readonly DashboardTable s_totals = DashboardTable.Sql(
        "activity-totals",
        "Totals",
        _ => [DataSource.Fivetran("fct_fivetran_schema_change_history"), DataSource.Fivetran("fct_fivetran_user_activity")],
        (_, from) => $"""
            select (select count(*) from {from[0].Qualified}) as schema_changes,
                   (select count(*) from {from[1].Qualified}) as actions,
                   (select count(distinct coalesce(email, actor)) from {from[1].Qualified}) as actors
            """);

    public override string Path => "/activity";

    public override string Name => "activity";

    public override string Title => "Schema & users";

    public override IReadOnlyList<DashboardTable> Tables { get; } = [ChangesByType, Changes, ByUser, Actions];

    public override void Render(PageWriter page, DashboardData data)
    {
        page.Intro("Schema changes Fivetran logged (tables and schemas created, columns added, changed or dropped, schema configuration changed) and the actions people took on connections and destinations.");
        var totals = s_totals.Load(data);
        if (totals.HasData)
        {
            var row = totals.Rows[0];
            page.Stats(
            [
                new Stat("schema-changes-total", "schema changes", row[0], "neutral"),
                new Stat("user-actions-total", "actions by people", row[1], "neutral"),
                new Stat("user-actors", "people acting", row[2], "neutral"),
            ]);
        }

        var byType = ChangesByType.Load(data);
        var byUser = ByUser.Load(data);
        page.Raw("<div class=\"grid\">\n");
        if (byType.HasData)
        {
            page.Chart(
                "change-types",
                "Schema changes by kind",
                new ChartSpec
                {
                    Type = "bar",
                    Labels = [.. byType.Values("change_type").Select(v => Html.Display(v))],
                    Series = [new ChartSeries("changes", [.. byType.Values("changes").Select(Html.ChartNumber)])],
                    Horizontal = true,
                },
                ChangesByType,
                byType,
                small: true);
        }

        if (byUser.HasData)
        {
            var top = byUser.Rows.Take(15).ToList();
            page.Chart(
                "actors",
                "Actions by person (top 15)",
                new ChartSpec
                {
                    Type = "bar",
                    Labels = [.. top.Select(r => Html.Display(r[0]))],
                    Series = [new ChartSeries("actions", [.. top.Select(r => Html.ChartNumber(r[byUser.Index("actions")]))])],
                    Horizontal = true,
                },
                ByUser,
                byUser,
                small: true);
        }

        page.Raw("</div>\n");
        page.Table(ChangesByType, byType);
        page.Table(Changes, Changes.Load(data), string.Create(CultureInfo.InvariantCulture, $"The latest {SharedTables.RecentLimit}."));
        page.Table(ByUser, byUser);
        page.Table(Actions, Actions.Load(data), string.Create(CultureInfo.InvariantCulture, $"The latest {SharedTables.RecentLimit}."));
    }
}
