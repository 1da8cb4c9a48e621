using System.Text.Json.Nodes;

namespace Logbook.Cli.Tests;

/// <summary>compile, run, test, build, ls and docs generate through the command line, on a small project.</summary>
public sealed class ModelCommandTests : IDisposable
{
    private readonly CliFixture _cli = new();

    public ModelCommandTests()
    {
        // numbers (table) -> doubled (table) -> sub/report (view); sub/constant (table) stands alone; two tests on numbers.
        _cli.Write("logbook.yml", "name: demo\nvars:\n  n: 3\n");
        _cli.Write("models/numbers.sql", "{{ config(materialized='table', tags=['core']) }}\nselect range as id from range({{ var('n') }})");
        _cli.Write("models/doubled.sql", "{{ config(materialized='table') }}\nselect id * 2 as id2 from {{ ref('numbers') }}");
        _cli.Write("models/sub/report.sql", "select count(*) as n from {{ ref('doubled') }}");
        _cli.Write("models/sub/constant.sql", "{{ config(materialized='table') }}\nselect 1 as one");
        WriteSchema("error");
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Compile_writes_the_sql_with_refs_resolved_and_builds_nothing()
    {
        var run = _cli.Run("compile");

        run.ExitCode.Should().Be(0, run.ToString());
        _cli.Read("target/compiled/demo/models/doubled.sql").Should().Be("\nselect id * 2 as id2 from \"main\".\"numbers\"\n");
        _cli.Read("target/compiled/demo/models/sub/report.sql").Should().Contain("from \"main\".\"doubled\"");
        _cli.Read("target/compiled/demo/models/schema.yml/unique_numbers_id.sql").Should().Contain("from \"main\".\"numbers\"");
        _cli.Query("select count(*) from information_schema.tables").Should().Equal(["0"], "compile runs nothing, not even the audit log");
    }

    [Fact]
    public void Run_builds_the_models_and_prints_a_line_per_node_and_a_summary()
    {
        var run = _cli.Run("run");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Error.Should().BeEmpty();
        run.Out.Should().Contain("Found 4 models, 2 tests, 0 sources")
            .And.Contain("START table model main.numbers")
            .And.MatchRegex(@"OK table model main\.numbers \.+ \[OK 3 rows in \d+\.\d\ds\]")
            .And.MatchRegex(@"OK view model main\.report \.+ \[OK in \d+\.\d\ds\]")
            .And.Contain("Completed successfully")
            .And.Contain("Done. PASS=4 WARN=0 ERROR=0 SKIP=0 TOTAL=4");
        run.Out.Should().NotContain("unique_numbers_id", "run builds models only");
        _cli.Query("select * from main.doubled order by id2").Should().Equal("0", "2", "4");
        _cli.Query("select n from main.report").Should().Equal("3");
    }

    [Fact]
    public void A_failing_model_exits_1_with_duckdbs_message_and_the_compiled_file_and_skips_downstream()
    {
        _cli.Write("models/doubled.sql", "{{ config(materialized='table') }}\nselect missing_column from {{ ref('numbers') }}");

        var run = _cli.Run("run");

        run.ExitCode.Should().Be(1, run.ToString());
        run.Out.Should().MatchRegex(@"ERROR table model main\.doubled \.+ \[ERROR in")
            .And.MatchRegex(@"SKIP view model main\.report \.+ \[SKIP\]")
            .And.Contain("Error in model doubled (target/compiled/demo/models/doubled.sql)")
            .And.Contain("Binder Error: Referenced column \"missing_column\" not found")
            .And.Contain("(compiled SQL: target/compiled/demo/models/doubled.sql)")
            .And.Contain("Done. PASS=2 WARN=0 ERROR=1 SKIP=1 TOTAL=4");
        _cli.Query("select count(*) from information_schema.tables where table_name in ('numbers', 'constant')").Should().Equal(["2"], "the siblings were built");
    }

    [Fact]
    public void Test_and_build_exit_1_on_an_error_severity_failure_and_0_on_a_warning()
    {
        _cli.Run("run").ExitCode.Should().Be(0);
        _cli.Run("test").ExitCode.Should().Be(0, "both tests pass on 0, 1, 2");
        _cli.Write("models/numbers.sql", "{{ config(materialized='table') }}\nselect range % 2 as id from range({{ var('n') }})");

        var build = _cli.Run("build");

        build.ExitCode.Should().Be(1, build.ToString());
        build.Out.Should().MatchRegex(@"FAIL 1 unique_numbers_id \.+ \[FAIL 1 in")
            .And.Contain("Failure in test unique_numbers_id (target/compiled/demo/models/schema.yml/unique_numbers_id.sql)")
            .And.Contain("got 1 failing row (severity error)")
            .And.Contain("| unique_field=0, n_records=2")
            .And.MatchRegex(@"SKIP table model main\.doubled")
            .And.Contain("Done. PASS=3 WARN=0 ERROR=1 SKIP=2 TOTAL=6");
        var test = _cli.Run("test");
        test.ExitCode.Should().Be(1, test.ToString());
        test.Out.Should().Contain("Done. PASS=1 WARN=0 ERROR=1 SKIP=0 TOTAL=2");

        WriteSchema("warn");
        var warned = _cli.Run("build");
        warned.ExitCode.Should().Be(0, warned.ToString());
        warned.Out.Should().MatchRegex(@"WARN 1 unique_numbers_id \.+ \[WARN 1 in")
            .And.Contain("Warning in test unique_numbers_id")
            .And.Contain("Done. PASS=5 WARN=1 ERROR=0 SKIP=0 TOTAL=6");
        _cli.Run("test").ExitCode.Should().Be(0);
    }

    [Theory]
    [InlineData(new[] { "-s", "+doubled", "--output", "name" }, new[] { "doubled", "numbers", "not_null_numbers_id", "unique_numbers_id" })]
    [InlineData(new[] { "-s", "numbers+", "--resource-type", "model" }, new[] { "demo.doubled", "demo.numbers", "demo.sub.report" })]
    [InlineData(new[] { "-s", "tag:core", "--resource-type", "model" }, new[] { "demo.numbers" })]
    [InlineData(new[] { "-s", "path:models/sub" }, new[] { "demo.sub.constant", "demo.sub.report" })]
    [InlineData(new[] { "-s", "path:models/sub", "--output", "path" }, new[] { "models/sub/constant.sql", "models/sub/report.sql" })]
    [InlineData(new[] { "--exclude", "path:models/sub", "unique_numbers_id", "--resource-type", "model" }, new[] { "demo.doubled", "demo.numbers" })]
    [InlineData(new[] { "-s", "numbers", "--exclude", "unique_numbers_id", "--output", "name" }, new[] { "numbers", "not_null_numbers_id" })]
    [InlineData(new[] { "-s", "tag:core,doubled+", "--output", "name" }, new string[0])]
    [InlineData(new[] { "--resource-type", "test", "--output", "name" }, new[] { "not_null_numbers_id", "unique_numbers_id" })]
    public void Ls_lists_what_a_selection_picks(string[] options, string[] expected)
    {
        var run = _cli.Run(["ls", .. options]);

        run.ExitCode.Should().Be(0, run.ToString());
        Lines(run.Out).Should().BeEquivalentTo(expected);
        _cli.Exists("warehouse.duckdb").Should().BeFalse("ls opens no warehouse");
    }

    [Fact]
    public void Ls_json_has_one_object_per_line()
    {
        var run = _cli.Run("ls", "-s", "numbers", "--resource-type", "model", "--output", "json");

        var node = JsonNode.Parse(Lines(run.Out).Single())!;
        node["unique_id"]!.GetValue<string>().Should().Be("model.demo.numbers");
        node["original_file_path"]!.GetValue<string>().Should().Be("models/numbers.sql");
        node["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("core");
    }

    [Fact]
    public void Vars_change_what_a_model_builds()
    {
        _cli.Run("run", "-s", "numbers", "--vars", "{n: 7}").ExitCode.Should().Be(0);
        _cli.Query("select count(*) from main.numbers").Should().Equal("7");

        _cli.Run("run", "-s", "numbers", "--vars", "{\"n\": 2}").ExitCode.Should().Be(0, "JSON works too");
        _cli.Query("select count(*) from main.numbers").Should().Equal("2");

        _cli.Run("run", "-s", "numbers").ExitCode.Should().Be(0);
        _cli.Query("select count(*) from main.numbers").Should().Equal(["3"], "without --vars the project's value applies");
    }

    [Fact]
    public void Full_refresh_rebuilds_an_incremental_model()
    {
        _cli.Write("models/inc.sql", """
            {{ config(materialized='incremental', unique_key='id') }}
            select range as id, '{{ var('label', 'first') }}' as label from range(3)
            {% if is_incremental() %} where range > (select max(id) from {{ this }}) {% endif %}
            """);
        _cli.Run("run", "-s", "inc").ExitCode.Should().Be(0);

        var incremental = _cli.Run("run", "-s", "inc", "--vars", "{label: second}");
        incremental.Out.Should().Contain("[OK 0 rows in", "the incremental branch finds nothing new");
        _cli.Query("select distinct label from main.inc").Should().Equal("first");

        var refreshed = _cli.Run("run", "-s", "inc", "--vars", "{label: second}", "--full-refresh");
        refreshed.ExitCode.Should().Be(0, refreshed.ToString());
        refreshed.Out.Should().Contain("[OK 3 rows in");
        _cli.Query("select distinct label from main.inc").Should().Equal("second");
    }

    [Fact]
    public void Fail_fast_stops_at_the_first_failure_and_skips_the_rest()
    {
        // Both models without parents fail: whichever runs first stops the run, so the other one never runs.
        _cli.Write("models/numbers.sql", "select nope");
        _cli.Write("models/sub/constant.sql", "select nope");

        var run = _cli.Run("run", "--fail-fast", "--threads", "1");

        run.ExitCode.Should().Be(1, run.ToString());
        run.Out.Should().MatchRegex(@"warning: --fail-fast: stopping after (numbers|constant) errored")
            .And.Contain("Done. PASS=0 WARN=0 ERROR=1 SKIP=3 TOTAL=4");
        var statuses = RunResults().Select(r => r["status"]!.GetValue<string>());
        statuses.Should().BeEquivalentTo(["error", "skipped", "skipped", "skipped"], "without --fail-fast both would error");
    }

    [Fact]
    public void Threads_sets_the_concurrency_and_must_be_positive()
    {
        var run = _cli.Run("run", "--threads", "1");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Out.Should().Contain("Concurrency: 1 thread (target='default')");
        RunResults().Select(r => r["thread_id"]!.GetValue<string>()).Should().OnlyContain(t => t == "Thread-1");

        var zero = _cli.Run("run", "--threads", "0");
        zero.ExitCode.Should().Be(2);
        zero.Error.Should().Contain("--threads must be at least 1");
    }

    [Fact]
    public void Target_builds_in_the_chosen_profile_output()
    {
        _cli.Write("profiles.yml", """
            demo:
              target: dev
              outputs:
                dev: {type: duckdb, path: dev.duckdb}
                other: {type: duckdb, path: data/other.duckdb}
            """);

        var run = _cli.Run("run", "-s", "constant", "--target", "other");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Out.Should().Contain("(target='other')");
        _cli.Query("select one from main.constant", "--warehouse", "data/other.duckdb").Should().Equal("1");
        _cli.Exists("dev.duckdb").Should().BeFalse("the default target was never opened");
        _cli.Exists("warehouse.duckdb").Should().BeFalse();
        JsonNode.Parse(_cli.Read("target/run_results.json"))!["args"]!["target"]!.GetValue<string>().Should().Be("other");
    }

    [Fact]
    public void Docs_generate_writes_a_page_with_the_models_and_their_descriptions()
    {
        _cli.Run("run").ExitCode.Should().Be(0);

        var run = _cli.Run("docs", "generate");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Out.Should().Contain("target/index.html");
        var page = _cli.Read("target/index.html");
        page.Should().Contain("numbers").And.Contain("doubled").And.Contain("report").And.Contain("constant");
        page.Should().Contain("Every number below n.").And.Contain("Each number, twice.").And.Contain("The key.");
        _cli.Exists("target/catalog.json").Should().BeTrue();
        _cli.Exists("target/manifest.json").Should().BeTrue();
    }

    [Theory]
    [InlineData("run")]
    [InlineData("build")]
    [InlineData("test")]
    [InlineData("compile")]
    [InlineData("ls")]
    [InlineData("docs", "generate")]
    public void A_bad_project_exits_2_with_one_line_naming_the_file_and_line(params string[] command)
    {
        _cli.Write("models/doubled.sql", "{{ config(materialized='table') }}\nselect id from {{ ref('numbrs') }}");

        var run = _cli.Run(command);

        run.ExitCode.Should().Be(2, run.ToString());
        run.Out.Should().BeEmpty();
        run.Error.Should().Be("error: models/doubled.sql:2:19: ref('numbrs'): there is no model named 'numbrs' (did you mean 'numbers'?)\n");
    }

    [Fact]
    public void A_yaml_error_exits_2_naming_the_file_and_line()
    {
        _cli.Write("models/schema.yml", "version: 2\nmodels:\n  - name: numbers\n   description: misaligned\n");

        var run = _cli.Run("build");

        run.ExitCode.Should().Be(2, run.ToString());
        run.Error.Should().MatchRegex(@"^error: models/schema\.yml:4:\d+: invalid YAML: [^\n]*\n$");
    }

    [Fact]
    public void Build_writes_the_manifest_and_one_run_result_per_node()
    {
        var run = _cli.Run("build");

        run.ExitCode.Should().Be(0, run.ToString());
        var manifest = JsonNode.Parse(_cli.Read("target/manifest.json"))!;
        manifest["nodes"]!.AsObject().Select(n => n.Key).Should().BeEquivalentTo(
            "model.demo.numbers", "model.demo.doubled", "model.demo.report", "model.demo.constant", "test.demo.unique_numbers_id", "test.demo.not_null_numbers_id");
        manifest["nodes"]!["model.demo.doubled"]!["depends_on"]!["nodes"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("model.demo.numbers");

        var results = RunResults().ToDictionary(r => r["unique_id"]!.GetValue<string>(), r => r);
        results.Keys.Should().BeEquivalentTo(manifest["nodes"]!.AsObject().Select(n => n.Key), "one entry per node built or tested");
        results["model.demo.numbers"]["status"]!.GetValue<string>().Should().Be("success");
        results["model.demo.numbers"]["rows_affected"]!.GetValue<long>().Should().Be(3);
        results["model.demo.doubled"]["rows_affected"]!.GetValue<long>().Should().Be(3);
        results["model.demo.report"]["rows_affected"].Should().BeNull("a view's row count is unknown");
        results["test.demo.unique_numbers_id"]["status"]!.GetValue<string>().Should().Be("pass");
        results["test.demo.unique_numbers_id"]["failures"]!.GetValue<long>().Should().Be(0);
        JsonNode.Parse(_cli.Read("target/run_results.json"))!["command"]!.GetValue<string>().Should().Be("build");
    }

    private void WriteSchema(string uniqueSeverity) => _cli.Write("models/schema.yml", $$"""
        version: 2
        models:
          - name: numbers
            description: Every number below n.
            columns:
              - name: id
                description: The key.
                tests:
                  - unique: {severity: {{uniqueSeverity}}}
                  - not_null
          - name: doubled
            description: Each number, twice.
        """);

    private List<JsonNode> RunResults() => [.. JsonNode.Parse(_cli.Read("target/run_results.json"))!["results"]!.AsArray().Select(r => r!)];

    private static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
