namespace Logbook.Samples.Tests;

/// <summary>The invariants the reference promises (fivetran_platform_log.md sections 1, 2.0.2, 2.9 and 6) hold in a small dataset.</summary>
public sealed class RealismTests(SmallDataset dataset) : IClassFixture<SmallDataset>
{
    private SampleWarehouse Warehouse => dataset.Warehouse;

    [Fact]
    public void Every_sync_id_has_exactly_one_sync_start_and_at_most_one_sync_end()
    {
        Warehouse.Count("""
            select count(*) from (
                select sync_id from fivetran_log.log where sync_id is not null group by sync_id
                having count(distinct id) filter (where message_event = 'sync_start') <> 1
                    or count(distinct id) filter (where message_event = 'sync_end') > 1)
            """).Should().Be(0);
        Warehouse.Count("select count(distinct sync_id) from fivetran_log.log").Should().BeGreaterThan(500);
    }

    [Fact]
    public void Sync_ends_carry_every_status()
    {
        var statuses = Strings("select distinct j(message_data, 'status') from fivetran_log.log where message_event = 'sync_end'");

        statuses.Should().Contain(["SUCCESSFUL", "FAILURE", "FAILURE_WITH_TASK", "CANCELED", "RESCHEDULED"]);
        Warehouse.Count("""
            select count(*) from fivetran_log.log where message_event = 'sync_end'
            and j(message_data, 'status') like 'FAILURE%' and j(message_data, 'reason') is null
            """).Should().Be(0, "failures give their reason");
    }

    [Fact]
    public void Failures_are_preceded_by_severe_events_with_realistic_messages()
    {
        var messages = Strings("select distinct j(message_data, 'message') from fivetran_log.log where event = 'SEVERE'");

        messages.Should().Contain(m => m.StartsWith("Invalid credentials", StringComparison.Ordinal));
        Strings("select distinct event from fivetran_log.log where event is not null").Should().BeEquivalentTo(["INFO", "WARNING", "SEVERE"]);
        Warehouse.Count("""
            select count(*) from fivetran_log.log e where message_event = 'sync_end' and message_data like '%"FAILURE%'
            and not exists (select 1 from fivetran_log.log s where s.sync_id = e.sync_id and s.event = 'SEVERE')
            """).Should().Be(0);
    }

    [Fact]
    public void Priority_first_syncs_reschedule_with_the_intended_behavior_reason_as_status_and_as_sync_end()
    {
        const string Reason = "We have rescheduled the connection to force flush data from the forward sync into your destination. This is intended behavior and means that the connection is working as expected.";
        var events = Strings($"""
            select distinct message_event from fivetran_log.log
            where j(message_data, 'status') = 'RESCHEDULED'
            and j(message_data, 'reason') = '{Reason}'
            """);

        events.Should().BeEquivalentTo(["status", "sync_end"]);
    }

    [Fact]
    public void Some_record_counts_exceed_a_32_bit_integer()
    {
        Warehouse.Count("""
            select count(*) from fivetran_log.log where message_event = 'records_modified'
            and try_cast(j(message_data, 'count') as bigint) > 2147483647
            """).Should().BePositive();
    }

    [Fact]
    public void Records_modified_name_table_schema_and_each_operation_type_in_both_spellings()
    {
        Strings("""
            select distinct coalesce(j(message_data, 'operation_type'), j(message_data, 'operationType'))
            from fivetran_log.log where message_event = 'records_modified'
            """).Should().BeEquivalentTo(["REPLACED_OR_INSERTED", "UPDATED", "DELETED"]);
        Warehouse.Count("select count(*) from fivetran_log.log where message_event = 'records_modified' and message_data like '%\"operationType\"%'").Should().BePositive();
        Warehouse.Count("select count(*) from fivetran_log.log where message_event = 'records_modified' and message_data like '%\"operation_type\"%'").Should().BePositive();
        Warehouse.Count("""
            select count(*) from fivetran_log.log where message_event in ('records_modified', 'write_to_table_start', 'write_to_table_end')
            and json_valid(message_data) and j(message_data, 'table') is null
            """).Should().Be(0);
    }

    [Fact]
    public void Api_usage_is_logged_as_api_call_rows_and_as_extract_summaries_in_both_spellings()
    {
        Warehouse.Count("select count(*) from fivetran_log.log where message_event = 'api_call'").Should().BePositive();
        Warehouse.Count("select count(*) from fivetran_log.log where message_event = 'extract_summary' and message_data like '{\"total_queries\":%'").Should().BePositive();
        Warehouse.Count("select count(*) from fivetran_log.log where message_event = 'extract_summary' and message_data like '{\"totalQueries\":%'").Should().BePositive();
    }

    [Fact]
    public void Most_successful_syncs_report_sync_stats_with_every_metric()
    {
        var keys = Strings("""
            select distinct unnest(json_keys(case when json_valid(message_data) then message_data end)) from fivetran_log.log where message_event = 'sync_stats'
            """);
        keys.Should().BeEquivalentTo(["extract_time_s", "extract_volume_mb", "process_time_s", "process_volume_mb", "load_time_s", "load_volume_mb", "total_time_s"]);
        var share = Convert.ToDouble(Warehouse.Scalar("""
            select count(distinct s.sync_id) / count(distinct e.sync_id) from fivetran_log.log e
            left join fivetran_log.log s on s.sync_id = e.sync_id and s.message_event = 'sync_stats'
            where e.message_event = 'sync_end' and e.message_data = '{"status":"SUCCESSFUL"}'
            """), System.Globalization.CultureInfo.InvariantCulture);
        share.Should().BeInRange(0.8, 0.97);
    }

    [Fact]
    public void Schema_changes_and_user_actions_are_logged()
    {
        Strings("select distinct message_event from fivetran_log.log").Should().Contain(
            ["create_table", "alter_table", "create_schema", "change_schema_config", "create_connector", "edit_connector", "pause_connector", "delete_connector"]);
        Warehouse.Count("""
            select count(*) from fivetran_log.log where message_event = 'alter_table'
            and j(message_data, 'type') = 'ADD_COLUMN' and message_data like '%"properties":{%'
            """).Should().BePositive();
    }

    [Fact]
    public void Actors_are_emails_user_ids_and_fivetran_itself()
    {
        var actors = Strings("""
            select distinct j(message_data, 'actor') from fivetran_log.log
            where message_data like '%"actor"%'
            """);
        var emails = Strings("select email from fivetran_log.\"user\"");
        var ids = Strings("select id from fivetran_log.\"user\"");

        actors.Should().Contain("fivetran");
        actors.Should().Contain(a => emails.Contains(a));
        actors.Should().Contain(a => ids.Contains(a));
    }

    [Fact]
    public void Transformation_runs_log_plain_text_successes_and_failures()
    {
        Warehouse.Count("select count(*) from fivetran_log.log where transformation_id is not null and message_data like '%has succeeded%'").Should().BePositive();
        Warehouse.Count("select count(*) from fivetran_log.log where transformation_id is not null and message_data like '%has failed%'").Should().BePositive();
        Warehouse.Count("select count(*) from fivetran_log.log where transformation_id is not null and (event is not null or message_event is not null or json_valid(message_data))").Should().Be(0);
        Warehouse.Count("""
            select count(*) from fivetran_log.transformation_runs r
            where not exists (select 1 from fivetran_log.log l where l.transformation_id = r.job_id)
            """).Should().Be(0);
        Strings("select distinct project_type from fivetran_log.transformation_runs").Should().BeSubsetOf(["DBT_CORE", "QUICKSTART"]);
    }

    [Fact]
    public void Log_times_lie_within_the_window_and_synced_times_after_them()
    {
        var row = Warehouse.Rows("select min(time_stamp), max(time_stamp), min(_fivetran_synced), max(_fivetran_synced), count(*) filter (where _fivetran_synced < time_stamp) from fivetran_log.log")[0];
        var start = dataset.Result.Start;
        var end = dataset.Result.End;

        ((DateTime)row[0]!).Should().BeOnOrAfter(start);
        ((DateTime)row[1]!).Should().BeBefore(end);
        ((DateTime)row[3]!).Should().BeOnOrBefore(end);
        Convert.ToInt64(row[4], System.Globalization.CultureInfo.InvariantCulture).Should().Be(0);
        end.Should().Be(new DateTime(2026, 3, 1));
        start.Should().Be(new DateTime(2026, 2, 25));
    }

    [Fact]
    public void Some_sync_crosses_midnight()
    {
        Warehouse.Count("""
            select count(*) from (
                select sync_id from fivetran_log.log where sync_id is not null group by sync_id
                having cast(min(time_stamp) as date) < cast(max(time_stamp) as date))
            """).Should().BePositive();
    }

    [Fact]
    public void Connections_have_real_types_schedules_and_states()
    {
        Strings("select distinct connector_type_id from fivetran_log.connection where connector_type_id is not null")
            .Should().BeSubsetOf(["salesforce", "hubspot", "stripe", "google_ads", "facebook_ads", "netsuite_suiteanalytics", "shopify", "zendesk",
                "jira", "github", "marketo", "amplitude", "linkedin_ads", "google_analytics_4", "intercom", "postgres", "mysql", "sql_server",
                "snowflake", "google_sheets", "webhooks", "s3", "connector_sdk"]);
        Warehouse.Count("select count(*) from fivetran_log.connection where _fivetran_deleted").Should().Be(1);
        Warehouse.Count("select count(*) from fivetran_log.connection where paused").Should().Be(1);
        Warehouse.Count("select count(distinct destination_id) from fivetran_log.connection").Should().BeInRange(2, 4);
        Warehouse.Count("select count(*) from fivetran_log.destination").Should().BeInRange(2, 4);
        Warehouse.Count("select count(*) from fivetran_log.\"user\"").Should().BeInRange(10, 20);
        Warehouse.Count("select count(*) from fivetran_log.account").Should().Be(1);
        Warehouse.Count("""
            select count(*) from fivetran_log.connection c
            where not exists (select 1 from fivetran_log."user" u where u.id = c.connecting_user_id)
            or not exists (select 1 from fivetran_log.destination d where d.id = c.destination_id)
            """).Should().Be(0);
        Strings("select distinct role from fivetran_log.destination_membership").Should().Contain("Destination Administrator");
    }

    [Fact]
    public void The_broken_connection_fails_every_sync_at_the_end_and_nothing_syncs_after_a_pause_or_deletion()
    {
        Warehouse.Count("""
            with last as (
                select coalesce(connection_id, connector_id) as c, arg_max(message_data, time_stamp) as m
                from fivetran_log.log where message_event = 'sync_end' group by 1)
            select count(*) from last where m like '%FAILURE_WITH_TASK%' and m like '%Invalid credentials%'
            """).Should().BePositive();
        Warehouse.Count("""
            select count(*) from fivetran_log.log l
            join fivetran_log.log a on a.message_event in ('pause_connector', 'delete_connector')
                and coalesce(a.connection_id, a.connector_id) = coalesce(l.connection_id, l.connector_id)
            where l.message_event = 'sync_start' and l.time_stamp > a.time_stamp + interval 1 second
            """).Should().Be(0);
    }

    [Fact]
    public void Daily_mar_has_paid_and_free_types_and_each_sync_type()
    {
        Strings("select distinct free_type from fivetran_log.incremental_mar").Should().Contain(["PAID", "HISTORICAL", "FREE_TRIAL"]);
        Strings("select distinct sync_type from fivetran_log.incremental_mar").Should().BeSubsetOf(["HISTORICAL", "INCREMENTAL", "UNKNOWN"])
            .And.Contain(["HISTORICAL", "INCREMENTAL"]);
        Warehouse.Count("""
            select count(*) from (select coalesce(connection_name, connector_name, connector_id), schema_name, table_name, free_type, sync_type, measured_date
                from fivetran_log.incremental_mar group by all having count(*) > 1)
            """).Should().Be(0, "one row per connection, table, day and type");
        Warehouse.Count("select count(*) from fivetran_log.incremental_mar where measured_date <> date_trunc('day', measured_date) or incremental_rows < 1").Should().Be(0);
    }

    [Fact]
    public void Some_months_are_billed_in_credits_only_and_some_in_dollars_only()
    {
        var credits = Strings("select destination_id || measured_month from fivetran_log.credits_used");
        var dollars = Strings("select destination_id || measured_month from fivetran_log.usage_cost");

        credits.Except(dollars).Should().NotBeEmpty();
        dollars.Except(credits).Should().NotBeEmpty();
        credits.Intersect(dollars).Should().NotBeEmpty();
    }

    [Fact]
    public void Log_ids_look_like_fivetrans()
    {
        Warehouse.Count("select count(*) from fivetran_log.log where not regexp_full_match(id, '[A-Za-z0-9+/]{27}=')").Should().Be(0);
    }

    private List<string> Strings(string sql) => Warehouse.Rows(sql).Where(r => r[0] is not null).Select(r => (string)r[0]!).ToList();
}
