using Logbook.Transform.Execution;
using Logbook.Transform.Tests.Support;

namespace Logbook.Transform.Tests.Execution;

/// <summary><c>filled_source()</c>: staging that survives drifting connector schemas (missing columns, missing optional tables).</summary>
public sealed class FilledSourceTests : IDisposable
{
    private readonly EngineProject _project = new();

    public FilledSourceTests()
    {
        _project.Write("logbook.yml", """
            name: demo
            sources:
              - name: raw
                tables:
                  - name: events
                    columns:
                      - {name: id, data_type: varchar}
                      - {name: connection_id, data_type: varchar}
                      - {name: connector_id, data_type: varchar}
                      - {name: total, data_type: bigint}
                  - name: extras
                    optional: true
                    columns:
                      - {name: id, data_type: varchar}
                      - {name: amount, data_type: double}
                  - name: required_missing
                    columns:
                      - {name: id, data_type: varchar}
            """);
        // The warehouse spells one column in capitals, lacks connector_id and total, and has a column nobody declared.
        _project.Query("create schema raw; create table raw.events as select 'e' || range as id, 'c' || range as \"CONNECTION_ID\", 42 as undeclared from range(3)");
    }

    public void Dispose() => _project.Dispose();

    [Fact]
    public void Missing_columns_become_typed_nulls_and_present_ones_keep_their_values()
    {
        _project.Write("models/stg.sql", "{{ config(materialized='table') }}\nselect * from {{ filled_source('raw', 'events') }} as e");

        var (results, _) = _project.Run(RunCommand.Run);

        results.Succeeded.Should().BeTrue(results.Results.Single().Message);
        _project.Result("select * from main.stg").Columns.Select(c => c.Name).Should().Equal("id", "connection_id", "connector_id", "total");
        _project.Query("select column_name, data_type from information_schema.columns where table_name = 'stg' and column_name in ('connector_id', 'total') order by 1")
            .Select(r => $"{r[0]} {r[1]}").Should().Equal("connector_id VARCHAR", "total BIGINT");
        _project.Query("select id, connection_id, connector_id, total from main.stg order by id")
            .Select(r => $"{r[0]} {r[1]} {r[2] ?? "null"} {r[3] ?? "null"}").Should().Equal("e0 c0 null null", "e1 c1 null null", "e2 c2 null null");
    }

    [Fact]
    public void A_missing_optional_table_gives_no_rows_with_the_declared_columns()
    {
        _project.Write("models/stg_extras.sql", "{{ config(materialized='table') }}\nselect * from {{ filled_source('raw', 'extras') }} as x");

        var (results, _) = _project.Run(RunCommand.Run);

        results.Succeeded.Should().BeTrue(results.Results.Single().Message);
        _project.Count("select count(*) from main.stg_extras").Should().Be(0);
        _project.Query("select column_name, data_type from information_schema.columns where table_name = 'stg_extras' order by ordinal_position")
            .Select(r => $"{r[0]} {r[1]}").Should().Equal("id VARCHAR", "amount DOUBLE");

        _project.Query("create table raw.extras as select 'x' as id, 2.5 as amount");
        _project.Run(RunCommand.Run).Results.Succeeded.Should().BeTrue();
        _project.Count("select count(*) from main.stg_extras").Should().Be(1, "once the table exists its rows are read");
    }

    [Fact]
    public void A_missing_required_table_is_an_error_that_says_how_to_allow_it()
    {
        _project.Write("models/stg_req.sql", "select * from {{ filled_source('raw', 'required_missing') }} as r");

        var (results, _) = _project.Run(RunCommand.Run);

        var result = results.Results.Single();
        result.Status.Should().Be(NodeStatus.Error);
        result.Message.Should().Contain("models/stg_req.sql:1:18").And.Contain("\"raw\".\"required_missing\" does not exist").And.Contain("optional: true");
    }

    [Fact]
    public void Filled_source_is_a_dependency_and_needs_typed_columns()
    {
        _project.Write("models/stg.sql", "select * from {{ filled_source('raw', 'events') }} as e");
        _project.Parse().Models["stg"].DependsOn.Should().Contain("source.demo.raw.events");

        _project.Write("logbook.yml", "name: demo\nsources:\n  - name: raw\n    tables:\n      - name: events\n        columns: [{name: id}]\n");
        var (results, _) = _project.Run(RunCommand.Run);
        results.Results.Single().Message.Should().Contain("column 'id' has no data_type");
    }
}
