using System.Globalization;
using Logbook.Transform.Execution;
using Logbook.Transform.Tests.Support;

namespace Logbook.Transform.Tests.Execution;

/// <summary>The run audit log as the engine writes it: one summary row per node, step details, real row counts.</summary>
public sealed class AuditIntegrationTestsOnDuckDb() : AuditIntegrationTests(TestEngine.DuckDb);

public sealed class AuditIntegrationTestsOnPostgres() : AuditIntegrationTests(TestEngine.Postgres);

public abstract class AuditIntegrationTests : IDisposable
{
    private readonly EngineProject _project;
    private readonly string _s;

    protected AuditIntegrationTests(TestEngine engine)
    {
        _project = new EngineProject(engine: engine);
        _s = _project.Schema;
        _project.Write("models/my_complex_model.sql", """
            {{ config(materialized='table', custom_message='Starting execution of my_complex_model.') }}
            {{ log_step_event(step_name='cte_intermediate_data_prep', step_sequence_num=1, message='Preparing intermediate data.') }}
            with intermediate_data as (select range as id from generate_series(0, 41) as s(range)),
            {{ log_step_event(step_name='cte_aggregated_results', step_sequence_num=2, message='Aggregating data per customer.') }}
            aggregated_results as (select id % 7 as k, count(*) as n from intermediate_data group by 1)
            {{ log_step_event(step_name='final_selection', step_sequence_num=3, message='Final selection.') }}
            select * from aggregated_results
            """);
        _project.Write("models/as_view.sql", "select * from {{ ref('my_complex_model') }}");
        _project.Write("models/broken.sql", "{{ config(materialized='table') }}\nselect no_such_column from {{ ref('my_complex_model') }}");
        _project.Write("models/after_broken.sql", "select * from {{ ref('broken') }}");
        _project.Write("models/schema.yml", """
            version: 2
            models:
              - name: my_complex_model
                columns:
                  - name: k
                    tests: [not_null, unique]
            """);
    }

    public void Dispose()
    {
        _project.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Every_node_gets_one_summary_row_with_its_outcome_and_real_row_count()
    {
        var (results, _) = _project.Run(RunCommand.Build);

        var rows = _project.Query($"select model_name, status, rows_processed, job_type, error_message, run_ended_at, execution_time_seconds from logbook_audit.audit_summary where invocation_id = '{results.InvocationId}' order by model_name");
        rows.Select(r => (string)r[0]!).Should().BeEquivalentTo(results.Results.Select(r => r.Name));
        var byName = rows.ToDictionary(r => (string)r[0]!);
        byName["my_complex_model"][1].Should().Be("completed");
        Convert.ToInt64(byName["my_complex_model"][2], CultureInfo.InvariantCulture).Should().Be(_project.Count($"select count(*) from {_s}.my_complex_model"));
        byName["as_view"][2].Should().BeNull("a view's row count is unknown, and unknown is NULL, never 0 or 1");
        byName["broken"][1].Should().Be("failed");
        ((string)byName["broken"][4]!).Should().Contain("no_such_column");
        byName["after_broken"][1].Should().Be("skipped");
        byName["unique_my_complex_model_k"][3].Should().Be("test");
        byName["my_complex_model"][3].Should().Be("model");
        rows.Where(r => r[1] is not "skipped").Should().OnlyContain(r => r[5] != null && r[6] != null, "finished rows have their end time and duration");
    }

    [Fact]
    public void The_seed_overall_run_summaries_query_runs_unchanged()
    {
        _project.Run(RunCommand.Build);
        _project.Run(RunCommand.Run, select: "my_complex_model");

        // From seed 001, "Overall Run Summaries", with {{ target.schema }}.dbt_ replaced by our audit schema.
        var result = _project.Result("""
            SELECT * FROM logbook_audit.audit_summary
            WHERE model_name = 'my_complex_model'
            ORDER BY run_started_at DESC;
            """);

        result.Rows.Should().HaveCount(2);
        result.Columns.Select(c => c.Name).Take(9).Should().Equal(
            "invocation_id", "model_name", "run_started_at", "run_ended_at", "execution_time_seconds", "rows_processed", "status", "run_by_user", "custom_message");
        result.Rows.Should().OnlyContain(r => (string)r[6]! == "completed" && Convert.ToInt64(r[5], CultureInfo.InvariantCulture) == 7);
        result.Rows.Should().OnlyContain(r => (string)r[8]! == "Starting execution of my_complex_model.");
        ((DateTime)result.Rows[0][2]!).Should().BeAfter((DateTime)result.Rows[1][2]!, "newest first");
    }

    [Fact]
    public void The_seed_detailed_steps_query_returns_the_steps_of_a_run_in_order()
    {
        var (results, _) = _project.Run(RunCommand.Build);

        // From seed 001, "Detailed Steps for a Specific Run", with the schema name and the invocation id filled in.
        var rows = _project.Query($"""
            SELECT
                s.invocation_id,
                s.model_name,
                s.run_started_at as summary_run_started_at,
                s.status as summary_status,
                d.step_name,
                d.step_sequence_num,
                d.event_timestamp,
                d.status as step_status,
                d.message
            FROM logbook_audit.audit_summary s
            JOIN logbook_audit.audit_detail d
              ON s.invocation_id = d.invocation_id AND s.model_name = d.model_name
            WHERE s.model_name = 'my_complex_model' AND s.invocation_id = '{results.InvocationId}'
            ORDER BY d.step_sequence_num ASC, d.event_timestamp ASC;
            """);

        var steps = rows.Select(r => (string)r[4]!).ToList();
        steps.Take(3).Should().Equal("cte_intermediate_data_prep", "cte_aggregated_results", "final_selection");
        rows.Take(3).Select(r => Convert.ToInt32(r[5], CultureInfo.InvariantCulture)).Should().Equal(1, 2, 3);
        steps.Should().Contain(["compile", "execute", "swap", "test unique_my_complex_model_k", "test not_null_my_complex_model_k"]);
        rows.Should().OnlyContain(r => (string)r[3]! == "completed");
        rows.Single(r => (string)r[4]! == "execute")[8].Should().BeOfType<string>().Which.Should().Contain("7 rows");
    }

    [Fact]
    public void An_audit_log_that_cannot_be_written_warns_and_the_models_still_run()
    {
        // An audit_summary of the wrong shape (made by someone else) makes every summary write fail.
        _project.Query("create schema logbook_audit; create table logbook_audit.audit_summary (x integer)");
        _project.Delete("models/broken.sql");
        _project.Delete("models/after_broken.sql");

        var (results, reporter) = _project.Run(RunCommand.Build);

        results.Succeeded.Should().BeTrue();
        reporter.Warnings.Should().NotBeEmpty().And.Contain(w => w.Contains("audit", StringComparison.OrdinalIgnoreCase));
        _project.Count($"select count(*) from {_s}.my_complex_model").Should().Be(7);
    }

    [Fact]
    public void The_audit_schema_is_configurable_in_logbook_yml()
    {
        _project.Write("logbook.yml", "name: demo\naudit-schema: ops_audit\n");

        var (results, _) = _project.Run(RunCommand.Run, select: "my_complex_model");

        _project.Count($"select count(*) from ops_audit.audit_summary where invocation_id = '{results.InvocationId}'").Should().Be(1);
    }

    [Fact]
    public void Without_the_audit_log_a_build_writes_nothing_and_creates_no_audit_schema()
    {
        var (results, reporter) = _project.Run(RunCommand.Build, audit: false);

        results.Results.Should().Contain(r => r.Name == "my_complex_model" && r.Status == NodeStatus.Success);
        _project.Count($"select count(*) from {_s}.my_complex_model").Should().Be(7);
        _project.Count("select count(*) from information_schema.schemata where schema_name = 'logbook_audit'").Should().Be(0);
        reporter.Warnings.Should().BeEmpty();
    }
}
