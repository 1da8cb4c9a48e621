using Logbook.Transform.Execution;
using Logbook.Transform.Tests.Support;

namespace Logbook.Transform.Tests.Execution;

/// <summary>
/// Every generic test kind on a column that holds and one that breaks it, run once for the class: the right
/// outcome, the number of failing rows and a sample of them.
/// </summary>
public sealed class DataTestTestsOnDuckDb(DataTestTestsOnDuckDb.DuckDbFixture fixture) : DataTestTests(fixture), IClassFixture<DataTestTestsOnDuckDb.DuckDbFixture>
{
    public sealed class DuckDbFixture() : Fixture(TestEngine.DuckDb);
}

public sealed class DataTestTestsOnPostgres(DataTestTestsOnPostgres.PostgresFixture fixture) : DataTestTests(fixture), IClassFixture<DataTestTestsOnPostgres.PostgresFixture>
{
    public sealed class PostgresFixture() : Fixture(TestEngine.Postgres);
}

public abstract class DataTestTests(DataTestTests.Fixture fixture)
{
    /// <summary>
    /// orders (10 rows): id 0..9; dup has 0 three times; maybe_null is NULL for ids 0, 4, 8; status is 'ok' or 'failed',
    /// bad_status adds 'weird' and 'oops'; level is id % 3; customer_id is in customers (0..4), bad_customer_id has 5 and 6.
    /// </summary>
    public abstract class Fixture : IDisposable
    {
        private readonly EngineProject _project;

        protected Fixture(TestEngine engine)
        {
            _project = new(engine: engine, projectYaml: """
            name: demo
            sources:
              - name: raw
                tables:
                  - name: events
                    columns:
                      - name: id
                        tests: [not_null]
                      - name: kind
                        tests: [not_null]
            """);
            _project.Query("create schema raw; create table raw.events as select range as id, case when range = 2 then null else 'e' end as kind from generate_series(0, 3) as s(range)");
            _project.Write("models/customers.sql", "{{ config(materialized='table') }}\nselect range as customer_id from generate_series(0, 4) as s(range)");
            _project.Write("models/orders.sql", """
                {{ config(materialized='table') }}
                select range as id,
                       case when range < 3 then 0 else range end as dup,
                       case when range % 4 = 0 then null else range end as maybe_null,
                       case when range < 8 then 'ok' else 'failed' end as status,
                       case range when 9 then 'oops' when 8 then 'weird' else 'ok' end as bad_status,
                       range % 3 as level,
                       range % 5 as customer_id,
                       range % 7 as bad_customer_id
                from generate_series(0, 9) as s(range)
                """);
            _project.Write("models/schema.yml", """
                version: 2
                models:
                  - name: orders
                    columns:
                      - name: id
                        tests:
                          - not_null
                          - unique
                          - expression_is_true: {expression: ">= 0"}
                      - name: dup
                        tests: [unique]
                      - name: maybe_null
                        tests:
                          - not_null
                          - not_null: {name: not_null_maybe_null_filtered, where: "id % 4 <> 0"}
                      - name: status
                        tests:
                          - accepted_values: {values: [ok, failed]}
                      - name: bad_status
                        tests:
                          - accepted_values: {values: [ok, failed]}
                      - name: level
                        tests:
                          - accepted_values: {values: [0, 1, 2], quote: false}
                          - accepted_values: {values: [0, 1], quote: false}
                          - relationships: {to: "source('raw', 'events')", field: id}
                      - name: customer_id
                        tests:
                          - relationships: {to: "ref('customers')", field: customer_id}
                          - relationships: {to: "source('raw', 'events')", field: id}
                      - name: bad_customer_id
                        tests:
                          - relationships: {to: "ref('customers')", field: customer_id}
                          - relationships: {to: "ref('customers')", field: customer_id, where: "bad_customer_id < 5", name: relationships_filtered}
                    data_tests:
                      - dbt_utils.unique_combination_of_columns: {combination_of_columns: [id, dup]}
                      - unique_combination_of_columns: {combination_of_columns: [status, level]}
                      - dbt_utils.expression_is_true: {expression: "id >= 0 and level < 3"}
                      - expression_is_true: {expression: "id < 8"}
                """);
            _project.Run(RunCommand.Run).Results.Succeeded.Should().BeTrue();
            (Results, _) = _project.Run(RunCommand.Test);
        }

        internal RunResults Results { get; }

        internal EngineProject Project => _project;

        public void Dispose() => _project.Dispose();
    }

    [Theory]
    [InlineData("not_null_orders_id")]
    [InlineData("unique_orders_id")]
    [InlineData("expression_is_true_orders_id_0")]
    [InlineData("not_null_maybe_null_filtered")]
    [InlineData("accepted_values_orders_status_ok_failed")]
    [InlineData("accepted_values_orders_level_0_1_2")]
    [InlineData("relationships_orders_customer_id_customers_customer_id")]
    [InlineData("relationships_filtered")]
    [InlineData("relationships_orders_level_raw_events_id")]
    [InlineData("unique_combination_of_columns_orders_id_dup")]
    [InlineData("expression_is_true_orders_id_0_and_level_3")]
    [InlineData("not_null_raw_events_id")]
    public void A_test_on_data_that_holds_passes(string name)
    {
        var result = Result(name);

        result.Status.Should().Be(NodeStatus.Pass, result.Message);
        result.Failures.Should().Be(0);
        result.Sample.Should().BeEmpty();
    }

    [Theory]
    [InlineData("unique_orders_dup", 1, "unique_field=0, n_records=3")]
    [InlineData("not_null_orders_maybe_null", 3, "id=4, dup=4, maybe_null=NULL")]
    [InlineData("accepted_values_orders_bad_status_ok_failed", 2, "value_field=oops, n_records=1", "value_field=weird, n_records=1")]
    [InlineData("accepted_values_orders_level_0_1", 1, "value_field=2, n_records=3")]
    [InlineData("relationships_orders_bad_customer_id_customers_customer_id", 2, "from_field=5", "from_field=6")]
    [InlineData("relationships_orders_customer_id_raw_events_id", 2, "from_field=4")]
    [InlineData("unique_combination_of_columns_orders_status_level", 3, "status=ok, level=0, n_records=3", "status=ok, level=2, n_records=2")]
    [InlineData("expression_is_true_orders_id_8", 2, "id=8, dup=8", "id=9, dup=9")]
    [InlineData("not_null_raw_events_kind", 1, "id=2, kind=NULL")]
    public void A_test_on_data_that_breaks_it_fails_with_the_count_and_a_sample(string name, long failures, params string[] sample)
    {
        var result = Result(name);

        result.Status.Should().Be(NodeStatus.Fail, result.Message);
        result.Failures.Should().Be(failures);
        result.Message.Should().Be($"got {failures} failing row{(failures == 1 ? string.Empty : "s")} (severity error)");
        result.Sample.Should().HaveCount((int)failures);
        foreach (var row in sample)
        {
            result.Sample.Should().Contain(s => s.StartsWith(row, StringComparison.Ordinal), $"the sample shows the failing row {row}");
        }
    }

    [Fact]
    public void Accepted_values_are_quoted_unless_quote_is_false()
    {
        Compiled("accepted_values_orders_status_ok_failed").Should().Contain("not in ('ok', 'failed')");
        Compiled("accepted_values_orders_level_0_1_2").Should().Contain("not in (0, 1, 2)");
    }

    [Fact]
    public void Every_test_in_the_yaml_ran_and_failures_fail_the_invocation()
    {
        fixture.Results.Results.Should().HaveCount(21).And.OnlyContain(r => r.ResourceType == "test");
        fixture.Results.Succeeded.Should().BeFalse();
    }

    private string Compiled(string name) => fixture.Project.Read(Result(name).CompiledPath!);

    private NodeResult Result(string name) => fixture.Results.Results.Should().ContainSingle(r => r.Name == name).Subject;
}

/// <summary>Severity, singular tests, and tests that cannot run: each on a project of its own.</summary>
public sealed class DataTestOutcomeTestsOnDuckDb() : DataTestOutcomeTests(TestEngine.DuckDb);

public sealed class DataTestOutcomeTestsOnPostgres() : DataTestOutcomeTests(TestEngine.Postgres);

public abstract class DataTestOutcomeTests : IDisposable
{
    private readonly EngineProject _project;

    protected DataTestOutcomeTests(TestEngine engine)
    {
        _project = new EngineProject(engine: engine);
        _project.Write("models/orders.sql", "{{ config(materialized='table') }}\nselect range as id, range % 2 as parity from generate_series(0, 5) as s(range)");
    }

    public void Dispose()
    {
        _project.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Severity_warn_warns_and_the_run_succeeds_while_severity_error_fails_it()
    {
        WriteParityTests(uniqueSeverity: "warn", acceptedSeverity: "warn");
        _project.Run(RunCommand.Run);

        var (warned, _) = _project.Run(RunCommand.Test);

        warned.Succeeded.Should().BeTrue("warnings never fail a run");
        warned.Results.Should().HaveCount(2).And.OnlyContain(r => r.Status == NodeStatus.Warn);
        var unique = warned.Results.Single(r => r.Name == "unique_orders_parity");
        unique.Failures.Should().Be(2);
        unique.Message.Should().Be("got 2 failing rows (severity warn)");
        warned.Results.Single(r => r.Name == "accepted_values_orders_parity_1").Sample.Should().Equal("value_field=0, n_records=3");

        WriteParityTests(uniqueSeverity: "error", acceptedSeverity: "warn");
        var (failed, _) = _project.Run(RunCommand.Test);

        failed.Succeeded.Should().BeFalse();
        failed.Results.Single(r => r.Name == "unique_orders_parity").Status.Should().Be(NodeStatus.Fail);
        failed.Results.Single(r => r.Name == "accepted_values_orders_parity_1").Status.Should().Be(NodeStatus.Warn, "severity under config: counts too");
    }

    [Fact]
    public void Singular_tests_pass_when_their_query_returns_nothing_and_fail_with_its_rows()
    {
        _project.Write("tests/no_negative_ids.sql", "select * from {{ ref('orders') }} where id < 0");
        _project.Write("tests/small_ids.sql", "-- ids must stay below 4\nselect id from {{ ref('orders') }} where id >= 4");
        _project.Write("tests/soft_parity.sql", "{{ config(severity='warn', tags=['soft']) }}\nselect * from {{ ref('orders') }} where parity = 1");
        _project.Run(RunCommand.Run);

        var (results, _) = _project.Run(RunCommand.Test);

        results.Results.Select(r => r.Name).Should().BeEquivalentTo("no_negative_ids", "small_ids", "soft_parity");
        results.Results.Single(r => r.Name == "no_negative_ids").Status.Should().Be(NodeStatus.Pass);
        var small = results.Results.Single(r => r.Name == "small_ids");
        small.Status.Should().Be(NodeStatus.Fail);
        small.Failures.Should().Be(2);
        small.Sample.Should().BeEquivalentTo("id=4", "id=5");
        small.CompiledPath.Should().Be("target/compiled/demo/tests/small_ids.sql");
        _project.Read(small.CompiledPath!).Should().Contain($"from \"{_project.Schema}\".\"orders\"");
        var soft = results.Results.Single(r => r.Name == "soft_parity");
        soft.Status.Should().Be(NodeStatus.Warn);
        soft.Failures.Should().Be(3);
        _project.Run(RunCommand.Test, select: "tag:soft").Results.Results.Select(r => r.Name).Should().Equal("soft_parity");
    }

    [Fact]
    public void A_test_on_a_column_the_model_lacks_fails_naming_the_yaml_line_and_the_column()
    {
        _project.Write("models/schema.yml", """
            version: 2
            models:
              - name: orders
                columns:
                  - name: id
                    tests: [unique]
                  - name: order_id
                    tests:
                      - not_null
            """);
        _project.Run(RunCommand.Run);

        var (results, _) = _project.Run(RunCommand.Test);

        results.Results.Single(r => r.Name == "unique_orders_id").Status.Should().Be(NodeStatus.Pass);
        var missing = results.Results.Single(r => r.Name == "not_null_orders_order_id");
        missing.Status.Should().Be(NodeStatus.Error);
        missing.Message.Should().StartWith($"models/schema.yml:9:13: test not_null_orders_order_id is on column 'order_id', which \"{_project.Schema}\".\"orders\" does not have")
            .And.Contain("its columns: id, parity");
        results.Succeeded.Should().BeFalse();
    }

    [Fact]
    public void A_combination_test_on_a_missing_column_names_that_column()
    {
        _project.Write("models/schema.yml", """
            version: 2
            models:
              - name: orders
                tests:
                  - unique_combination_of_columns: {combination_of_columns: [id, colour]}
            """);
        _project.Run(RunCommand.Run);

        var result = _project.Run(RunCommand.Test).Results.Results.Single();

        result.Status.Should().Be(NodeStatus.Error);
        result.Message.Should().StartWith("models/schema.yml:5:9: ").And.Contain("column 'colour'");
    }

    [Fact]
    public void Testing_a_model_that_was_never_built_is_an_error()
    {
        WriteParityTests(uniqueSeverity: "warn", acceptedSeverity: "warn");

        var (results, _) = _project.Run(RunCommand.Test);

        results.Succeeded.Should().BeFalse("even warn-severity tests error when their model is missing");
        results.Results.Should().HaveCount(2).And.OnlyContain(r => r.Status == NodeStatus.Error);
        results.Results[0].Message.Should().Contain("orders").And.Contain("does not exist");
        _project.Count("select count(*) from information_schema.tables where table_name = 'orders'").Should().Be(0, "test never builds models");
    }

    /// <summary>Two failing tests on parity (0 and 1, three times each), one with its severity beside the arguments, one under config:.</summary>
    private void WriteParityTests(string uniqueSeverity, string acceptedSeverity) => _project.Write("models/schema.yml", $$$"""
        version: 2
        models:
          - name: orders
            columns:
              - name: parity
                tests:
                  - unique: {severity: {{{uniqueSeverity}}}}
                  - accepted_values: {values: [1], quote: false, config: {severity: {{{acceptedSeverity}}}}}
        """);
}
