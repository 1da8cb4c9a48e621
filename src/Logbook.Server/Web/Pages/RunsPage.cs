using System.Globalization;

namespace Logbook.Server.Web.Pages;

/// <summary><c>/runs</c>: the run audit log (<c>audit_summary</c>): recent invocations, failures and durations.</summary>
internal sealed class RunsPage : DashboardPage
{
    public const int RecentInvocations = 50;

    public static readonly DashboardTable Recent = DashboardTable.Sql(
        "runs-recent",
        "Recent invocations",
        context => DataSource.Audit(context),
        table => $"""
            select invocation_id, min(run_started_at) as started_at,
                   case when count(case when status = 'failed' then 1 end) > 0 then 'failed'
                        when count(case when status = 'abandoned' then 1 end) > 0 then 'abandoned'
                        when count(case when status = 'started' then 1 end) > 0 then 'running'
                        else 'completed' end as status,
                   min(job_type) as job_type, count(*) as jobs,
                   count(case when status in ('failed', 'abandoned') then 1 end) as failed_jobs,
                   extract(epoch from max(run_ended_at)) - extract(epoch from min(run_started_at)) as wall_seconds,
                   sum(duration_seconds) as job_seconds, cast(sum(rows_affected) as bigint) as rows_affected,
                   max(target_name) as target_name, max(run_by_user) as run_by_user, max(host) as host
            from {table}
            group by invocation_id
            order by started_at desc, invocation_id
            limit {RecentInvocations}
            """);

    public static readonly DashboardTable Failures = DashboardTable.Sql(
        "runs-failures",
        "Failed and abandoned jobs",
        context => DataSource.Audit(context),
        table => $"""
            select run_started_at, model_name as job, job_type, status, duration_seconds, target_name, invocation_id, error_message
            from {table}
            where status in ('failed', 'abandoned')
            order by run_started_at desc, model_name
            limit {SharedTables.RecentLimit}
            """);

    public static readonly DashboardTable Slowest = DashboardTable.Sql(
        "runs-slowest",
        "The 25 slowest jobs (mean duration)",
        context => DataSource.Audit(context),
        table => $"""
            select model_name as job, min(job_type) as job_type, count(*) as runs, avg(duration_seconds) as mean_seconds,
                   max(duration_seconds) as max_seconds, count(case when status in ('failed', 'abandoned') then 1 end) as failures,
                   max(run_started_at) as last_run_at
            from {table}
            where duration_seconds is not null
            group by model_name
            order by mean_seconds desc, job
            limit 25
            """);

    private static readonly DashboardTable s_totals = DashboardTable.Sql(
        "runs-totals",
        "Totals",
        context => DataSource.Audit(context),
        table => $"""
            select count(distinct invocation_id) as invocations, count(*) as jobs,
                   count(case when status = 'failed' then 1 end) as failed, count(case when status = 'abandoned' then 1 end) as abandoned,
                   count(case when status = 'started' then 1 end) as running, avg(duration_seconds) as mean_seconds
            from {table}
            """);

    public override string Path => "/runs";

    public override string Name => "runs";

    public override string Title => "Run log";

    public override IReadOnlyList<DashboardTable> Tables { get; } = [Recent, Failures, Slowest];

    public override void Render(PageWriter page, DashboardData data)
    {
        page.Intro($"Every job Logbook ran (models, tests, seeds, snapshots, syncs, the SOC2 connector), from the run audit log {data.Context.Host.Project.AuditSchema}.audit_summary. An invocation is one command; it failed when any of its jobs did.");
        var totals = s_totals.Load(data);
        if (!totals.HasData)
        {
            page.Table(Recent, totals);
            return;
        }

        var t = totals.Rows[0];
        var failed = Convert.ToInt64(t[2], CultureInfo.InvariantCulture) + Convert.ToInt64(t[3], CultureInfo.InvariantCulture);
        page.Stats(
        [
            new Stat("runs-invocations", "invocations", t[0], "neutral"),
            new Stat("runs-jobs", "jobs", t[1], "neutral"),
            new Stat("runs-failed", "failed or abandoned jobs", failed, failed == 0 ? "ok" : "bad"),
            new Stat("runs-running", "running now", t[4], "neutral"),
            new Stat("runs-mean-seconds", "mean job duration, s", t[5], "neutral"),
        ]);

        var recent = Recent.Load(data);
        var slowest = Slowest.Load(data);
        page.Raw("<div class=\"grid\">\n");
        if (recent.HasData && recent.Rows.Count > 0)
        {
            var chronological = recent.Rows.AsEnumerable().Reverse().ToList();
            page.Chart(
                "invocations",
                "Recent invocations: duration and jobs",
                new ChartSpec
                {
                    Type = "bar",
                    Labels = [.. chronological.Select(r => Html.Bucket(r[recent.Index("started_at")]) + " " + Html.Display(r[recent.Index("job_type")]))],
                    Series =
                    [
                        new ChartSeries("wall seconds", [.. chronological.Select(r => Html.ChartNumber(r[recent.Index("wall_seconds")]))]),
                        new ChartSeries("failed jobs", [.. chronological.Select(r => Html.ChartNumber(r[recent.Index("failed_jobs")]))], "line", "y2"),
                    ],
                    YTitle = "seconds",
                    Y2Title = "failed jobs",
                },
                Recent,
                recent);
        }

        if (slowest.HasData && slowest.Rows.Count > 0)
        {
            page.Chart(
                "slowest",
                "Slowest jobs (mean seconds)",
                new ChartSpec
                {
                    Type = "bar",
                    Labels = [.. slowest.Values("job").Select(v => Html.Display(v))],
                    Series = [new ChartSeries("mean seconds", [.. slowest.Values("mean_seconds").Select(Html.ChartNumber)])],
                    Horizontal = true,
                },
                Slowest,
                slowest);
        }

        page.Raw("</div>\n");
        page.Table(Recent, recent, string.Create(CultureInfo.InvariantCulture, $"The latest {RecentInvocations}; wall seconds from the first job's start to the last one's end."));
        page.Table(Failures, Failures.Load(data), null, "error_message");
        page.Table(Slowest, slowest);
    }
}
