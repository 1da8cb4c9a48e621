using Logbook.Analytics.Tests.Support;
using static Logbook.Analytics.Tests.Support.FivetranProject;

namespace Logbook.Analytics.Tests;

/// <summary>
/// The monitoring mart (fct_fivetran_error_monitoring, its rule table and per-event intermediate) and the governance
/// marts (fct_fivetran_schema_change_history, fct_fivetran_user_activity) on small hand-made logs, with every
/// expected value worked out by hand. Each build also runs the models' YAML tests.
/// </summary>
public sealed class MonitoringGovernanceMartsTests
{
    private const string Errors = "fct_fivetran_logs.fct_fivetran_error_monitoring";
    private const string ErrorEvents = "int_fivetran_log.int_fivetran_log__error_events";
    private const string SchemaChanges = "fct_fivetran_logs.fct_fivetran_schema_change_history";
    private const string Activity = "fct_fivetran_logs.fct_fivetran_user_activity";
    private const string BuildErrors = "+fct_fivetran_error_monitoring";
    private const string BuildGovernance = "+fct_fivetran_schema_change_history +fct_fivetran_user_activity";

    private static FivetranProject Basic() =>
        new FivetranProject().Destination("d1", "Warehouse").Destination("d2", "Lake").Connection("c1", "salesforce", "d1").Connection("c2", "postgres", "d2", type: "postgres");

    // ---- fct_fivetran_error_monitoring ----

    [Fact]
    public void Categories_come_from_the_rule_table_and_the_lowest_priority_match_wins()
    {
        using var project = Basic();
        var messages = new (string Message, string Category)[]
        {
            ("Authentication failed for user etl", "authentication"),
            ("HTTP 401 Unauthorized", "authentication"),
            ("Permission denied for schema sales", "permissions"),              // also matches '%schema%' (700)
            ("Access Denied: table orders", "permissions"),
            ("Rate limit exceeded, retrying in 60 seconds", "rate_limit"),      // also '%limit exceeded%' (quota, 410)
            ("429 Too Many Requests", "rate_limit"),
            ("Daily API quota exceeded", "quota"),
            ("Read timed out", "network_timeout"),
            ("Transformation job failed: column x not found", "transformation"), // also '%column%' (schema, 710)
            ("Column amount has an incompatible type", "schema"),
            ("Destination warehouse is suspended", "destination"),
            ("Something odd happened", "other"),
        };
        var minute = 0;
        foreach (var (message, _) in messages)
        {
            project.Log("c1", $"2026-03-02 10:{minute++:00}", "sync_end", $$"""{"message":"{{message}}"}""", eventType: "SEVERE");
        }

        project.Build(BuildErrors);

        Lines(project, $"select sample_message, error_category from {Errors} order by first_seen_at")
            .Should().Equal(messages.Select(m => $"{m.Message} | {m.Category}"));
    }

    [Fact]
    public void Editing_the_rule_table_changes_the_categories_and_a_message_no_rule_matches_is_other()
    {
        using var project = Basic();
        project.Log("c1", "2026-03-02 10:00", "sync_end", """{"message":"Permission denied for schema sales"}""", eventType: "SEVERE")
            .Log("c1", "2026-03-02 10:01", "sync_end", """{"message":"Access denied: table orders"}""", eventType: "SEVERE")
            .Log("c1", "2026-03-02 10:02", "sync_end", """{"message":"Something odd happened"}""", eventType: "SEVERE");
        // As a user would: a new rule ahead of the permission rules, and the catch-all removed.
        var rules = Path.Combine(project.Path, "models", "intermediate", "fivetran_error_category_rules.sql");
        var text = File.ReadAllText(rules);
        text.Should().Contain("(9999, 'other', '%')");
        File.WriteAllText(rules, text.Replace("(9999, 'other', '%')", "(50, 'destination', '%permission denied for schema%')", StringComparison.Ordinal));

        project.Build(BuildErrors);

        Lines(project, $"select sample_message, error_category from {Errors} order by first_seen_at")
            .Should().Equal("Permission denied for schema sales | destination", "Access denied: table orders | permissions", "Something odd happened | other");
        project.Count("select count(*) from int_fivetran_log.fivetran_error_category_rules where priority = 50").Should().Be(1);
    }

    [Fact]
    public void Messages_differing_only_in_numbers_ids_uuids_emails_and_quoted_strings_share_a_signature()
    {
        using var project = Basic();
        project.Log("c1", "2026-03-02 10:00", "sync_end", "Sync failed after 3 retries for table 'orders_2024' (request id 8f14e45f-ceea-467f-a6b3-0c8e8a9d9b11), contact admin@acme.com", eventType: "SEVERE")
            .Log("c1", "2026-03-02 11:00", "sync_end", "Sync failed after 15 retries for table \"orders_2025\" (request id 123E4567-E89B-12D3-A456-426614174000), contact Bob.Ray@acme.co.uk", eventType: "SEVERE")
            .Log("c1", "2026-03-02 12:00", "warning", "Can't reach host db7.example.com: connection refused on port 5432", eventType: "SEVERE")
            .Log("c1", "2026-03-02 13:00", "warning", "Can't reach host db12.example.com: connection refused on port 6543", eventType: "SEVERE")
            .Log("c1", "2026-03-02 14:00", "warning", "Can't reach host db12.example.com: connection refused on port 6543 (again)", eventType: "SEVERE");

        project.Build(BuildErrors);

        Lines(project, $"select normalized_message, occurrences, error_category, sample_message from {Errors} order by first_seen_at")
            .Should().Equal(
                "sync failed after <n> retries for table <str> (request id <uuid>), contact <email> | 2 | other | Sync failed after 15 retries for table \"orders_2025\" (request id 123E4567-E89B-12D3-A456-426614174000), contact Bob.Ray@acme.co.uk",
                "can't reach host <id>.example.com: connection refused on port <n> | 2 | network_timeout | Can't reach host db12.example.com: connection refused on port 6543",
                "can't reach host <id>.example.com: connection refused on port <n> (again) | 1 | network_timeout | Can't reach host db12.example.com: connection refused on port 6543 (again)");
        project.Count($"select count(*) from {Errors} where message_signature = md5(normalized_message)").Should().Be(3);
    }

    [Fact]
    public void The_message_is_the_json_message_field_when_there_is_one_else_the_raw_text()
    {
        using var project = Basic();
        // message_data -> "message_text | normalized_message | error_category"
        var cases = new (string? Data, string Expected)[]
        {
            ("""{"type":"x","message":"  Read timed out  "}""", "Read timed out | read timed out | network_timeout"),
            ("""{"error":"Invalid API key"}""", "Invalid API key | invalid api key | authentication"),
            ("""{"status":"FAILURE","reason":"Quota used up"}""", "Quota used up | quota used up | quota"),
            ("""{"message":"","status":"FAILURE"}""", """{"message":"","status":"FAILURE"} | {<str>:<str>,<str>:<str>} | other"""),
            ("""{"message": "cut sh""", """{"message": "cut sh | {<str>: "cut sh | other"""),
            ("Plain text, no JSON", "Plain text, no JSON | plain text, no json | other"),
            (null, "null |  | other"),
            ("Too many   requests\tfrom API v2.3", "Too many   requests\tfrom API v2.3 | too many requests from api <id>.<n> | rate_limit"),
        };
        var minute = 0;
        foreach (var (data, _) in cases)
        {
            project.Log("c1", $"2026-03-02 10:{minute++:00}", "sync_end", data, eventType: "WARNING");
        }

        project.Build(BuildErrors);

        Lines(project, $"select message_text, normalized_message, error_category from {ErrorEvents} order by created_at").Should().Equal(cases.Select(c => c.Expected));
        Lines(project, $"select distinct severity, event_source from {ErrorEvents}").Should().Equal("warning | log");
        project.Count($"select count(*) from {Errors} where sample_message is null and message_signature = md5('')").Should().Be(1);
    }

    [Fact]
    public void One_row_per_connection_event_type_category_signature_and_day_with_counts_times_and_the_latest_sample()
    {
        using var project = Basic();
        project.Log("c1", "2026-03-02 10:00", "sync_end", "Read timed out after 30 seconds", "s1", "SEVERE")
            .Log("c1", "2026-03-02 12:00", "sync_end", "Read timed out after 45 seconds", "s2", "SEVERE")
            .Log("c1", "2026-03-02 11:00", "sync_end", "Read timed out after 60 seconds", "s2", "SEVERE")
            .Log("c1", "2026-03-02 13:00", "warning", "Read timed out after 10 seconds", eventType: "WARNING")
            .Log("c1", "2026-03-03 09:00", "sync_end", "Read timed out after 5 seconds", eventType: "SEVERE")
            .Log("c1", "2026-03-03 09:30", "sync_end", "Read timed out after 5 seconds", "s3", "INFO")
            .Log("c9", "2026-03-02 10:00", "sync_end", "Read timed out after 1 seconds", "s1", "SEVERE");
        project.Sql("insert into fivetran_log.log (id, time_stamp, event, message_data, message_event) values ('orphan', timestamp '2026-03-02 10:00', 'SEVERE', 'Read timed out', 'warning')");

        project.Build(BuildErrors);

        Lines(project, $"""
            select connection_id, connection_name, destination_name, cast(date_day as varchar), event_type, severity, error_category, occurrences, distinct_syncs,
                   cast(first_seen_at as varchar), cast(last_seen_at as varchar), sample_message, cast(signature_first_seen_at as varchar), is_new_signature, days_seen_in_window, is_recurring
            from {Errors} order by connection_id, date_day, event_type
            """).Should().Equal(
            "c1 | salesforce | Warehouse | 2026-03-02 | SEVERE | error | network_timeout | 3 | 2 | 2026-03-02 10:00:00 | 2026-03-02 12:00:00 | Read timed out after 45 seconds | 2026-03-02 10:00:00 | True | 1 | False",
            "c1 | salesforce | Warehouse | 2026-03-02 | WARNING | warning | network_timeout | 1 | 0 | 2026-03-02 13:00:00 | 2026-03-02 13:00:00 | Read timed out after 10 seconds | 2026-03-02 13:00:00 | True | 1 | False",
            "c1 | salesforce | Warehouse | 2026-03-03 | SEVERE | error | network_timeout | 1 | 0 | 2026-03-03 09:00:00 | 2026-03-03 09:00:00 | Read timed out after 5 seconds | 2026-03-02 10:00:00 | False | 2 | False",
            "c9 | null | null | 2026-03-02 | SEVERE | error | network_timeout | 1 | 1 | 2026-03-02 10:00:00 | 2026-03-02 10:00:00 | Read timed out after 1 seconds | 2026-03-02 10:00:00 | True | 1 | False");
        project.Count($"select count(distinct message_signature) from {Errors}").Should().Be(1);
    }

    [Theory]
    [InlineData(null, "01 1 False", "03 2 False", "05 3 True", "08 3 True", "12 2 False", "20 1 False")]
    [InlineData("{fivetran_error_recurring_min_days: 2}", "01 1 False", "03 2 True", "05 3 True", "08 3 True", "12 2 True", "20 1 False")]
    [InlineData("{fivetran_error_recurring_window_days: 3}", "01 1 False", "03 2 False", "05 2 False", "08 1 False", "12 1 False", "20 1 False")]
    public void A_signature_recurs_when_seen_on_enough_days_of_the_trailing_window(string? vars, params string[] expected)
    {
        using var project = Basic();
        foreach (var day in new[] { "01", "03", "05", "08", "12", "20" })
        {
            project.Log("c1", $"2026-03-{day} 08:00", "sync_end", $"Daily API quota exceeded for project {day}", eventType: "SEVERE")
                .Log("c1", $"2026-03-{day} 09:00", "sync_end", $"Daily API quota exceeded for project {day}7", eventType: "SEVERE");
        }

        project.Build(BuildErrors, vars: vars);

        Lines(project, $"select strftime(date_day, '%d'), days_seen_in_window, is_recurring from {Errors} order by date_day", " ").Should().Equal(expected);
        project.Count($"select cast(sum(occurrences) as bigint) from {Errors}").Should().Be(12);
    }

    [Fact]
    public void Connector_sdk_errors_and_warnings_are_included_and_repeated_lines_collapse()
    {
        using var project = Basic();
        project.Sql("""
            create table fivetran_log.connector_sdk_log (id varchar, connection_id varchar, event_time timestamp, level varchar, message varchar, message_origin varchar, sync_id varchar, _fivetran_synced timestamp);
            insert into fivetran_log.connector_sdk_log values
              ('e1', 'c1', timestamp '2026-03-02 10:00', 'error', 'Invalid API key provided', 'connector', 's1', timestamp '2026-03-02 10:01'),
              ('e1', 'c1', timestamp '2026-03-02 10:00', 'error', 'Invalid API key provided', 'connector', 's1', timestamp '2026-03-02 10:01'),
              ('e2', 'c1', timestamp '2026-03-02 10:05', 'WARNING', 'Invalid API key provided', 'connector', 's1', timestamp '2026-03-02 10:06'),
              ('e3', 'c1', timestamp '2026-03-02 10:06', 'INFO', 'fetched 10 rows', 'connector', 's1', timestamp '2026-03-02 10:07'),
              ('e4', 'c1', timestamp '2026-03-02 11:00', 'ERROR', 'Invalid API key provided', 'connector', 's2', timestamp '2026-03-02 11:01'),
              ('e5', null, timestamp '2026-03-02 11:00', 'ERROR', 'Invalid API key provided', 'connector', 's2', timestamp '2026-03-02 11:01')
            """);
        project.Log("c1", "2026-03-02 12:00", "sync_end", """{"message":"Invalid API key provided"}""", "s3", "SEVERE");

        project.Build(BuildErrors);

        Lines(project, $"select event_source, count(*) from {ErrorEvents} group by 1 order by 1").Should().Equal("connector_sdk_log | 3", "log | 1");
        Lines(project, $"select event_type, severity, error_category, occurrences, distinct_syncs from {Errors} order by event_type").Should().Equal(
            "ERROR | error | authentication | 2 | 2",
            "SEVERE | error | authentication | 1 | 1",
            "WARNING | warning | authentication | 1 | 1");
        project.Count($"select count(distinct message_signature) from {Errors}").Should().Be(1);
    }

    [Fact]
    public void Without_errors_the_monitoring_models_are_empty_and_their_tests_pass()
    {
        using var project = Basic();
        project.Sync("c1", "s1", "2026-03-02 10:00", "2026-03-02 10:05", inserted: 3);

        project.Build(BuildErrors);

        project.Count($"select count(*) from {Errors}").Should().Be(0);
        project.Count("select count(*) from int_fivetran_log.fivetran_error_category_rules").Should().BeGreaterThan(40);
    }

    // ---- fct_fivetran_schema_change_history ----

    [Fact]
    public void Schema_changes_are_parsed_one_row_per_event_including_nested_alter_table_properties()
    {
        using var project = Basic();
        project.Log("c1", "2026-03-02 10:00", "create_table", """{"schema":"sales","name":"orders"}""")
            .Log("c1", "2026-03-02 10:01", "alter_table", """{"type":"ADD_COLUMN","table":"people","schema":"crm","properties":{"columnName":"nickname","dataType":"STRING"}}""")
            .Log("c1", "2026-03-02 10:02", "alter_table", """{"type":"change_column_type","table":"people","properties":{"column_name":"age","data_type":"BIGINT"}}""")
            .Log("c1", "2026-03-02 10:03", "alter_table", """{"type":"DROP_COLU""")
            .Log("c1", "2026-03-02 10:04", "alter_table", """{"type":"ADD_COLUMN","table":"t","properties":"oops"}""")
            .Log("c1", "2026-03-02 10:05", "create_schema", """{"schema":"marketing"}""")
            .Log("c2", "2026-03-02 10:06", "change_schema_config", """{"actor":"ann@acme.com","schema":"sales","table":"orders","enabled":false}""")
            .Log("c9", "2026-03-02 10:07", "alter_table", """{"type":"ADD_COLUMN","table":"t","properties":{"columnName":"c","dataType":"INT"}}""")
            .Log("c1", "2026-03-02 10:08", "sync_start", sync: "s1")
            .Log("c1", "2026-03-02 10:09", "write_to_table_start", """{"table":"orders"}""", "s1");

        project.Build(BuildGovernance);

        Lines(project, $"""
            select event_subtype, change_type, schema_name, table_name, column_name, data_type, connection_name, destination_name, actor, cast(date_day as varchar)
            from {SchemaChanges} order by created_at
            """).Should().Equal(
            "create_table | CREATE_TABLE | sales | orders | null | null | salesforce | Warehouse | null | 2026-03-02",
            "alter_table | ADD_COLUMN | crm | people | nickname | STRING | salesforce | Warehouse | null | 2026-03-02",
            "alter_table | CHANGE_COLUMN_TYPE | null | people | age | BIGINT | salesforce | Warehouse | null | 2026-03-02",
            "alter_table | ALTER_TABLE | null | null | null | null | salesforce | Warehouse | null | 2026-03-02",
            "alter_table | ADD_COLUMN | null | t | null | null | salesforce | Warehouse | null | 2026-03-02",
            "create_schema | CREATE_SCHEMA | marketing | null | null | null | salesforce | Warehouse | null | 2026-03-02",
            "change_schema_config | CHANGE_SCHEMA_CONFIG | sales | orders | null | null | postgres | Lake | ann@acme.com | 2026-03-02",
            "alter_table | ADD_COLUMN | null | t | c | INT | null | null | null | 2026-03-02");
        project.Count($"select count(*) from {SchemaChanges} s inner join stg_fivetran_log.stg_fivetran_log__log l on s.log_key = l.log_key and s.log_id = l.log_id").Should().Be(8);
    }

    [Fact]
    public void Repeated_schema_change_rows_collapse_but_two_changes_at_the_same_moment_stay()
    {
        using var project = Basic();
        project.Log("c1", "2026-03-02 10:00", "alter_table", """{"type":"ADD_COLUMN","table":"people","properties":{"columnName":"a","dataType":"STRING"}}""", id: "x")
            .Log("c1", "2026-03-02 10:00", "alter_table", """{"type":"ADD_COLUMN","table":"people","properties":{"columnName":"a","dataType":"STRING"}}""", id: "x")
            .Log("c1", "2026-03-02 10:00", "alter_table", """{"type":"ADD_COLUMN","table":"people","properties":{"columnName":"b","dataType":"STRING"}}""", id: "x");

        project.Build(BuildGovernance);

        Lines(project, $"select log_id, column_name from {SchemaChanges} order by column_name").Should().Equal("x | a", "x | b");
    }

    // ---- fct_fivetran_user_activity ----

    [Fact]
    public void Actors_resolve_by_email_or_user_id_and_fivetran_and_empty_actors_are_left_out()
    {
        using var project = Basic();
        User(project, "u1", "ann@acme.com", "Ann", "Lee");
        User(project, "u2", "bob@acme.com", "Bob", "Ray");
        User(project, "u5", "ops@acme.com", "Ops", "Two");
        User(project, "u4", "OPS@acme.com", "Ops", "One");
        Member(project, "d1", "u1", "DESTINATION_ADMINISTRATOR");
        Member(project, "d1", "u2", "DESTINATION_REVIEWER");
        project.Log("c1", "2026-03-01 09:00", "create_connector", """{"actor":"ANN@Acme.com","id":"c1"}""")
            .Log("c1", "2026-03-02 10:00", "update_connector", """{"actor":"u2"}""")
            .Log("c1", "2026-03-03 11:00", "pause_connector", """{"actor":"Fivetran"}""")
            .Log("c1", "2026-03-03 11:01", "pause_connector", """{"actor":" fivetran "}""")
            .Log("c2", "2026-03-04 12:00", "delete_connector", """{"actor":"u1"}""")
            .Log("c1", "2026-03-04 12:01", "resync_connector", """{"actor":"  "}""")
            .Log("c1", "2026-03-04 12:02", "resync_connector", """{"actor":null}""")
            .Log("c1", "2026-03-05 13:00", "sync_start", sync: "s1")
            .Log("c1", "2026-03-06 14:00", "edit_connector", """{"actor":"ghost@nowhere.io"}""")
            .Log("c1", "2026-03-07 15:00", "change_schema_config", """{"actor":" ops@acme.com "}""");
        project.Sql("insert into fivetran_log.log (id, time_stamp, event, message_data, message_event) values ('acct', timestamp '2026-03-08 16:00', 'INFO', '{\"actor\":\"u1\"}', 'create_user')");

        project.Build(BuildGovernance);

        Lines(project, $"""
            select cast(date_day as varchar), day_name, day_of_month, actor, actor_matched_on, user_id, email, first_name, last_name, destination_role, action, connection_name, destination_name
            from {Activity} order by occurred_at
            """).Should().Equal(
            "2026-03-01 | Sun | 1 | ANN@Acme.com | email | u1 | ann@acme.com | Ann | Lee | DESTINATION_ADMINISTRATOR | create_connector | salesforce | Warehouse",
            "2026-03-02 | Mon | 2 | u2 | user_id | u2 | bob@acme.com | Bob | Ray | DESTINATION_REVIEWER | update_connector | salesforce | Warehouse",
            "2026-03-04 | Wed | 4 | u1 | user_id | u1 | ann@acme.com | Ann | Lee | null | delete_connector | postgres | Lake",
            "2026-03-06 | Fri | 6 | ghost@nowhere.io | null | null | null | null | null | null | edit_connector | salesforce | Warehouse",
            "2026-03-07 | Sat | 7 | ops@acme.com | email | u4 | OPS@acme.com | Ops | One | null | change_schema_config | salesforce | Warehouse",
            "2026-03-08 | Sun | 8 | u1 | user_id | u1 | ann@acme.com | Ann | Lee | null | create_user | null | null");
        project.Count($"select count(*) from {Activity} a inner join stg_fivetran_log.stg_fivetran_log__log l on a.log_key = l.log_key").Should().Be(6);
    }

    [Fact]
    public void Every_weekday_gets_its_name()
    {
        using var project = Basic();
        for (var day = 9; day <= 15; day++)
        {
            project.Log("c1", $"2026-03-{day:00} 23:59:59", "update_connector", """{"actor":"someone"}""");
        }

        project.Build(BuildGovernance);

        Lines(project, $"select day_of_month, day_name from {Activity} order by occurred_at", " ")
            .Should().Equal("9 Mon", "10 Tue", "11 Wed", "12 Thu", "13 Fri", "14 Sat", "15 Sun");
    }

    [Fact]
    public void Without_user_tables_actors_stay_unresolved()
    {
        using var project = new FivetranProject(["user", "destination_membership"]).Destination("d1", "Warehouse").Connection("c1", "salesforce", "d1");
        project.Log("c1", "2026-03-02 10:00", "update_connector", """{"actor":"ann@acme.com"}""");

        project.Build(BuildGovernance);

        Lines(project, $"select actor, actor_matched_on, user_id, destination_role, connection_name from {Activity}")
            .Should().Equal("ann@acme.com | null | null | null | salesforce");
    }

    private static void User(FivetranProject project, string id, string email, string first, string last) =>
        project.Sql($"insert into fivetran_log.\"user\" values ({Q(id)}, timestamp '2026-01-01', {Q(email)}, false, {Q(last)}, {Q(first)}, null, true, timestamp '2026-01-01')");

    private static void Member(FivetranProject project, string destination, string user, string role) =>
        project.Sql($"insert into fivetran_log.destination_membership values ({Q(destination)}, {Q(user)}, timestamp '2026-01-02', timestamp '2026-01-01', {Q(role)}, timestamp '2026-01-02')");

    /// <summary>Each row as its values joined by " | " (NULL as "null").</summary>
    private static List<string> Lines(FivetranProject project, string sql, string separator = " | ") =>
        [.. project.Rows(sql).Select(row => string.Join(separator, row.Select(value => value?.ToString() ?? "null")))];
}
