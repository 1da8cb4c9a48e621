using System.Globalization;

namespace Logbook.Server.Web.Pages;

/// <summary>
/// <c>/access-review</c>: the SOC2 access review of the connector's last published run (as
/// <c>logbook report access-review</c> writes it): who holds access, privileged access, users who are stale, inactive
/// or pending but still hold access, and the changes of the last 30 days.
/// </summary>
internal sealed class AccessReviewPage : DashboardPage
{
    public const int ChangeDays = 30;

    private const string FlaggedStatuses = "('INACTIVE', 'STALE', 'PENDING_INVITE', 'UNKNOWN_USER')";

    private const string GrantColumns =
        "user_email, user_name, compliance_status, grant_type, role_name, access_level, is_privileged, team_name, group_name, connection_name, granted_via, last_accessed, granted_at";

    public static readonly DashboardTable LastRun = DashboardTable.Sql(
        "access-run",
        "The connector's last completed run",
        DataSource.Soc2("soc2_runs"),
        table => $"""
            select account_name, account_id, started_at, ended_at, users, teams, grants, api_calls, run_id
            from {table}
            where status = 'completed'
            order by ended_at desc
            limit 1
            """);

    public static readonly DashboardTable Compliance = DashboardTable.Sql(
        "access-compliance",
        "Grants (and their users) by compliance status",
        DataSource.Soc2("soc2_access_control"),
        table => $"""
            select compliance_status, count(distinct user_id) as users, count(*) as grants,
                   count(case when is_privileged then 1 end) as privileged_grants
            from {table}
            group by compliance_status
            order by users desc, compliance_status
            """);

    private static readonly DashboardTable s_totals = DashboardTable.Sql(
        "access-totals",
        "Totals",
        DataSource.Soc2("soc2_access_control"),
        table => $"""
            select count(distinct user_id) as users, count(*) as grants, count(case when is_privileged then 1 end) as privileged_grants,
                   count(distinct case when compliance_status in {FlaggedStatuses} then user_id end) as flagged_users
            from {table}
            """);

    public static readonly DashboardTable Privileged = DashboardTable.Sql(
        "access-privileged",
        "Privileged access",
        DataSource.Soc2("soc2_access_control"),
        table => $"""
            select {GrantColumns}
            from {table}
            where is_privileged
            order by user_email, user_id, grant_type, role_name, team_name, group_name, connection_name
            limit 2000
            """);

    public static readonly DashboardTable Flagged = DashboardTable.Sql(
        "access-flagged",
        "Stale, inactive and pending users who still hold access",
        DataSource.Soc2("soc2_access_control"),
        table => $"""
            select {GrantColumns}
            from {table}
            where compliance_status in {FlaggedStatuses}
            order by compliance_status, user_email, user_id, grant_type, role_name, team_name, group_name, connection_name
            limit 2000
            """);

    public static readonly DashboardTable Changes = new(
        "access-changes",
        $"Access changes in the last {ChangeDays} days",
        data => data.Query(
            [DataSource.Soc2("soc2_access_changes")],
            $"""
            select detected_at, change_type, user_email, user_id, grant_type, role_name, compliance_status, team_id, group_id, connection_id
            from {DataSource.Soc2("soc2_access_changes").Qualified}
            where detected_at >= $1
            order by detected_at desc, user_email, change_type
            limit 2000
            """,
            DateTime.SpecifyKind(DateTime.UtcNow.AddDays(-ChangeDays), DateTimeKind.Unspecified)));

    public static readonly DashboardTable Grants = DashboardTable.Sql(
        "access-grants",
        "Every grant",
        DataSource.Soc2("soc2_access_control"),
        table => $"""
            select {GrantColumns}
            from {table}
            order by user_email, user_id, grant_type, role_name, team_name, group_name, connection_name
            limit 5000
            """);

    public override string Path => "/access-review";

    public override string Name => "access-review";

    public override string Title => "Access review";

    public override IReadOnlyList<DashboardTable> Tables { get; } = [LastRun, Compliance, Privileged, Flagged, Changes, Grants];

    public override void Render(PageWriter page, DashboardData data)
    {
        page.Intro("Fivetran access from the SOC2 connector's last published run: every grant (direct, through a team, on the account, a group or a connection), flagged when the user is inactive, stale (no login in 90 days), pending an invite or unknown. The auditor's one-page report: logbook report access-review.");
        var run = LastRun.Load(data);
        if (!run.HasData)
        {
            page.Table(LastRun, run);
            return;
        }

        if (run.Rows.Count == 0)
        {
            page.NoData("no completed SOC2 connector run yet: run logbook connector soc2");
            return;
        }

        var compliance = Compliance.Load(data);
        var totals = s_totals.Load(data);
        var r = run.Rows[0];
        var stats = new List<Stat>
        {
            new("access-account", "account", r[0], "neutral") { Display = r[0] as string ?? "(unknown account)" },
            new("access-as-of", "access as of (UTC)", r[2], "neutral") { Display = Html.Display(r[2]) },
        };
        if (totals.HasData)
        {
            var t = totals.Rows[0];
            var flagged = Convert.ToInt64(t[3], CultureInfo.InvariantCulture);
            stats.Add(new Stat("access-users", "users with access", t[0], "neutral"));
            stats.Add(new Stat("access-grants", "grants", t[1], "neutral"));
            stats.Add(new Stat("access-privileged", "privileged grants", t[2], "warn"));
            stats.Add(new Stat("access-flagged-users", "flagged users holding access", flagged, flagged == 0 ? "ok" : "bad"));
        }

        page.Stats(stats);
        if (compliance.HasData && compliance.Rows.Count > 0)
        {
            page.Raw("<div class=\"grid\">\n");
            page.Chart(
                "compliance",
                "Grants by compliance status",
                new ChartSpec
                {
                    Type = "doughnut",
                    Labels = [.. compliance.Values("compliance_status").Select(v => Html.Display(v))],
                    Series = [new ChartSeries("grants", [.. compliance.Values("grants").Select(Html.ChartNumber)])],
                },
                Compliance,
                compliance,
                small: true);
            page.Table(Compliance, compliance);
            page.Raw("</div>\n");
        }

        page.Table(Flagged, Flagged.Load(data));
        page.Table(Privileged, Privileged.Load(data));
        page.Table(Changes, Changes.Load(data));
        page.Table(Grants, Grants.Load(data));
        page.Table(LastRun, run);
    }
}
