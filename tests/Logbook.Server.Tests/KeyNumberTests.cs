using System.Globalization;
using Logbook.Hosting;

namespace Logbook.Server.Tests;

/// <summary>
/// What each page shows, against the warehouse: the key numbers at the top (read back from their
/// <c>data-value</c>) and the rows of the main tables, each queried here with SQL of its own.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class KeyNumberTests(DashboardFixture fixture)
{
    private const string Marts = "fct_fivetran_logs";

    [Fact]
    public async Task Overview_shows_connector_health_counts_problems_and_replication()
    {
        await using var visit = await PageVisit.OpenAsync(fixture, "/");
        var health = fixture.Sql($"select connection_health, count(*) from {Marts}.fct_fivetran_connector_health group by 1").Rows;
        health.Should().NotBeEmpty();
        foreach (var row in health)
        {
            (await visit.LongStatAsync("health-" + ((string)row[0]!).Replace(' ', '-'))).Should().Be(DashboardFixture.ToLong(row[1]), $"connections {row[0]}");
        }

        (await visit.LongStatAsync("connections-total")).Should().Be(fixture.Long($"select count(*) from {Marts}.fct_fivetran_connector_health"));
        (await visit.LongStatAsync("problematic-count")).Should().Be(fixture.Long($"select count(*) from {Marts}.fct_fivetran_problematic_connectors"));

        var streams = fixture.Server.Context.Health.Read();
        (await visit.LongStatAsync("replication-ok")).Should().Be(streams.Count(s => s.Status == "ok"));
        (await visit.ColumnAsync("replication-health", "stream")).Should().Equal(streams.Select(s => s.Stream));
        (await visit.ColumnAsync("replication-health", "health")).Should().Equal(streams.Select(s => s.Status));
        streams.Should().Contain(s => s.Stream == "market_snapshots" && s.LastError != null, "the third run of market_snapshots failed");

        var failures = fixture.Sql($"select coalesce(connection_name, connection_id) from {Marts}.fct_fivetran_sync_performance where status_category = 'failure' order by sync_ended_at desc nulls last, connection_id limit 10").Rows;
        (await visit.ColumnAsync("latest-sync-failures", "connection")).Should().Equal(failures.Select(r => (string)r[0]!));
        (await visit.ColumnAsync("latest-run-failures", "job")).Should().Contain("sync.market_snapshots", "the failed sync is a failed job of the run log");
    }

    [Fact]
    public async Task Connectors_page_lists_every_connection_and_the_problematic_ones_with_reasons()
    {
        await using var visit = await PageVisit.OpenAsync(fixture, "/connectors");
        (await visit.RowsAsync("connector-health")).Should().Be((int)fixture.Long($"select count(*) from {Marts}.fct_fivetran_connector_health"));
        var problems = fixture.Sql($"select coalesce(connection_name, connection_id), severity, severity_score, reasons from {Marts}.fct_fivetran_problematic_connectors order by severity_score desc, connection_id").Rows;
        (await visit.LongStatAsync("problematic-count")).Should().Be(problems.Count);
        foreach (var severity in new[] { "critical", "high", "medium", "low" })
        {
            (await visit.LongStatAsync("problematic-" + severity)).Should().Be(problems.Count(r => (string)r[1]! == severity));
        }

        (await visit.ColumnAsync("problematic-connectors", "connection")).Should().Equal(problems.Select(r => (string)r[0]!));
        (await visit.ColumnAsync("problematic-connectors", "severity_score")).Should().Equal(problems.Select(r => DashboardFixture.ToLong(r[2]).ToString("#,##0", CultureInfo.InvariantCulture)));
        (await visit.ColumnAsync("problematic-connectors", "reasons")).Should().Equal(problems.Select(r => (string)r[3]!));
        var broken = fixture.Long($"select count(*) from {Marts}.fct_fivetran_connector_health where connection_health = 'broken'");
        (await visit.Page.Locator("table[data-table='connector-health'] td[data-col='connection_health'] .badge.bad").CountAsync()).Should().Be((int)broken);
    }

    [Fact]
    public async Task Performance_page_sums_syncs_and_failures_over_the_window()
    {
        await using var visit = await PageVisit.OpenAsync(fixture, "/performance");
        const string window = $"date_day > (select max(date_day) from {Marts}.fct_fivetran_sync_performance_trends) - interval '90 days'";
        (await visit.LongStatAsync("performance-syncs")).Should().Be(fixture.Long($"select sum(syncs) from {Marts}.fct_fivetran_sync_performance_trends where {window}"));
        (await visit.LongStatAsync("performance-failures")).Should().Be(fixture.Long($"select sum(failures) from {Marts}.fct_fivetran_sync_performance_trends where {window}"));
        (await visit.RowsAsync("performance-daily")).Should().Be((int)fixture.Long($"select count(distinct date_day) from {Marts}.fct_fivetran_sync_performance_trends where {window}"));
        var latest = $"from {Marts}.fct_fivetran_sync_performance_trends t where date_day = (select max(date_day) from {Marts}.fct_fivetran_sync_performance_trends x where x.connection_id = t.connection_id)";
        (await visit.LongStatAsync("performance-degrading")).Should().Be(fixture.Long($"select count(*) {latest} and is_degrading"));
        (await visit.RowsAsync("performance-trends")).Should().Be((int)fixture.Long($"select count(*) {latest}"));
    }

    [Fact]
    public async Task Usage_page_shows_the_latest_month_s_mar_and_spend()
    {
        await using var visit = await PageVisit.OpenAsync(fixture, "/usage");
        (await visit.LongStatAsync("usage-latest-mar")).Should().Be(fixture.Long(
            $"select sum(total_monthly_active_rows) from {Marts}.fct_fivetran_monthly_active_rows where measured_month = (select max(measured_month) from {Marts}.fct_fivetran_monthly_active_rows)"));
        (await visit.DoubleStatAsync("usage-latest-spend")).Should().BeApproximately(fixture.Double(
            $"select coalesce(sum(estimated_spend), 0) from {Marts}.fct_fivetran_monthly_credits where measured_month = (select max(measured_month) from {Marts}.fct_fivetran_monthly_credits)"), 0.005);
        (await visit.RowsAsync("usage-spend")).Should().Be((int)fixture.Long($"select count(*) from {Marts}.fct_fivetran_monthly_credits"));
        (await visit.RowsAsync("usage-mar")).Should().Be((int)fixture.Long(
            $"select count(*) from (select distinct measured_month, coalesce(destination_name, destination_id) from {Marts}.fct_fivetran_monthly_active_rows) x"));
    }

    [Fact]
    public async Task Errors_page_counts_occurrences_by_category()
    {
        await using var visit = await PageVisit.OpenAsync(fixture, "/errors");
        const string table = $"{Marts}.fct_fivetran_error_monitoring";
        (await visit.LongStatAsync("errors-occurrences")).Should().Be(fixture.Long($"select sum(occurrences) from {table}"));
        (await visit.LongStatAsync("errors-errors")).Should().Be(fixture.Long($"select coalesce(sum(occurrences), 0) from {table} where severity = 'error'"));
        (await visit.LongStatAsync("errors-warnings")).Should().Be(fixture.Long($"select coalesce(sum(occurrences), 0) from {table} where severity = 'warning'"));
        var categories = fixture.Sql($"select error_category, sum(occurrences) as n from {table} group by 1 order by n desc, 1").Rows;
        (await visit.LongStatAsync("errors-categories")).Should().Be(categories.Count);
        (await visit.ColumnAsync("errors-by-category", "error_category")).Should().Equal(categories.Select(r => (string)r[0]!));
        (await visit.ColumnAsync("errors-by-category", "occurrences")).Should().Equal(categories.Select(r => DashboardFixture.ToLong(r[1]).ToString("#,##0", CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Activity_page_counts_schema_changes_and_actions()
    {
        await using var visit = await PageVisit.OpenAsync(fixture, "/activity");
        var changes = fixture.Long($"select count(*) from {Marts}.fct_fivetran_schema_change_history");
        var actions = fixture.Long($"select count(*) from {Marts}.fct_fivetran_user_activity");
        (await visit.LongStatAsync("schema-changes-total")).Should().Be(changes);
        (await visit.LongStatAsync("user-actions-total")).Should().Be(actions);
        var people = fixture.Long($"select count(distinct coalesce(email, actor)) from {Marts}.fct_fivetran_user_activity");
        (await visit.LongStatAsync("user-actors")).Should().Be(people, "an actor is a person's email or user id, resolved to the email where it can be");
        (await visit.RowsAsync("user-activity-by-user")).Should().Be((int)people);
        (await visit.RowsAsync("schema-changes")).Should().Be((int)Math.Min(changes, 200));
        (await visit.RowsAsync("user-activity")).Should().Be((int)Math.Min(actions, 200));
        changes.Should().BePositive();
        actions.Should().BePositive();
    }

    [Fact]
    public async Task Recommendations_page_counts_by_priority()
    {
        await using var visit = await PageVisit.OpenAsync(fixture, "/recommendations");
        const string table = $"{Marts}.fct_fivetran_connector_recommendations";
        (await visit.LongStatAsync("recommendations-total")).Should().Be(fixture.Long($"select count(*) from {table}"));
        foreach (var priority in new[] { "high", "medium", "low" })
        {
            (await visit.LongStatAsync("recommendations-" + priority)).Should().Be(fixture.Long($"select count(*) from {table} where priority = '{priority}'"));
        }

        var top = fixture.Sql($"select coalesce(connection_name, connection_id), recommendation_type from {table} order by priority_rank, impact_value desc nulls last, connection_id, recommendation_type, subject").Rows;
        (await visit.ColumnAsync("recommendations", "recommendation_type")).Should().Equal(top.Select(r => (string)r[1]!));
    }

    [Fact]
    public async Task Access_review_agrees_with_the_access_review_report()
    {
        await using var visit = await PageVisit.OpenAsync(fixture, "/access-review");
        var report = Soc2Job.Report(fixture.Host, "soc2", DateTime.UtcNow.AddDays(-30));
        (await visit.StatAsync("access-account")).Should().Be(report.AccountName);
        (await visit.LongStatAsync("access-users")).Should().Be(report.Grants.Select(g => g["user_id"]).Distinct().Count());
        (await visit.LongStatAsync("access-grants")).Should().Be(report.Grants.Count);
        (await visit.LongStatAsync("access-privileged")).Should().Be(report.Grants.Count(g => g["is_privileged"] is true));
        var flagged = report.Grants.Where(g => g["compliance_status"] is "INACTIVE" or "STALE" or "PENDING_INVITE" or "UNKNOWN_USER").ToList();
        (await visit.LongStatAsync("access-flagged-users")).Should().Be(flagged.Select(g => g["user_id"]).Distinct().Count());
        (await visit.RowsAsync("access-flagged")).Should().Be(flagged.Count);
        (await visit.RowsAsync("access-grants")).Should().Be(report.Grants.Count);
        (await visit.RowsAsync("access-privileged")).Should().Be(report.Grants.Count(g => g["is_privileged"] is true));
        report.Grants.Should().NotBeEmpty();
    }

    [Fact]
    public async Task Replication_page_sums_runs_rows_and_failures_per_stream()
    {
        await using var visit = await PageVisit.OpenAsync(fixture, "/replication");
        const string runs = "analytics.analytics_sync_runs";
        (await visit.LongStatAsync("replication-runs")).Should().Be(fixture.Long($"select count(*) from {runs}"));
        (await visit.LongStatAsync("replication-rows")).Should().Be(fixture.Long($"select sum(rows_synced) from {runs}"));
        (await visit.LongStatAsync("replication-failed-runs")).Should().Be(fixture.Long($"select count(*) from {runs} where status <> 'success'"));
        fixture.Long($"select count(*) from {runs} where status <> 'success'").Should().Be(1, "market_snapshots failed once");
        (await visit.RowsAsync("replication-runs")).Should().Be((int)fixture.Long($"select count(*) from {runs}"));
        (await visit.ColumnAsync("replication-runs", "status")).Should().Contain("failed");

        var streams = fixture.Sql($"select distinct stream from {runs} order by 1").Rows.Select(r => (string)r[0]!).ToList();
        (await visit.Page.EvaluateAsync<string[]>("Chart.getChart(document.getElementById('chart-lag')).data.datasets.map(d => d.label)")).Should().Equal(streams, "one lag line per stream");
        var highest = await visit.Page.EvaluateAsync<double>("Math.max(...Chart.getChart(document.getElementById('chart-lag')).data.datasets.flatMap(d => d.data).filter(v => v !== null))");
        highest.Should().BeApproximately(fixture.Double($"select max(latency_seconds) from {runs}"), 1e-6).And.BePositive("the safety lag leaves rows for the next run");
        (await visit.Page.EvaluateAsync<double>("Chart.getChart(document.getElementById('chart-rows')).data.datasets.flatMap(d => d.data).reduce((a, v) => a + (v ?? 0), 0)"))
            .Should().Be(fixture.Double($"select sum(rows_synced) from {runs}"), "the rows chart adds up to every run's rows");
    }

    [Fact]
    public async Task Run_log_counts_invocations_jobs_and_failures()
    {
        await using var visit = await PageVisit.OpenAsync(fixture, "/runs");
        const string audit = "logbook_audit.audit_summary";
        var invocations = fixture.Long($"select count(distinct invocation_id) from {audit}");
        (await visit.LongStatAsync("runs-invocations")).Should().Be(invocations);
        (await visit.LongStatAsync("runs-jobs")).Should().Be(fixture.Long($"select count(*) from {audit}"));
        (await visit.LongStatAsync("runs-failed")).Should().Be(fixture.Long($"select count(*) from {audit} where status in ('failed', 'abandoned')"));
        (await visit.RowsAsync("runs-recent")).Should().Be((int)Math.Min(invocations, 50));
        (await visit.RowsAsync("runs-failures")).Should().Be((int)fixture.Long($"select count(*) from {audit} where status in ('failed', 'abandoned')"));
        (await visit.ColumnAsync("runs-failures", "job")).Should().Contain("sync.market_snapshots");
        invocations.Should().BeGreaterThanOrEqualTo(6, "the demo build, the SOC2 run and four syncs");
    }
}
