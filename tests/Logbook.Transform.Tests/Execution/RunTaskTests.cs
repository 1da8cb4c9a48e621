using System.Data.Common;
using System.Text.Json.Nodes;
using Logbook.Core.Templates;
using Logbook.Core.Warehouses;
using Logbook.Hosting;
using Logbook.Transform.Execution;
using Logbook.Transform.Tests.Support;

namespace Logbook.Transform.Tests.Execution;

/// <summary>Scheduling, skipping, selection and artifacts of whole invocations.</summary>
public sealed class RunTaskTestsOnDuckDb() : RunTaskTests(TestEngine.DuckDb);

public sealed class RunTaskTestsOnPostgres() : RunTaskTests(TestEngine.Postgres);

public abstract class RunTaskTests : IDisposable
{
    private readonly EngineProject _project;

    protected RunTaskTests(TestEngine engine)
    {
        _project = new EngineProject(engine: engine);
        // a -> b -> c, a -> d (fan), e independent; tests on a and b.
        _project.Write("models/a.sql", "{{ config(materialized='table', tags=['core']) }}\nselect range as id from generate_series(0, 4) as s(range)");
        _project.Write("models/b.sql", "{{ config(materialized='table') }}\nselect id from {{ ref('a') }}");
        _project.Write("models/c.sql", "{{ config(materialized='table') }}\nselect id from {{ ref('b') }}");
        _project.Write("models/sub/d.sql", "{{ config(materialized='view', tags=['core']) }}\nselect id * 2 as id2 from {{ ref('a') }}");
        _project.Write("models/sub/e.sql", "{{ config(materialized='table') }}\nselect 1 as one");
        _project.Write("models/schema.yml", """
            version: 2
            models:
              - name: a
                columns:
                  - name: id
                    tests: [unique, not_null]
              - name: b
                columns:
                  - name: id
                    tests:
                      - relationships: {to: "ref('a')", field: id}
            """);
    }

    public void Dispose()
    {
        _project.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A query that keeps the engine busy, a little or for minutes (DuckDB computes; PostgreSQL sleeps).</summary>
    private string Busy(bool forMinutes) => _project.Engine == TestEngine.Postgres
        ? $"select count(*) as n from (select pg_sleep({(forMinutes ? "600" : "0.3")})) as s"
        : $"select sum(hash(range)) as n from range({(forMinutes ? "100000000000" : "3000000")})";

    [Fact]
    public void Build_runs_each_model_after_its_parents_and_its_tests_before_the_children()
    {
        var (results, reporter) = _project.Run(RunCommand.Build, threads: 1);

        results.Succeeded.Should().BeTrue();
        var order = reporter.Events.Where(e => e.StartsWith("START ", StringComparison.Ordinal)).Select(e => e[6..]).ToList();
        order.Should().HaveCount(8);
        order.IndexOf("a").Should().BeLessThan(order.IndexOf("unique_a_id"));
        order.IndexOf("unique_a_id").Should().BeLessThan(order.IndexOf("b"), "in build, a model's tests gate its children");
        order.IndexOf("not_null_a_id").Should().BeLessThan(order.IndexOf("sub/d".Split('/')[1]));
        order.IndexOf("b").Should().BeLessThan(order.IndexOf("c"));
        order.IndexOf("relationships_b_id_a_id").Should().BeLessThan(order.IndexOf("c"));
    }

    [Fact]
    public void A_failing_model_skips_everything_downstream_but_not_its_siblings()
    {
        _project.Write("models/b.sql", "{{ config(materialized='table') }}\nselect missing_column from {{ ref('a') }}");

        var (results, _) = _project.Run(RunCommand.Build);

        results.Succeeded.Should().BeFalse();
        Status(results, "b").Should().Be(NodeStatus.Error);
        Status(results, "c").Should().Be(NodeStatus.Skipped);
        Status(results, "relationships_b_id_a_id").Should().Be(NodeStatus.Skipped);
        Status(results, "d").Should().Be(NodeStatus.Success);
        Status(results, "e").Should().Be(NodeStatus.Success);
        results.Results.Single(r => r.Name == "c").Message.Should().Contain("upstream b");
        results.Results.Single(r => r.Name == "b").Message.Should().Contain("missing_column").And.Contain("target/compiled/demo/models/b.sql");
    }

    [Fact]
    public void An_error_severity_test_failure_skips_downstream_models_in_build_but_a_warning_does_not()
    {
        _project.Write("models/a.sql", "{{ config(materialized='table') }}\nselect 1 as id union all select 1");

        var (results, _) = _project.Run(RunCommand.Build);

        Status(results, "unique_a_id").Should().Be(NodeStatus.Fail);
        results.Results.Single(r => r.Name == "unique_a_id").Failures.Should().Be(1);
        results.Results.Single(r => r.Name == "unique_a_id").Sample.Should().ContainSingle().Which.Should().Contain("unique_field=1");
        Status(results, "b").Should().Be(NodeStatus.Skipped);
        Status(results, "d").Should().Be(NodeStatus.Skipped);
        Status(results, "e").Should().Be(NodeStatus.Success);

        _project.Write("models/schema.yml", """
            version: 2
            models:
              - name: a
                columns:
                  - name: id
                    tests:
                      - unique: {severity: warn}
            """);
        var (warned, _) = _project.Run(RunCommand.Build);
        Status(warned, "unique_a_id").Should().Be(NodeStatus.Warn);
        Status(warned, "c").Should().Be(NodeStatus.Success);
        warned.Succeeded.Should().BeTrue("warnings do not fail a run");
    }

    [Fact]
    public void Run_does_not_run_tests_and_test_does_not_build_models()
    {
        var (run, _) = _project.Run(RunCommand.Run);
        run.Results.Should().OnlyContain(r => r.ResourceType == "model").And.HaveCount(5);

        var (test, _) = _project.Run(RunCommand.Test);
        test.Results.Should().OnlyContain(r => r.ResourceType == "test").And.HaveCount(3);
        test.Succeeded.Should().BeTrue();
    }

    [Fact]
    public void Fail_fast_stops_at_the_first_failure_and_skips_the_rest()
    {
        _project.Write("models/a.sql", "select nope");

        var (results, reporter) = _project.Run(RunCommand.Run, threads: 1, failFast: true);

        results.Results.Should().HaveCount(5, "every planned node is in the results, run or not");
        Status(results, "a").Should().Be(NodeStatus.Error);
        results.Results.Where(r => r.Name != "a").Should().OnlyContain(r => r.Status == NodeStatus.Skipped);
        reporter.Warnings.Should().Contain(w => w.Contains("--fail-fast", StringComparison.Ordinal));
    }

    [Fact]
    public void Threads_run_independent_models_at_the_same_time()
    {
        for (var i = 0; i < 6; i++)
        {
            _project.Write($"models/par/p{i}.sql", "{{ config(materialized='table') }}\n" + Busy(forMinutes: false));
        }

        var (results, _) = _project.Run(RunCommand.Run, select: "path:models/par", threads: 3);

        results.Results.Select(r => r.ThreadId).Distinct().Should().HaveCountGreaterThan(1);
        var spans = results.Results.Select(r => (Start: r.Timing[0].StartedAt, End: r.Timing[^1].CompletedAt)).ToList();
        spans.Any(a => spans.Any(b => a != b && a.Start < b.End && b.Start < a.End)).Should().BeTrue("at least two models overlapped in time");
    }

    [Theory]
    [InlineData("a", new[] { "a" })]
    [InlineData("a+", new[] { "a", "b", "c", "d" })]
    [InlineData("+c", new[] { "a", "b", "c" })]
    [InlineData("1+c", new[] { "b", "c" })]
    [InlineData("tag:core", new[] { "a", "d" })]
    [InlineData("tag:core,path:models/sub", new[] { "d" })]
    [InlineData("path:models/sub", new[] { "d", "e" })]
    [InlineData("c e", new[] { "c", "e" })]
    public void Selection_picks_the_models_dbt_would(string select, string[] expected)
    {
        var (results, _) = _project.Run(RunCommand.Run, select: select);

        results.Results.Select(r => r.Name).Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void Exclude_removes_models_and_tests_follow_their_models()
    {
        var (results, _) = _project.Run(RunCommand.Build, select: "a+", exclude: "c not_null_a_id");

        results.Results.Select(r => r.Name).Should().BeEquivalentTo("a", "b", "d", "unique_a_id", "relationships_b_id_a_id");
    }

    [Fact]
    public void Artifacts_describe_the_project_and_the_run()
    {
        _project.Write("models/c.sql", "select nope from {{ ref('b') }}");
        var (results, _) = _project.Run(RunCommand.Build);

        var manifest = JsonNode.Parse(_project.Read("target/manifest.json"))!;
        manifest["nodes"]!["model.demo.b"]!["depends_on"]!["nodes"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("model.demo.a");
        manifest["nodes"]!["test.demo.unique_a_id"]!["attached_node"]!.GetValue<string>().Should().Be("model.demo.a");
        manifest["child_map"]!["model.demo.a"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Contain(["model.demo.b", "model.demo.d", "test.demo.unique_a_id"]);
        manifest["metadata"]!["invocation_id"]!.GetValue<string>().Should().Be(results.InvocationId);

        var runResults = JsonNode.Parse(_project.Read("target/run_results.json"))!;
        var items = runResults["results"]!.AsArray();
        items.Should().HaveCount(results.Results.Count);
        var a = items.Single(i => i!["unique_id"]!.GetValue<string>() == "model.demo.a")!;
        a["status"]!.GetValue<string>().Should().Be("success");
        a["adapter_response"]!["rows_affected"]!.GetValue<long>().Should().Be(5);
        a["timing"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Should().Equal("compile", "execute");
        var d = items.Single(i => i!["unique_id"]!.GetValue<string>() == "model.demo.d")!;
        d["rows_affected"].Should().BeNull("a view has no row count");
        var c = items.Single(i => i!["unique_id"]!.GetValue<string>() == "model.demo.c")!;
        c["status"]!.GetValue<string>().Should().Be("error");
        c["message"]!.GetValue<string>().Should().Contain("nope");
        _project.Read("target/compiled/demo/models/b.sql").Should().Contain($"\"{_project.Schema}\".\"a\"");
        _project.Read("target/compiled/demo/models/schema.yml/unique_a_id.sql").Should().Contain("having count(*) > 1");
    }

    [Fact]
    public void Cancellation_interrupts_the_running_model_and_still_writes_run_results()
    {
        _project.Write("models/slow.sql", "{{ config(materialized='table') }}\n" + Busy(forMinutes: true));
        _project.Write("models/after_slow.sql", "select * from {{ ref('slow') }}");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        var (results, _) = _project.Run(RunCommand.Run, select: "slow+", threads: 1, cancellationToken: cancellation.Token);

        results.Interrupted.Should().BeTrue();
        results.Results.Should().HaveCount(2);
        var runResults = JsonNode.Parse(_project.Read("target/run_results.json"))!;
        runResults["interrupted"]!.GetValue<bool>().Should().BeTrue();
        runResults["results"]!.AsArray().Select(r => r!["status"]!.GetValue<string>()).Should().BeEquivalentTo("error", "skipped");
    }

    [Fact]
    public void A_host_given_another_warehouse_runs_the_models_and_the_audit_log_through_it()
    {
        var host = _project.Host();
        var counting = new CountingWarehouse(host.Warehouse);
        var engine = new ModelEngine(host.WithWarehouse(counting), _project.Environment);

        var results = engine.Run(engine.Parse(null), new RunOptions { Command = RunCommand.Run, Threads = 1 }, new RecordingReporter(), CancellationToken.None);

        results.Succeeded.Should().BeTrue();
        counting.Opened.Should().Be(2, "one connection for the models (one thread) and one for the audit log");
    }

    [Fact]
    public void The_job_log_hears_once_that_jobs_are_finished_after_the_last_job_ended_and_before_the_run_returns()
    {
        var engine = _project.ModelEngine();
        var log = new RecordingJobLog();

        var results = new RunTask(engine.Parse(null), _project.Host().Warehouse, log, new RunOptions { Command = RunCommand.Build, Threads = 2 }, new RecordingReporter(), engine.Target, "test")
            .Execute(CancellationToken.None);

        results.Succeeded.Should().BeTrue();
        log.Events.Should().ContainSingle(e => e == "jobs finished");
        log.Events.Count(e => e.StartsWith("ended ", StringComparison.Ordinal)).Should().Be(results.Results.Count);
        log.Events[^1].Should().Be("jobs finished", "the audit log may start its last batch once no job can add to it");
    }

    /// <summary>Keeps the order of the calls an invocation makes on its job log.</summary>
    private sealed class RecordingJobLog : Logbook.Core.Runs.IJobLog
    {
        private readonly Lock _gate = new();

        public List<string> Events { get; } = [];

        public string InvocationId { get; } = Guid.NewGuid().ToString();

        public void JobStarted(string name, Logbook.Core.Runs.AuditJobType type, string? customMessage = null) => Add($"started {name}");

        public void Step(string name, string step, string status = "info", string? message = null, int? sequence = null) => Add($"step {name} {step}");

        public void JobEnded(string name, Logbook.Core.Runs.AuditStatus status, long? rowsAffected = null, string? error = null, string? customMessage = null) => Add($"ended {name}");

        public int MarkAbandoned() => 0;

        public void JobsFinished() => Add("jobs finished");

        private void Add(string text)
        {
            lock (_gate)
            {
                Events.Add(text);
            }
        }
    }

    private static NodeStatus Status(RunResults results, string name) => results.Results.Single(r => r.Name == name).Status;

    /// <summary>Counts the connections opened through it.</summary>
    private sealed class CountingWarehouse(IWarehouse inner) : IWarehouse
    {
        public int Opened { get; private set; }

        public WarehouseKind Kind => inner.Kind;

        public string Description => inner.Description;

        public ISqlDialect Dialect => inner.Dialect;

        public string DefaultSchema => inner.DefaultSchema;

        public DbConnection OpenConnection()
        {
            Opened++;
            return inner.OpenConnection();
        }

        public IBulkWriter OpenBulkWriter(DbConnection connection, string schema, string table) =>
            inner.OpenBulkWriter(connection, schema, table);

        public string DescribeError(Exception exception) => inner.DescribeError(exception);

        public IReadOnlyList<DependentView> DependentViews(DbConnection connection, DbTransaction? transaction, string schema, string name) =>
            inner.DependentViews(connection, transaction, schema, name);
    }
}
