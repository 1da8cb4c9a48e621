using System.Text.Json;

namespace Logbook.Cli.Tests;

public sealed class SqlCommandTests : IDisposable
{
    /// <summary>One row covering NULL, a timestamp with microseconds, a decimal, unicode text, a JSON value and a list.</summary>
    private const string MixedRow = """
        select 42 as id,
               null::varchar as missing,
               timestamp '2024-03-05 06:07:08.123456' as at,
               12.50::decimal(10, 2) as amount,
               'Zoë, “quoted” ☕' as note,
               '{"k": [1, 2], "ok": true}'::json as doc,
               [1, 2, 3] as items,
               true as flag
        """;

    private readonly CliFixture _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Select_42_prints_42_in_table_mode()
    {
        var run = _cli.Run("sql", "select 42");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Out.Should().Contain("42").And.Contain("(1 row)");
        run.Error.Should().BeEmpty();
    }

    [Fact]
    public void Table_mode_shows_null_and_counts_rows()
    {
        var run = _cli.Run("sql", "select * from (values (1, 'a'), (2, null)) t(n, s) order by n");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Out.Should().Contain("NULL").And.Contain("(2 rows)");
    }

    [Fact]
    public void Csv_output_is_rfc4180_with_iso_timestamps_and_empty_nulls()
    {
        var run = _cli.Run("sql", MixedRow, "--format", "csv");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Out.Should().Be(
            "id,missing,at,amount,note,doc,items,flag\r\n"
            + "42,,2024-03-05T06:07:08.123456,12.50,\"Zoë, “quoted” ☕\",\"{\"\"k\"\": [1, 2], \"\"ok\"\": true}\",\"[1,2,3]\",true\r\n");
    }

    [Fact]
    public void Csv_output_distinguishes_empty_strings_from_nulls_and_escapes_quotes()
    {
        var run = _cli.Run("sql", "select '' as empty, null as nothing, 'say \"hi\"' as quoted, 'two' || chr(10) || 'lines' as multi", "-f", "csv");

        run.Out.Should().Be("empty,nothing,quoted,multi\r\n\"\",,\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
    }

    [Fact]
    public void Json_output_has_typed_values_and_embeds_json_and_lists()
    {
        var run = _cli.Run("sql", MixedRow, "--format", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        using var document = JsonDocument.Parse(run.Out);
        var row = document.RootElement.EnumerateArray().Single();
        row.GetProperty("id").ValueKind.Should().Be(JsonValueKind.Number);
        row.GetProperty("id").GetInt32().Should().Be(42);
        row.GetProperty("missing").ValueKind.Should().Be(JsonValueKind.Null);
        row.GetProperty("at").GetString().Should().Be("2024-03-05T06:07:08.123456");
        row.GetProperty("amount").ValueKind.Should().Be(JsonValueKind.Number);
        row.GetProperty("amount").GetDecimal().Should().Be(12.50m);
        row.GetProperty("note").GetString().Should().Be("Zoë, “quoted” ☕");
        row.GetProperty("doc").ValueKind.Should().Be(JsonValueKind.Object);
        row.GetProperty("doc").GetProperty("k").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(1, 2);
        row.GetProperty("items").ValueKind.Should().Be(JsonValueKind.Array);
        row.GetProperty("items").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(1, 2, 3);
        row.GetProperty("flag").ValueKind.Should().Be(JsonValueKind.True);
        run.Out.Should().Contain("Zoë, “quoted” ☕", "unicode is written as is, not as \\u escapes");
    }

    [Fact]
    public void Json_output_embeds_structs_and_writes_instants_in_utc()
    {
        var run = _cli.Run("sql", "select {'a': 1, 'b': 'x'} as s, timestamptz '2024-01-02 03:04:05.5+00' as t", "-f", "json");

        using var document = JsonDocument.Parse(run.Out);
        var row = document.RootElement[0];
        row.GetProperty("s").GetProperty("b").GetString().Should().Be("x");
        row.GetProperty("t").GetString().Should().Be("2024-01-02T03:04:05.500000Z");
    }

    [Fact]
    public void Empty_result_prints_headers_and_zero_rows()
    {
        _cli.Run("sql", "select 1 as a where false").Out.Should().Contain("(0 rows)");
        _cli.Run("sql", "select 1 as a where false", "-f", "json").Out.Trim().Should().Be("[]");
        _cli.Run("sql", "select 1 as a where false", "-f", "csv").Out.Should().Be("a\r\n");
    }

    [Fact]
    public void Several_statements_show_the_last_result_set()
    {
        var run = _cli.Run("sql", "create table t(a int); insert into t values (1), (2); select count(*) as n from t", "-f", "csv");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Out.Should().Be("n\r\n2\r\n");
    }

    [Fact]
    public void Statements_without_a_result_report_rows_affected()
    {
        _cli.Run("sql", "create table t(a int)").Out.Should().Be("OK\n");
        _cli.Run("sql", "insert into t values (1), (2), (3)").Out.Should().Be("OK, 3 rows affected\n");
        _cli.Run("sql", "delete from t where a = 1").Out.Should().Be("OK, 1 row affected\n");
    }

    [Fact]
    public void Bad_sql_exits_1_with_one_line_naming_duckdbs_message()
    {
        var run = _cli.Run("sql", "select * from no_such_table");

        run.ExitCode.Should().Be(1);
        run.Out.Should().BeEmpty();
        run.Error.TrimEnd('\n').Should().NotContain("\n").And.StartWith("error: Catalog Error: Table with name no_such_table does not exist")
            .And.EndWith("[SQL: select * from no_such_table]");
    }

    [Fact]
    public void Syntax_error_shows_the_first_line_of_the_message_and_of_the_sql()
    {
        var run = _cli.Run("sql", "selec 1\nfrom nowhere");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Be("error: Parser Error: syntax error at or near \"selec\" [SQL: selec 1]\n");
    }

    [Fact]
    public void Unknown_format_exits_2()
    {
        var run = _cli.Run("sql", "select 1", "--format", "xml");

        run.ExitCode.Should().Be(2);
        run.Error.TrimEnd('\n').Should().StartWith("error: ").And.Contain("xml").And.NotContain("\n");
        run.Out.Should().BeEmpty();
    }

    [Fact]
    public void Missing_query_exits_2()
    {
        _cli.Run("sql").ExitCode.Should().Be(2);
    }

    [Fact]
    public void A_warehouse_file_is_created_at_the_default_location_in_the_project_folder()
    {
        var project = Directory.CreateDirectory(Path.Combine(_cli.Path, "project")).FullName;
        File.WriteAllText(Path.Combine(project, "logbook.yml"), "name: audit\n");

        var run = _cli.Run("sql", "create table seen as select 1 as x", "--project-dir", project);

        run.ExitCode.Should().Be(0, run.ToString());
        File.Exists(Path.Combine(project, "warehouse.duckdb")).Should().BeTrue();
        _cli.Run("sql", "select x from seen", "--project-dir", project, "-f", "csv").Out.Should().Be("x\r\n1\r\n");
    }

    [Fact]
    public void Without_a_project_file_the_warehouse_goes_in_the_current_directory()
    {
        _cli.Run("sql", "select 1").ExitCode.Should().Be(0);

        File.Exists(Path.Combine(_cli.Path, "warehouse.duckdb")).Should().BeTrue();
    }

    [Fact]
    public void Warehouse_option_uses_that_file()
    {
        var run = _cli.Run("sql", "create table t as select 7 as v", "--warehouse", "data/other.duckdb");

        run.ExitCode.Should().Be(0, run.ToString());
        File.Exists(Path.Combine(_cli.Path, "data", "other.duckdb")).Should().BeTrue();
        File.Exists(Path.Combine(_cli.Path, "warehouse.duckdb")).Should().BeFalse();
    }

    [Fact]
    public void Read_only_refuses_writes()
    {
        _cli.Run("sql", "create table t(a int)").ExitCode.Should().Be(0);

        var run = _cli.Run("sql", "insert into t values (1)", "--read-only");

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith("error: ").And.Contain("read-only");
    }

    [Fact]
    public void Postgres_target_without_a_host_is_a_configuration_error_that_never_shows_the_password()
    {
        _cli.Write("logbook.yml", "name: audit\n");
        var profiles = _cli.Write("profiles.yml", "audit:\n  target: pg\n  outputs:\n    pg:\n      type: postgres\n      dbname: analytics\n      password: \"{{ env_var('PG_SECRET', 'hunter2') }}\"\n");

        var run = _cli.Run("sql", "select 1");

        run.ExitCode.Should().Be(2);
        run.Error.Should().Be($"error: {profiles}:5:7: postgres target 'pg' needs a 'host' (or a 'url')\n");
        run.Error.Should().NotContain("hunter2");
    }

    [Fact]
    public void Unreachable_postgres_server_is_one_line_naming_where_and_why()
    {
        _cli.Write("logbook.yml", "name: audit\n");
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        _cli.Write("profiles.yml", "audit:\n  target: pg\n  outputs:\n    pg: { type: postgres, url: 'postgres://someone:hunter2@127.0.0.1:1/analytics', connect_timeout: 5 }\n");

        var run = _cli.Run("sql", "select 1");

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith("error: cannot connect to PostgreSQL at 127.0.0.1:1/analytics: ").And.EndWith("\n");
        run.Error.TrimEnd('\n').Should().NotContain("\n", "one line, no stack trace");
        run.Error.Should().NotContain("hunter2");
    }

    [Fact]
    public void Missing_env_var_is_a_configuration_error_naming_file_and_line()
    {
        _cli.Write("logbook.yml", "name: audit\n");
        var profiles = _cli.Write("profiles.yml", "audit:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: \"{{ env_var('AUDIT_DB') }}\"\n");

        var run = _cli.Run("sql", "select 1");

        run.ExitCode.Should().Be(2);
        run.Error.Should().StartWith($"error: {profiles}:6:14: ").And.Contain("'AUDIT_DB'");
    }
}
