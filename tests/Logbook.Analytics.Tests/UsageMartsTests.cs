using System.Globalization;
using Logbook.Analytics.Tests.Support;

namespace Logbook.Analytics.Tests;

/// <summary>
/// The usage marts (tag usage): monthly MAR per table, monthly credits and spend per destination, daily API usage
/// per connection. Every expected value below is worked out by hand from the rows each test writes; every build
/// runs the marts' YAML tests, which must pass.
/// </summary>
public sealed class UsageMartsTests
{
    private const string Marts = "fct_fivetran_logs";

    [Fact]
    public void Monthly_active_rows_sum_the_daily_rows_and_a_null_free_type_counts_as_paid()
    {
        using var project = new FivetranProject().Destination("d1", "Warehouse").Connection("c1", "salesforce", "d1");
        project.Mar("salesforce", "d1", "PAID", "2026-02-03", 100)
            .Mar("salesforce", "d1", "PAID", "2026-02-20", 50)
            .Mar("salesforce", "d1", "free_historical", "2026-02-20", 30)
            .Mar("salesforce", "d1", null, "2026-02-25", 20)
            .Mar("salesforce", "d1", "", "2026-02-26", 1)
            .Mar("salesforce", "d1", "PAID", "2026-03-01", 7)
            .Mar("salesforce", "d1", "PAID", "2026-02-04", 9, table: "contact");

        project.Build("+fct_fivetran_monthly_active_rows");

        // Not cumulative: February's paid rows are 100 + 50 + 20 (NULL free type) + 1 (blank), not the last value.
        Lines(project, $"""
            select measured_month, table_name, connection_id, connection_name, connector_type, destination_name, connection_match,
                   free_monthly_active_rows, paid_monthly_active_rows, total_monthly_active_rows, last_measured_date
            from {Marts}.fct_fivetran_monthly_active_rows order by 1, 2
            """).Should().Equal(
            "2026-02-01 account c1 salesforce salesforce Warehouse connection_name 30 171 201 2026-02-26",
            "2026-02-01 contact c1 salesforce salesforce Warehouse connection_name 0 9 9 2026-02-04",
            "2026-03-01 account c1 salesforce salesforce Warehouse connection_name 0 7 7 2026-03-01");
    }

    [Fact]
    public void Monthly_active_rows_find_the_connection_by_its_id_else_by_name_in_the_destination_and_keep_the_unmatched()
    {
        using var project = new FivetranProject().Destination("d1", "Warehouse").Destination("d2", "Lake")
            .Connection("c1", "salesforce", "d1")
            .Connection("c2", "postgres", "d1", type: "postgres")
            .Connection("c3", "shared", "d1", deleted: true, synced: "2026-03-05")
            .Connection("c4", "shared", "d1", type: "hubspot", synced: "2026-02-01")
            .Connection("c5", "salesforce", "d2");
        // c2 was renamed: its newer rows carry its id and the old name, its older rows only the new name.
        project.Mar("pg_old", "d1", "PAID", "2026-02-10", 10, connectionId: "c2")
            .Mar("postgres", "d1", "PAID", "2026-02-01", 5)
            // Two connections named 'shared' in d1: the one not deleted wins.
            .Mar("shared", "d1", "PAID", "2026-02-02", 3)
            // The same name in another destination is another connection.
            .Mar("salesforce", "d2", "PAID", "2026-02-02", 4)
            .Mar("salesforce", "d1", "PAID", "2026-02-02", 6)
            // Gone from the connection table: two unmatched names stay apart; an id nobody knows is kept as is.
            .Mar("gone", "d1", "PAID", "2026-02-03", 8)
            .Mar("gone_too", "d1", "FREE", "2026-02-03", 2)
            .Mar("hvr", "d1", "PAID", "2026-02-03", 1, connectionId: "c9");

        project.Build("+fct_fivetran_monthly_active_rows");

        Lines(project, $"""
            select destination_id, coalesce(connection_id, '-'), connection_name, coalesce(connector_type, '-'), connection_match, total_monthly_active_rows
            from {Marts}.fct_fivetran_monthly_active_rows order by 1, 3
            """).Should().Equal(
            "d1 - gone - unmatched 8",
            "d1 - gone_too - unmatched 2",
            "d1 c9 hvr - connection_id 1",
            "d1 c2 postgres postgres connection_id 15",
            "d1 c1 salesforce salesforce connection_name 6",
            "d1 c4 shared hubspot connection_name 3",
            "d2 c5 salesforce salesforce connection_name 4");
    }

    [Fact]
    public void Monthly_credits_keep_every_destination_month_and_estimate_spend_from_credits()
    {
        using var project = new FivetranProject().Destination("d1", "Warehouse").Destination("d2", "Lake").Connection("c1", "salesforce", "d1");
        // d1 January: credits only. February: credits, dollars, 2 M MAR (one row without a free type) and model runs.
        // March: MAR only. d2 February: dollars only; March: zero credits with MAR; April: model runs only.
        project.Sql("""
            insert into fivetran_log.credits_used values ('d1', '2026-01', 10, null), ('d1', '2026-02', 4, null), ('d2', '2026-03', 0, null);
            insert into fivetran_log.usage_cost values ('d1', '2026-02', 8, null), ('d2', '2026-02', 3, null);
            insert into fivetran_log.transformation_runs values
              ('d1', 'j1', timestamp '2026-02-03', 'dbt_core', 'PAID', 'nightly', null, 5, null),
              ('d1', 'j1', timestamp '2026-02-04', 'dbt_core', 'free', 'nightly', null, 3, null),
              ('d1', 'j2', timestamp '2026-02-05', 'quickstart', null, 'hourly', null, 2, null),
              ('d2', 'j3', timestamp '2026-04-01', 'dbt_core', 'PAID', 'weekly', null, 1, null);
            """);
        project.Mar("salesforce", "d1", "PAID", "2026-02-03", 1_500_000)
            .Mar("salesforce", "d1", "FREE", "2026-02-04", 400_000)
            .Mar("salesforce", "d1", null, "2026-02-05", 100_000, table: "contact")
            .Mar("salesforce", "d1", "PAID", "2026-03-02", 7)
            .Mar("lake_conn", "d2", "PAID", "2026-03-02", 1000);

        project.Build("+fct_fivetran_monthly_credits");

        Lines(project, $"""
            select destination_id, measured_month, destination_name, credits_spent, dollars_spent, estimated_spend, is_spend_estimated,
                   paid_model_runs, free_model_runs, total_model_runs, free_monthly_active_rows, paid_monthly_active_rows, total_monthly_active_rows,
                   cost_per_million_mar, credits_per_million_mar, mar_per_credit
            from {Marts}.fct_fivetran_monthly_credits order by 1, 2
            """).Should().Equal(
            "d1 2026-01-01 Warehouse 10 null 15 True 0 0 0 0 0 0 null null 0",
            "d1 2026-02-01 Warehouse 4 8 8 False 7 3 10 400000 1600000 2000000 4 2 500000",
            "d1 2026-03-01 Warehouse null null null False 0 0 0 0 7 7 null null null",
            "d2 2026-02-01 Lake null 3 3 False 0 0 0 0 0 0 null null null",
            "d2 2026-03-01 Lake 0 null 0 True 0 0 0 0 1000 1000 0 0 null",
            "d2 2026-04-01 Lake null null null False 1 0 1 0 0 0 null null null");
    }

    [Fact]
    public void Monthly_credits_price_credits_with_the_var()
    {
        using var project = new FivetranProject().Destination("d1", "Warehouse");
        project.Sql("insert into fivetran_log.credits_used values ('d1', '2026-01', 10, null)");

        project.Build("+fct_fivetran_monthly_credits", vars: "{fivetran_price_per_credit: 2.25}");

        Lines(project, $"select estimated_spend, is_spend_estimated from {Marts}.fct_fivetran_monthly_credits").Should().Equal("22.5 True");
    }

    [Fact]
    public void Daily_api_usage_zero_fills_from_set_up_to_as_of_and_combines_syncs_with_sync_less_events()
    {
        using var project = new FivetranProject().Destination("d1", "Warehouse").Destination("d2", "Lake")
            .Connection("c1", "salesforce", "d1", setUp: "2026-03-01 10:00")
            .Connection("c2", "postgres", "d1", type: "postgres", setUp: "2026-03-03")
            .Connection("c3", "later", "d2", setUp: "2026-03-11");
        project.Sql("insert into fivetran_log.connection (connection_id, connection_name, destination_id) values ('c4', 'never_set_up', 'd1')");
        // c1, 03-02: s1 has an extract_summary (40), so its api_call row is not counted again; s2 (no summary) has 3
        // api_call rows and runs past midnight, counted on its start day. Records: 5 + 2 (s1) + 4 (s2).
        project.Sync("c1", "s1", "2026-03-02 10:00", "2026-03-02 10:05", inserted: 5, updated: 2, queries: 40)
            .Log("c1", "2026-03-02 10:01", "api_call", sync: "s1")
            .Sync("c1", "s2", "2026-03-02 23:50", "2026-03-03 00:10", updated: 4)
            .Log("c1", "2026-03-02 23:55", "api_call", sync: "s2")
            .Log("c1", "2026-03-03 00:01", "api_call", sync: "s2")
            .Log("c1", "2026-03-03 00:02", "api_call", sync: "s2")
            // 03-04: two api_call events without a sync, two schema changes (one inside a sync), one other event.
            .Log("c1", "2026-03-04 08:00", "api_call")
            .Log("c1", "2026-03-04 08:01", "api_call")
            .Log("c1", "2026-03-04 09:00", "alter_table", """{"table":"account","type":"ADD_COLUMN"}""", sync: "s3")
            .Log("c1", "2026-03-04 09:00", "create_table", """{"name":"lead","schema":"sales"}""", sync: "s3")
            .Log("c1", "2026-03-04 09:00", "write_to_table_start", """{"table":"lead"}""", sync: "s3")
            // 03-05, without syncs: an extract_summary (9) wins over the day's api_call; 6 deleted records; two schema changes.
            .Log("c1", "2026-03-05 07:00", "extract_summary", """{"total_queries":9}""")
            .Log("c1", "2026-03-05 07:01", "api_call")
            .Log("c1", "2026-03-05 07:02", "records_modified", """{"table":"t","schema":"s","operation_type":"DELETED","count":6}""")
            .Log("c1", "2026-03-05 08:00", "change_schema_config", """{"actor":"a@b.c"}""")
            .Log("c1", "2026-03-05 08:00", "create_schema", """{"schema":"new"}""")
            // After the as-of date: not counted.
            .Log("c1", "2026-03-11 01:00", "api_call")
            // c2: a schema change the day before its set-up day (the calendar starts there), 6 queries on 03-04.
            .Log("c2", "2026-03-02 12:00", "create_table", """{"name":"orders","schema":"public"}""")
            .Sync("c2", "s4", "2026-03-04 09:00", "2026-03-04 09:10", queries: 6)
            // c9: known only to the log.
            .Log("c9", "2026-03-09 12:00", "api_call");

        project.Build("+fct_fivetran_daily_api_usage", vars: "{fivetran_as_of: '2026-03-10 18:00:00'}");

        const string columns = "date_day, api_calls, record_modifications, schema_changes, round(api_calls_7d_avg, 4), round(destination_api_call_share, 4)";
        Lines(project, $"select {columns} from {Marts}.fct_fivetran_daily_api_usage where connection_id = 'c1' order by date_day").Should().Equal(
            "2026-03-01 0 0 0 0 null",
            "2026-03-02 43 11 0 21.5 1",
            "2026-03-03 0 0 0 14.3333 null",
            "2026-03-04 2 0 2 11.25 0.25",
            "2026-03-05 9 6 2 10.8 1",
            "2026-03-06 0 0 0 9 null",
            "2026-03-07 0 0 0 7.7143 null",
            "2026-03-08 0 0 0 7.7143 null",
            "2026-03-09 0 0 0 1.5714 null",
            "2026-03-10 0 0 0 1.5714 null");
        Lines(project, $"select {columns} from {Marts}.fct_fivetran_daily_api_usage where connection_id = 'c2' and (api_calls > 0 or schema_changes > 0) order by date_day")
            .Should().Equal("2026-03-02 0 0 1 0 0", "2026-03-04 6 0 0 2 0.75");
        Lines(project, $"""
            select connection_id, coalesce(connection_name, '-'), coalesce(destination_id, '-'), min(date_day), max(date_day), count(*), sum(api_calls), count(destination_api_call_share)
            from {Marts}.fct_fivetran_daily_api_usage group by 1, 2, 3 order by 1
            """).Should().Equal(
            "c1 salesforce d1 2026-03-01 2026-03-10 10 54 3",
            "c2 postgres d1 2026-03-02 2026-03-10 9 6 3",
            "c9 - - 2026-03-09 2026-03-10 2 1 0");
    }

    [Fact]
    public void Usage_marts_build_on_an_account_without_optional_tables()
    {
        using var project = new FivetranProject(["incremental_mar", "credits_used", "usage_cost", "transformation_runs"]).Destination("d1", "Warehouse")
            .Connection("c1", "salesforce", "d1", setUp: "2026-03-08");

        project.Build("+tag:usage", vars: "{fivetran_as_of: '2026-03-10 00:00:00'}");

        project.Count($"select count(*) from {Marts}.fct_fivetran_monthly_active_rows").Should().Be(0);
        project.Count($"select count(*) from {Marts}.fct_fivetran_monthly_credits").Should().Be(0);
        Lines(project, $"select date_day, api_calls, api_calls_7d_avg from {Marts}.fct_fivetran_daily_api_usage order by 1")
            .Should().Equal("2026-03-08 0 0", "2026-03-09 0 0", "2026-03-10 0 0");
    }

    /// <summary>Each row as its values (invariant culture, NULL as "null") joined by spaces.</summary>
    private static List<string> Lines(FivetranProject project, string sql) =>
        [.. project.Rows(sql).Select(row => string.Join(" ", row.Select(value => value switch
        {
            null => "null",
            DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTime time => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        })))];
}

/// <summary>Fixture helpers of the usage tests (kept here, not in the shared fixture).</summary>
internal static class UsageTestExtensions
{
    /// <summary>Adds an incremental_mar row (connection_name spelling; connection_id only when given).</summary>
    public static FivetranProject Mar(this FivetranProject project, string connection, string destination, string? freeType, string day, long rows, string schema = "sales", string table = "account", string? connectionId = null)
    {
        project.Sql($"""
            insert into fivetran_log.incremental_mar (connection_name, connection_id, destination_id, free_type, measured_date, incremental_rows, sync_type, schema_name, table_name)
            values ({FivetranProject.Q(connection)}, {Nullable(connectionId)}, {FivetranProject.Q(destination)}, {Nullable(freeType)}, timestamp {FivetranProject.Q(day)}, {rows}, 'INCREMENTAL', {FivetranProject.Q(schema)}, {FivetranProject.Q(table)})
            """);
        return project;
    }

    private static string Nullable(string? value) => value is null ? "null" : FivetranProject.Q(value);
}
