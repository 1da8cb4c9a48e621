using Logbook.Analytics.Tests.Support;

namespace Logbook.Analytics.Tests;

/// <summary>The marts that combine the others: executive dashboard, problematic connectors, recommendations.</summary>
public sealed class RollupMartsTests
{
    private const string AsOf = "{fivetran_as_of: '2026-03-10 10:00:00'}";

    private static void Mar(FivetranProject project, string connection, string table, string date, long rows, string freeType = "PAID") =>
        project.Sql($"""
            insert into fivetran_log.incremental_mar (connection_name, connection_id, destination_id, free_type, measured_date, incremental_rows, sync_type, schema_name, table_name)
            values ({FivetranProject.Q(connection)}, {FivetranProject.Q(connection)}, 'd1', {FivetranProject.Q(freeType)}, timestamp {FivetranProject.Q(date)}, {rows}, 'INCREMENTAL', 'sales', {FivetranProject.Q(table)})
            """);

    [Fact]
    public void The_executive_dashboard_has_one_row_per_month_with_month_over_month_changes()
    {
        using var project = new FivetranProject().Destination("d1", "Warehouse").Connection("c1", "salesforce", "d1");
        project.Sync("c1", "f1", "2026-02-10 10:00", "2026-02-10 10:05", inserted: 10)
            .Sync("c1", "f2", "2026-02-11 10:00", "2026-02-11 10:05", inserted: 10)
            .Sync("c1", "m1", "2026-03-05 10:00", "2026-03-05 10:05", inserted: 5)
            .Sync("c1", "m2", "2026-03-06 10:00", "2026-03-06 10:05", "FAILURE")
            .Log("c1", "2026-03-06 10:04", "sync_error", "Invalid credentials", "m2", eventType: "SEVERE");
        Mar(project, "c1", "t", "2026-02-15", 100);
        Mar(project, "c1", "t", "2026-03-01", 100);
        Mar(project, "c1", "t", "2026-03-02", 50);
        project.Sql("insert into fivetran_log.credits_used values ('d1', '2026-02', 10, null); insert into fivetran_log.usage_cost values ('d1', '2026-03', 30, null)");

        project.Build("+fct_fivetran_executive_dashboard", vars: AsOf);

        var rows = project.Rows("""
            select cast(month as varchar), active_connections, healthy_connections, degraded_connections, syncs, syncs_mom_change,
                   success_rate, success_rate_mom_change, rows_synced, rows_synced_mom_change_pct, monthly_active_rows,
                   monthly_active_rows_mom_change_pct, estimated_spend, estimated_spend_mom_change_pct, errors, errors_mom_change,
                   connections_broken_now
            from fct_fivetran_logs.fct_fivetran_executive_dashboard order by month
            """);
        // February: 2 successes, 20 rows, 100 MAR, 10 credits x 1.5 = 15 dollars. March: 1 success + 1 failure,
        // 5 rows, 150 MAR, 30 dollars, one error; c1's last sync failed, so it is broken now.
        rows.Should().BeEquivalentTo(new[]
        {
            new object?[] { "2026-02-01", 1L, 1L, 0L, 2L, null, 1.0, null, 20L, null, 100L, null, 15.0, null, 0L, null, null },
            new object?[] { "2026-03-01", 1L, 0L, 1L, 2L, 0L, 0.5, -0.5, 5L, -0.75, 150L, 0.5, 30.0, 1.0, 1L, 1L, 1L },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Problematic_connectors_list_every_reason_with_a_score_and_skip_healthy_and_paused_ones()
    {
        using var project = new FivetranProject().Destination("d1", "Warehouse")
            .Connection("bad", "stripe", "d1").Connection("good", "salesforce", "d1").Connection("paused", "hubspot", "d1", paused: true);
        project.Sync("bad", "s1", "2026-03-10 01:00", "2026-03-10 01:05")
            .Sync("bad", "s2", "2026-03-10 02:00", "2026-03-10 02:05", "FAILURE", "Invalid credentials")
            .Sync("bad", "s3", "2026-03-10 03:00", "2026-03-10 03:05", "FAILURE", "Invalid credentials")
            .Sync("bad", "s4", "2026-03-10 04:00", "2026-03-10 04:05", "FAILURE", "Invalid credentials");
        project.Sync("good", "s1", "2026-03-10 09:00", "2026-03-10 09:05");
        project.Sync("paused", "s1", "2026-03-10 09:00", "2026-03-10 09:05", "FAILURE");

        project.Build("+fct_fivetran_problematic_connectors", vars: AsOf);

        // broken 40 + 3 failures in a row 30 + success rate 1/4 = 25 % < 80 % 20 = 90: critical.
        project.Rows("select connection_id, severity_score, severity, reason_count, reasons from fct_fivetran_logs.fct_fivetran_problematic_connectors")
            .Should().ContainSingle().Which.Should().Equal(
                "bad", 90L, "critical", 3L, "broken: the last completed sync failed (Invalid credentials); 3 failed syncs in a row; 7-day success rate 25%");
    }

    [Fact]
    public void Recommendations_cover_idle_syncs_failing_and_unused_connections_and_dominant_tables()
    {
        using var project = new FivetranProject().Destination("d1", "Warehouse")
            .Connection("idle", "postgres", "d1").Connection("bad", "stripe", "d1").Connection("paused", "hubspot", "d1", paused: true)
            .Connection("big", "salesforce", "d1");
        // 24 successful syncs in the week that move nothing: 18 fewer a week at a 4x longer interval.
        for (var i = 0; i < 24; i++)
        {
            var start = new DateTime(2026, 3, 9, 10, 0, 0).AddMinutes(30 * i);
            project.Sync("idle", "s" + i, start.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), start.AddMinutes(1).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        }

        project.Sync("bad", "s1", "2026-03-10 01:00", "2026-03-10 01:05", "FAILURE");
        Mar(project, "paused", "t", "2026-03-02", 500);
        Mar(project, "big", "accounts", "2026-03-02", 90);
        Mar(project, "big", "notes", "2026-03-02", 10);

        project.Build("+fct_fivetran_connector_recommendations", vars: AsOf);

        project.Rows("select connection_id, recommendation_type, subject, priority, evidence, impact_value from fct_fivetran_logs.fct_fivetran_connector_recommendations order by connection_id, recommendation_type")
            .Should().BeEquivalentTo(new[]
            {
                new object?[] { "bad", "fix_failing_connector", null, "high", "broken: the last completed sync failed", 40.0 },
                new object?[] { "big", "review_dominant_table", "sales.accounts", "low", "sales.accounts holds 90% of the connection's MAR", 90.0 },
                new object?[] { "idle", "reduce_sync_frequency", null, "medium", "24 of 24 successful syncs in the last 7 days moved no rows", 18.0 },
                new object?[] { "paused", "remove_unused_connection", null, "high", "the connection is paused but carries 500 MAR in the latest month", 500.0 },
            }, o => o.WithStrictOrdering());
    }
}
