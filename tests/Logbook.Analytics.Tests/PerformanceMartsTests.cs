using Logbook.Analytics.Tests.Support;

namespace Logbook.Analytics.Tests;

/// <summary>The performance marts on small hand-made logs, with expected values worked out by hand.</summary>
public sealed class PerformanceMartsTests
{
    private const string Health = "fct_fivetran_logs.fct_fivetran_connector_health";
    private const string AsOf = "{fivetran_as_of: '2026-03-10 10:00:00'}";

    private static FivetranProject Project() => new FivetranProject().Destination("d1", "Warehouse");

    [Fact]
    public void Every_health_state_comes_out_in_the_reference_order_plus_delayed()
    {
        using var project = Project();
        project.Connection("deleted", "a", "d1", deleted: true).Connection("paused", "b", "d1", paused: true)
            .Connection("never", "c", "d1").Connection("initial", "d", "d1").Connection("broken", "e", "d1")
            .Connection("priority", "f", "d1").Connection("delayed", "g", "d1").Connection("fine", "h", "d1")
            .Connection("failing_start", "i", "d1");
        // Syncs of deleted and paused connections do not matter: the flags win.
        project.Sync("deleted", "s1", "2026-03-10 01:00", "2026-03-10 01:05", "FAILURE");
        project.Sync("paused", "s1", "2026-03-10 01:00", "2026-03-10 01:05", "FAILURE");
        project.Log("initial", "2026-03-10 09:00", "sync_start", sync: "s1");
        project.Log("failing_start", "2026-03-10 09:00", "sync_start", sync: "s1")
            .Log("failing_start", "2026-03-10 09:01", "sync_error", "Invalid credentials", "s1", eventType: "SEVERE");
        project.Sync("broken", "s1", "2026-03-10 06:00", "2026-03-10 06:10")
            .Sync("broken", "s2", "2026-03-10 07:00", "2026-03-10 07:10", "FAILURE_WITH_TASK", "Missing permissions")
            .Sync("broken", "s3", "2026-03-10 08:00", "2026-03-10 08:20", "FAILURE");
        project.Sync("priority", "s1", "2026-03-10 06:00", "2026-03-10 06:10")
            .Log("priority", "2026-03-10 07:00", "sync_start", sync: "s2")
            .Log("priority", "2026-03-10 07:30", "status", """{"status":"RESCHEDULED","reason":"This is intended behavior and means that the connection is working as expected."}""", "s2");
        // Hourly syncs until 02:00, nothing since: 8 h since the last success > 3 x the 1 h interval.
        foreach (var hour in new[] { "00", "01", "02" })
        {
            project.Sync("delayed", "s" + hour, $"2026-03-10 {hour}:00", $"2026-03-10 {hour}:05");
        }

        foreach (var hour in new[] { "07", "08", "09" })
        {
            project.Sync("fine", "s" + hour, $"2026-03-10 {hour}:00", $"2026-03-10 {hour}:0{(hour == "09" ? "9" : "1")}");
        }

        project.Build("+fct_fivetran_connector_health", vars: AsOf);

        project.Rows($"select connection_id, connection_health from {Health} order by connection_id").Select(r => $"{r[0]}={r[1]}").Should().Equal(
            "broken=broken", "delayed=delayed", "deleted=deleted", "failing_start=broken", "fine=connected", "initial=initial sync in progress",
            "never=incomplete", "paused=paused", "priority=priority first sync");
    }

    [Fact]
    public void Health_figures_count_the_week_the_failures_since_success_and_the_errors_since_the_last_sync()
    {
        using var project = Project();
        project.Connection("c1", "salesforce", "d1");
        project.Sync("c1", "old", "2026-03-01 10:00", "2026-03-01 10:10") // 9 days before as-of: outside the week
            .Sync("c1", "s1", "2026-03-09 10:00", "2026-03-09 10:01")      // 60 s
            .Sync("c1", "s2", "2026-03-09 11:00", "2026-03-09 11:03")      // 180 s
            .Sync("c1", "s3", "2026-03-09 12:00", "2026-03-09 12:05", "FAILURE") // 300 s
            .Sync("c1", "s4", "2026-03-09 13:00", "2026-03-09 13:10", "FAILURE_WITH_TASK") // 600 s
            .Sync("c1", "s5", "2026-03-09 14:00", "2026-03-09 14:02", "CANCELED") // 120 s; neither success nor failure
            .Log("c1", "2026-03-09 13:05", "sync_error", "boom", "s4", eventType: "SEVERE")
            .Log("c1", "2026-03-09 15:00", "x", "late warning", eventType: "WARNING")
            .Log("c1", "2026-03-09 15:01", "x", "late error", eventType: "SEVERE")
            .Log("c1", "2026-03-09 15:02", "alter_table", """{"type":"ADD_COLUMN","table":"t"}""")
            .Log("c1", "2026-01-01 15:02", "create_table", """{"name":"t"}""");

        project.Build("+fct_fivetran_connector_health", vars: AsOf);

        var row = project.Rows($"""
            select connection_health, syncs_last_7_days, successes_last_7_days, failures_last_7_days, success_rate_7d,
                   consecutive_failures, duration_p50_seconds_7d, errors_since_last_completed_sync, warnings_since_last_completed_sync,
                   schema_changes_last_30_days, observed_sync_interval_seconds, cast(last_successful_sync_completed_at as varchar), last_completed_status
            from {Health}
            """).Single();
        // The week: s1..s5 (5 syncs; 2 successes, 2 failures -> 0.5). Durations 60, 120, 180, 300, 600 -> median 180.
        // Failures after the last success (11:03): s3 and s4. The last completed sync is s5 (14:02): one error and
        // one warning came after it. Gaps between starts over 28 days: 8 days then 1 h x 4 -> median 1 h, and the
        // last success is 22:57 h old at as-of, more than 3 x 1 h: delayed.
        row.Should().Equal(new object?[] { "delayed", 5L, 2L, 2L, 0.5, 2L, 180.0, 1L, 1L, 1L, 3600.0, "2026-03-09 11:03:00", "canceled" });
    }

    [Fact]
    public void Sync_performance_has_one_row_per_sync_with_names_and_volumes()
    {
        using var project = Project();
        project.Connection("c1", "salesforce", "d1", type: "salesforce");
        project.Sync("c1", "s1", "2026-03-09 23:50", "2026-03-10 00:20", inserted: 3, updated: 2, deleted: 1, queries: 17)
            .Log("c1", "2026-03-10 00:19", "sync_stats", """{"extract_time_s":12.5,"load_time_s":3,"total_time_s":1800}""", "s1");
        project.Sync("unknown_connection", "s9", "2026-03-10 01:00", "2026-03-10 01:01");

        project.Build("+fct_fivetran_sync_performance", vars: AsOf);

        project.Rows("""
            select connection_id, connection_name, destination_name, sync_id, cast(sync_date as varchar), duration_seconds, final_status,
                   rows_inserted, rows_updated, rows_deleted, rows_total, api_queries, extract_time_s, load_time_s, total_time_s, process_time_s
            from fct_fivetran_logs.fct_fivetran_sync_performance order by sync_id
            """).Should().BeEquivalentTo(new[]
        {
            new object?[] { "c1", "salesforce", "Warehouse", "s1", "2026-03-09", 1800L, "SUCCESSFUL", 3L, 2L, 1L, 6L, 17L, 12.5, 3.0, 1800.0, null },
            new object?[] { "unknown_connection", null, null, "s9", "2026-03-10", 60L, "SUCCESSFUL", 0L, 0L, 0L, 0L, 0L, null, null, null, null },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Trends_zero_fill_days_roll_seven_days_and_flag_a_success_rate_drop_against_the_baseline()
    {
        using var project = Project();
        project.Connection("c1", "salesforce", "d1");
        // One sync a day from 2026-02-01 to 2026-03-10: successful (10 rows) until 03-03, failing from 03-04 on,
        // except no sync at all on 02-10.
        project.Sql("""
            insert into fivetran_log.log (id, time_stamp, connection_id, event, message_data, message_event, sync_id)
            select 'l' || d || e, cast(day_at as timestamp) + e * interval '1 minute', 'c1', 'INFO',
                   case e when 1 then '{"table":"t","schema":"s","operation_type":"UPDATED","count":10}'
                          when 2 then case when day_at < date '2026-03-04' then '{"status":"SUCCESSFUL"}' else '{"status":"FAILURE"}' end end,
                   case e when 0 then 'sync_start' when 1 then 'records_modified' else 'sync_end' end,
                   's' || d
            from (select day_at, row_number() over (order by day_at) as d
                  from generate_series(timestamp '2026-02-01', timestamp '2026-03-10', interval '1 day') as g(day_at)
                  where day_at <> timestamp '2026-02-10') as days,
                 range(3) as events(e)
            """);

        project.Build("+fct_fivetran_sync_performance_trends", vars: AsOf);

        const string trends = "fct_fivetran_logs.fct_fivetran_sync_performance_trends";
        project.Count($"select count(*) from {trends}").Should().Be(38, "every day from 02-01 to 03-10, the empty 02-10 included");
        project.Rows($"select syncs, rows_total, syncs_7d from {trends} where date_day = date '2026-02-10'").Single().Should().Equal(0L, 0L, 6L);
        project.Rows($"select is_degrading from {trends} where date_day = date '2026-03-03'").Single().Should().Equal(false);
        // On 03-10 the week (03-04..03-10) is 7 failures: rate 0; the baseline (02-04..03-03, 27 syncs without 02-10) is all successes.
        var last = project.Rows($"select syncs_7d, success_rate_7d, syncs_baseline, success_rate_baseline, rows_7d, is_degrading, degradation_reason from {trends} where date_day = date '2026-03-10'").Single();
        last.Should().Equal(new object?[] { 7L, 0.0, 27L, 1.0, 70L, true, "success rate 0% over 7 days vs 100% before" });
    }
}
