using Logbook.Core.Configuration;
using Logbook.Transform.Project;
using Logbook.Transform.Tests.Support;

namespace Logbook.Transform.Tests.Project;

/// <summary>A project that cannot be parsed gets one error naming the file and line; a good one reaches the manifest whole.</summary>
public sealed class ProjectErrorTests : IDisposable
{
    private readonly EngineProject _project = new();

    public ProjectErrorTests()
    {
        _project.Write("models/orders.sql", "select range as id from range(3)");
    }

    public void Dispose() => _project.Dispose();

    /// <summary>Writes one file into the project and returns the error parsing it now gives.</summary>
    private string Refused(string relativePath, string text)
    {
        _project.Write(relativePath, text);
        return _project.ParseError<ProjectException>();
    }

    /// <summary>Each row: one file that breaks the project, and the start of the error (the whole of it where it is short).</summary>
    [Theory]
    [InlineData("models/report.sql", "-- the report\nselect * from {{ ref('order') }}", "models/report.sql:2:18: ref('order'): there is no model named 'order' (did you mean 'orders'?)")]
    [InlineData("models/report.sql", "select *\nfrom {{ ref('orders') }}\nwhere id < {{ var('limit') }}", "models/report.sql:3:15: var('limit') is not set")]
    [InlineData("models/a.sql", "select 1 as x\n{% if is_incremental() %} union all select * from {{ ref('a') }} {% endif %}", "models/a.sql:2:54: the models reference each other in a cycle: a --> a")]
    [InlineData("models/staging/orders.sql", "select 2 as id", "models/staging/orders.sql:1:1: a second model is named 'orders' (the first is models/orders.sql)")]
    [InlineData("models/bad.sql", "select {{ log_run_start() }} 1", "models/bad.sql:1:11: unknown function 'log_run_start()'")]
    [InlineData("models/bad.sql", "select 1\n{% if false %}{{ upper('x') }}{% endif %}", "models/bad.sql:2:18: unknown function 'upper()'")]
    [InlineData("models/bad.sql", "select\n  '{{ var('x') | upper }}' as x", "models/bad.sql:2:16: '|' is not supported")]
    [InlineData("models/schema.yml", "version: 2\nmodels:\n  - name: orders\n  - name: ghost\n", "models/schema.yml:4:5: model 'ghost' is documented, but there is no ghost.sql under models")]
    [InlineData("models/schema.yml", "version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        tests: [not_null, uniqe]\n", "models/schema.yml:6:27: unknown test 'uniqe' (known: not_null, unique,")]
    [InlineData("models/schema.yml", "version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        tests:\n          - accepted_values: {quote: false}\n", "models/schema.yml:7:13: test 'accepted_values' needs 'values'")]
    [InlineData("logbook.yml", "name: demo\nmodels:\n  marts:\n    materialised: table\n", "logbook.yml:4:5: 'materialised' is neither a model setting")]
    [InlineData("models/bad.sql", "{{ config(materialized='incremental', incremental_strategy='append', incremental_predicates=['1 = 1']) }}\nselect 1 as x", "models/bad.sql: incremental_predicates choose the rows an incremental run replaces; the append strategy replaces none")]
    [InlineData("models/bad.sql", "{{ config(materialized='incremental', incremental_strategy='delete+insert') }}\nselect 1 as x", "models/bad.sql: incremental_strategy 'delete+insert' needs a unique_key or incremental_predicates")]
    [InlineData("models/bad.sql", "{{ config(materialized='incremental', unique_key='x', incremental_predicates=[' ']) }}\nselect 1 as x", "models/bad.sql: an entry of incremental_predicates is empty")]
    public void A_mistake_in_one_file_is_one_error_at_its_place(string file, string text, string expected)
    {
        Refused(file, text).Should().StartWith(expected);
    }

    [Fact]
    public void An_unknown_source_names_the_file_line_and_column()
    {
        _project.Write("logbook.yml", "name: demo\nsources:\n  - name: raw\n    tables: [{name: events}]\n");
        Refused("models/report.sql", "select *\nfrom {{ source('raw', 'event') }}")
            .Should().StartWith("models/report.sql:2:9: source('raw', 'event') is not declared");
    }

    [Fact]
    public void A_cycle_names_the_models_in_it_and_the_ref_that_closes_it()
    {
        _project.Write("models/a.sql", "select * from {{ ref('orders') }}");
        _project.Write("models/b.sql", "select * from {{ ref('a') }}\nunion all select * from {{ ref('c') }}");
        Refused("models/c.sql", "select * from {{ ref('b') }}")
            .Should().Be("models/b.sql:2:28: the models reference each other in a cycle: b --> c --> b");
    }

    [Theory]
    [InlineData("version: 2\nmodels:\n  - name: orders\n    columns: [id\n", "[45]")]
    [InlineData("version: 2\nmodels:\n  - name: orders\n   description: misaligned\n", "4")]
    public void A_yaml_syntax_error_in_a_models_file_names_its_line(string yaml, string line)
    {
        Refused("models/schema.yml", yaml).Should().MatchRegex($@"^models/schema\.yml:{line}:\d+: invalid YAML: ");
    }

    [Fact]
    public void Invalid_yaml_in_logbook_yml_names_the_project_file_and_line()
    {
        var file = _project.Write("logbook.yml", "name: demo\nvars:\n  a: [1, 2\nmodels:\n");

        var error = _project.ParseError<LogbookConfigurationException>();

        error.Should().MatchRegex($"^{System.Text.RegularExpressions.Regex.Escape(file)}:[34]:\\d+: invalid YAML: ");
    }

    [Theory]
    [InlineData("{n: [1, 2")]
    [InlineData("[1, 2]")]
    [InlineData("just text")]
    public void Bad_vars_are_refused(string vars)
    {
        _project.ParseError<ProjectException>(vars).Should().StartWith("--vars must be a mapping");
    }

    [Fact]
    public void A_missing_env_var_names_the_file_line_and_column()
    {
        Refused("models/report.sql", "select '{{ env_var('REPORT_OWNER') }}' as owner")
            .Should().StartWith("models/report.sql:1:12: env_var('REPORT_OWNER'): the environment variable REPORT_OWNER is not set");

        _project.Variables["REPORT_OWNER"] = "ops";
        _project.Parse().Models.Should().ContainKey("report", "the same project parses once the variable is set");
    }

    [Fact]
    public void A_good_project_brings_sources_vars_and_folder_settings_into_the_manifest()
    {
        _project.Write("logbook.yml", """
            name: demo
            vars:
              lookback_days: 3
              owner: team-a
            models:
              +materialized: view
              marts:
                +materialized: table
                +schema: mart_schema
                +tags: [marts]
                finance:
                  +tags: [finance]
            sources:
              - name: fivetran_log
                tables:
                  - name: log
                  - name: connection
                    identifier: connector
            """);
        _project.Write("models/staging/stg_log.sql", "select * from {{ source('fivetran_log', 'log') }} where day > {{ var('lookback_days') }}");
        _project.Write("models/marts/fct_runs.sql", "select * from {{ ref('stg_log') }}");
        _project.Write("models/marts/finance/fct_cost.sql", "{{ config(tags=['cost']) }}\nselect * from {{ ref('fct_runs') }} join {{ source('fivetran_log', 'connection') }} using (id)");
        _project.Write("models/marts/finance/schema.yml", """
            version: 2
            sources:
              - name: billing
                schema: billing_raw
                tables: [{name: invoices}]
            models:
              - name: fct_cost
                description: Cost per connector.
                config: {materialized: incremental, unique_key: id}
            """);

        var manifest = _project.Parse();

        manifest.Sources.Keys.Should().BeEquivalentTo("fivetran_log.log", "fivetran_log.connection", "billing.invoices");
        manifest.Sources["fivetran_log.connection"].RelationName.Should().Be("\"fivetran_log\".\"connector\"", "identifier: names the real table; the schema defaults to the source's name");
        manifest.Sources["billing.invoices"].RelationName.Should().Be("\"billing_raw\".\"invoices\"");
        manifest.Models["stg_log"].DependsOn.Should().Equal("source.demo.fivetran_log.log");
        manifest.Models["fct_cost"].DependsOn.Should().Equal("model.demo.fct_runs", "source.demo.fivetran_log.connection");

        manifest.Values.Vars["lookback_days"].Should().Be(3L);
        manifest.Values.Vars["owner"].Should().Be("team-a");
        var overridden = _project.Parse("{lookback_days: 10, extra: x}");
        overridden.Values.Vars["lookback_days"].Should().Be(10L, "--vars wins over logbook.yml");
        overridden.Values.Vars["owner"].Should().Be("team-a", "variables --vars does not name keep the project's value");
        overridden.Values.Vars["extra"].Should().Be("x");

        var staging = manifest.Models["stg_log"].Config;
        staging.Materialized.Should().Be(Materialization.View);
        staging.Tags.Should().BeEmpty();
        manifest.Models["stg_log"].Schema.Should().Be("main");

        var runs = manifest.Models["fct_runs"];
        runs.Config.Materialized.Should().Be(Materialization.Table, "the marts folder's +materialized");
        runs.Config.Tags.Should().Equal("marts");
        runs.Schema.Should().Be("mart_schema", "+schema is taken as is");
        runs.RelationName.Should().Be("\"mart_schema\".\"fct_runs\"");

        var cost = manifest.Models["fct_cost"];
        cost.Config.Materialized.Should().Be(Materialization.Incremental, "the YAML config: beats the folder's setting");
        cost.Config.UniqueKey.Should().Equal("id");
        cost.Config.Tags.Should().Equal(["marts", "finance", "cost"], "tags accumulate from the folders and the SQL");
        cost.Schema.Should().Be("mart_schema", "a sub-folder inherits its parent's settings");
        cost.Description.Should().Be("Cost per connector.");
    }
}
