using Logbook.Analytics.Tests.Support;

namespace Logbook.Analytics.Tests;

/// <summary>Staging and the per-sync intermediate survive real Fivetran data: drift, legacy spellings, dirt.</summary>
public sealed class StagingTests
{
    private const string Stg = "stg_fivetran_log";
    private const string Syncs = "int_fivetran_log.int_fivetran_log__syncs";

    private static FivetranProject Basic(IEnumerable<string>? withoutTables = null)
    {
        var project = new FivetranProject(withoutTables).Destination("d1", "Warehouse");
        if (withoutTables?.Contains("connection") != true)
        {
            project.Connection("c1", "salesforce", "d1");
        }

        return project;
    }

    [Fact]
    public void Missing_optional_tables_give_empty_staging_with_the_same_columns()
    {
        string[] optional = ["account", "incremental_mar", "credits_used", "usage_cost", "transformation_runs", "user", "destination_membership"];
        using var project = Basic(optional);
        using var full = Basic();
        project.Build("path:models/staging");
        full.Build("path:models/staging");

        foreach (var model in new[] { "account", "incremental_mar", "credits_used", "usage_cost", "transformation_runs", "user", "destination_membership", "connector_sdk_log", "audit_trail" })
        {
            var relation = $"{Stg}.stg_fivetran_log__{model}";
            project.Count($"select count(*) from {relation}").Should().Be(0, model);
            Columns(project, relation).Should().Equal(Columns(full, relation), $"{model} keeps its columns and types when its source table is missing");
        }
    }

    [Fact]
    public void Missing_columns_are_null_and_the_legacy_connector_table_is_read()
    {
        using var project = Basic(["connection"]);
        project.Sql("alter table fivetran_log.log drop column sync_id; alter table fivetran_log.log drop column connector_id; alter table fivetran_log.log drop column transformation_id");
        project.Sql("""
            create table fivetran_log.connector (connector_id varchar, connector_name varchar, connector_type varchar, destination_id varchar, paused boolean, signed_up timestamp, _fivetran_synced timestamp);
            insert into fivetran_log.connector values ('c9', 'old_postgres', 'postgres', 'd1', false, timestamp '2025-01-01', timestamp '2026-01-01');
            insert into fivetran_log.log (id, time_stamp, connection_id, event, message_data, message_event) values ('x', timestamp '2026-03-01 10:00', 'c9', 'INFO', null, 'sync_start');
            """);

        project.Build("path:models/staging");

        project.Rows($"select connection_id, connection_name, connector_type, is_paused, is_deleted, cast(set_up_at as varchar) from {Stg}.stg_fivetran_log__connection")
            .Should().ContainSingle().Which.Should().Equal("c9", "old_postgres", "postgres", false, false, "2025-01-01 00:00:00");
        project.Rows($"select connection_id, sync_id, event_type from {Stg}.stg_fivetran_log__log").Should().ContainSingle().Which.Should().Equal(new object?[] { "c9", null, "INFO" });
    }

    [Fact]
    public void Connections_are_keyed_by_id_not_by_name_and_the_newest_copy_wins()
    {
        using var project = Basic();
        project.Connection("c2", "salesforce", "d1", synced: "2026-02-01").Connection("c2", "salesforce_renamed", "d1", paused: true, synced: "2026-03-05");

        project.Build("stg_fivetran_log__connection");

        project.Rows($"select connection_id, connection_name, is_paused from {Stg}.stg_fivetran_log__connection order by 1")
            .Select(r => $"{r[0]} {r[1]} {r[2]}").Should().Equal("c1 salesforce False", "c2 salesforce_renamed True");
    }

    [Fact]
    public void A_log_row_without_a_time_stamp_is_left_out_of_the_staged_log_in_full_and_incremental_builds()
    {
        using var project = Basic();
        project.Log("c1", "2026-03-01 10:00", "sync_start", sync: "s1");
        project.Sql("insert into fivetran_log.log (id, time_stamp, connection_id, event, message_event, _fivetran_synced) values ('no-time', null, 'c1', 'INFO', 'sync_start', timestamp '2026-03-01 10:01')");

        project.Build("stg_fivetran_log__log");
        project.Log("c1", "2026-03-01 11:00", "sync_end", """{"status":"SUCCESSFUL"}""", sync: "s1");
        project.Build("stg_fivetran_log__log", fullRefresh: false);

        project.Rows($"select log_id, event_subtype from {Stg}.stg_fivetran_log__log order by created_at").Select(r => $"{r[0]} {r[1]}")
            .Should().Equal("log-1 sync_start", "log-2 sync_end");
    }

    [Fact]
    public void Duplicate_log_rows_collapse_but_different_events_sharing_id_and_time_stay()
    {
        using var project = Basic();
        project.Log("c1", "2026-03-01 10:00", "sync_start", sync: "s1", id: "dup")
            .Log("c1", "2026-03-01 10:00", "sync_start", sync: "s1", id: "dup")
            .Log("c1", "2026-03-01 10:00", "write_to_table_start", """{"table":"t"}""", sync: "s1", id: "dup")
            .Log("c1", "2026-03-01 10:00", "sync_start", sync: "s1", id: "dup", legacyConnectorId: true);

        project.Build("stg_fivetran_log__log");

        project.Rows($"select event_subtype, connection_id from {Stg}.stg_fivetran_log__log order by 1").Select(r => $"{r[0]} {r[1]}")
            .Should().Equal("sync_start c1", "write_to_table_start c1");
        project.Count($"select count(distinct log_key) from {Stg}.stg_fivetran_log__log").Should().Be(2);
    }

    [Fact]
    public void Bad_json_gives_nulls_camel_case_keys_are_read_and_big_counts_fit()
    {
        using var project = Basic();
        project.Log("c1", "2026-03-01 10:00", "records_modified", """{"table":"t","schema":"s","operationType":"UPDATED","count":4294967296}""", "s1")
            .Log("c1", "2026-03-01 10:01", "extract_summary", """{"totalQueries":12}""", "s1")
            .Log("c1", "2026-03-01 10:02", "records_modified", """{"table":"t","schema":"s","operation_type":"UPDATED","cou""", "s1")
            .Log("c1", "2026-03-01 10:03", "sync_end", "Transformation run has succeeded for job 7", "s1")
            .Log("c1", "2026-03-01 10:04", "records_modified", """{"table":"t","count":"many"}""", "s1");

        project.Build("stg_fivetran_log__log");

        project.Rows($"select operation_type, row_count, total_queries, log_status, table_name from {Stg}.stg_fivetran_log__log order by created_at")
            .Select(r => string.Join(" ", r.Select(v => v?.ToString() ?? "null")))
            .Should().Equal("UPDATED 4294967296 null null t", "null null 12 null null", "null null null null null", "null null null null null", "null null null null t");
    }

    [Fact]
    public void Transformation_events_get_their_derived_type_and_subtype()
    {
        using var project = Basic();
        project.Sql("""
            insert into fivetran_log.log (id, time_stamp, connection_id, event, message_data, message_event, transformation_id) values
              ('t1', timestamp '2026-03-01 10:00', null, null, 'skipper run=37 Transformation run has succeeded', 'transformation', 'tr1'),
              ('t2', timestamp '2026-03-01 11:00', null, null, 'Transformation run has failed: syntax', 'transformation', 'tr1')
            """);

        project.Build("stg_fivetran_log__log");

        project.Rows($"select event_type, event_subtype from {Stg}.stg_fivetran_log__log order by created_at").Select(r => $"{r[0]}/{r[1]}")
            .Should().Equal("TRANSFORMATION/transformation run success", "TRANSFORMATION/transformation run failed");
    }

    [Theory]
    [InlineData("SUCCESSFUL", "success")]
    [InlineData("FAILURE", "failure")]
    [InlineData("FAILURE_WITH_TASK", "failure")]
    [InlineData("CANCELED", "canceled")]
    [InlineData("RESCHEDULED", "rescheduled")]
    public void Every_sync_end_status_is_classified(string status, string category)
    {
        using var project = Basic();
        project.Sync("c1", "s1", "2026-03-01 10:00", "2026-03-01 10:05", status, inserted: 7);

        project.Build("+int_fivetran_log__syncs");

        project.Rows($"select final_status, status_category, duration_seconds, rows_total from {Syncs}").Should().ContainSingle()
            .Which.Should().Equal(status, category, 300L, 7L);
    }

    [Fact]
    public void A_priority_first_sync_is_flagged_and_an_unfinished_one_is_in_progress()
    {
        const string reason = "We have rescheduled the connection to force flush data from the forward sync into your destination. This is intended behavior and means that the connection is working as expected.";
        using var project = Basic();
        project.Log("c1", "2026-03-01 10:00", "sync_start", sync: "s1")
            .Log("c1", "2026-03-01 10:30", "status", $$"""{"status":"RESCHEDULED","reason":"{{reason}}"}""", "s1")
            .Log("c1", "2026-03-01 11:00", "sync_start", sync: "s2");

        project.Build("+int_fivetran_log__syncs");

        project.Rows($"select sync_id, final_status, is_priority_first from {Syncs} order by sync_id").Select(r => $"{r[0]} {r[1]} {r[2]}")
            .Should().Equal("s1 RESCHEDULED True", "s2 IN_PROGRESS False");
    }

    [Fact]
    public void Api_queries_count_extract_summary_or_else_api_call_rows_never_both()
    {
        using var project = Basic();
        project.Sync("c1", "s1", "2026-03-01 10:00", "2026-03-01 10:05", queries: 40)
            .Log("c1", "2026-03-01 10:01", "api_call", sync: "s1")
            .Sync("c1", "s2", "2026-03-01 11:00", "2026-03-01 11:05")
            .Log("c1", "2026-03-01 11:01", "api_call", sync: "s2")
            .Log("c1", "2026-03-01 11:02", "api_call", sync: "s2");

        project.Build("+int_fivetran_log__syncs");

        project.Rows($"select sync_id, api_queries from {Syncs} order by 1").Select(r => $"{r[0]} {r[1]}").Should().Equal("s1 40", "s2 2");
    }

    [Fact]
    public void An_incremental_run_equals_a_full_refresh_even_for_a_sync_across_midnight_and_the_look_back()
    {
        using var incremental = Basic();
        using var full = Basic();
        foreach (var project in new[] { incremental, full })
        {
            project.Sync("c1", "s1", "2026-03-01 08:00", "2026-03-01 08:10", inserted: 5);
        }

        incremental.Build();
        // A sync that starts before midnight, is still running when the next build runs, and ends days later: by
        // the third build its start lies before the look-back window, its end inside it.
        foreach (var project in new[] { incremental, full })
        {
            project.Log("c1", "2026-03-01 23:50", "sync_start", sync: "s2")
                .Log("c1", "2026-03-01 23:55", "records_modified", """{"table":"t","schema":"s","operation_type":"UPDATED","count":3}""", "s2")
                .Log("c1", "2026-03-05 00:10", "records_modified", """{"table":"t","schema":"s","operation_type":"UPDATED","count":4}""", "s2");
        }

        incremental.Build();
        foreach (var project in new[] { incremental, full })
        {
            project.Log("c1", "2026-03-06 00:15", "sync_end", """{"status":"SUCCESSFUL"}""", "s2")
                .Sync("c1", "s3", "2026-03-06 01:00", "2026-03-06 01:02", "FAILURE", inserted: 1);
        }

        incremental.Build();
        full.Build();

        const string query = $"select * exclude (sync_key) from {Syncs} order by sync_id";
        var expected = full.Rows(query);
        incremental.Rows(query).Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        full.Rows($"select sync_id, cast(sync_started_at as varchar), rows_updated, final_status from {Syncs} where sync_id = 's2'")
            .Should().ContainSingle().Which.Should().Equal("s2", "2026-03-01 23:50:00", 7L, "SUCCESSFUL");
        incremental.Count($"select count(*) - count(distinct sync_key) from {Syncs}").Should().Be(0);
    }

    private static List<string> Columns(FivetranProject project, string relation) =>
        [.. project.Sql($"select * from {relation} limit 0").Columns.Select(c => $"{c.Name} {c.DataTypeName}")];
}
