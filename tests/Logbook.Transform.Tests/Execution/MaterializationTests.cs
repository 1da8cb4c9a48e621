using Logbook.Transform.Execution;
using Logbook.Transform.Tests.Support;

namespace Logbook.Transform.Tests.Execution;

public sealed class MaterializationTestsOnDuckDb() : MaterializationTests(TestEngine.DuckDb);

public sealed class MaterializationTestsOnPostgres() : MaterializationTests(TestEngine.Postgres);

/// <summary>Every materialization, on each engine (the SQL in these tests runs on both).</summary>
public abstract class MaterializationTests : IDisposable
{
    private readonly EngineProject _project;
    private readonly string _s;

    protected MaterializationTests(TestEngine engine)
    {
        _project = new EngineProject(engine: engine);
        _s = _project.Schema;
        _project.Write("logbook.yml", """
            name: demo
            sources:
              - name: raw
                tables: [{name: events}]
            """);
        _project.Query("create schema raw; create table raw.events as select g as id, 'e' || g as label, timestamp '2026-01-01' + g * interval '1 day' as ts from generate_series(0, 9) as s(g)");
    }

    public void Dispose()
    {
        _project.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void View_is_created_and_reports_no_row_count()
    {
        _project.Write("models/v.sql", "{{ config(materialized='view') }}\nselect * from {{ source('raw', 'events') }}");

        var (results, _) = _project.Run(RunCommand.Run);

        results.Succeeded.Should().BeTrue();
        results.Results.Single().RowsAffected.Should().BeNull("neither engine tells how many rows a view has when it is created");
        _project.Scalar("select table_type from information_schema.tables where table_name = 'v'").Should().Be("VIEW");
        _project.Count($"select count(*) from {_s}.v").Should().Be(10);
    }

    [Fact]
    public void Table_reports_the_real_number_of_rows_written()
    {
        _project.Write("models/t.sql", "{{ config(materialized='table') }}\nselect * from {{ source('raw', 'events') }} where id < 7");

        var (results, _) = _project.Run(RunCommand.Run);

        results.Results.Single().RowsAffected.Should().Be(7);
        _project.Count($"select count(*) from {_s}.t").Should().Be(7);
        _project.Count("select count(*) from information_schema.tables where table_name like '%logbook_tmp%'").Should().Be(0, "the temporary table is renamed into place");
    }

    [Fact]
    public void A_failed_table_build_keeps_the_previous_table_intact()
    {
        _project.Write("models/t.sql", "{{ config(materialized='table') }}\nselect id from {{ source('raw', 'events') }}");
        _project.Run(RunCommand.Run).Results.Succeeded.Should().BeTrue();

        // Fails while inserting (after the empty table was created): a cast that cannot succeed.
        _project.Write("models/t.sql", $"{{{{ config(materialized='table') }}}}\nselect id, {EngineProject.FailWith("'boom ' || id")} as e from {{{{ source('raw', 'events') }}}} where id = 9");
        var (results, _) = _project.Run(RunCommand.Run);

        results.Results.Single().Status.Should().Be(NodeStatus.Error);
        results.Results.Single().Message.Should().Contain("boom 9");
        _project.Count($"select count(*) from {_s}.t").Should().Be(10, "the old table is still there, untouched");
        _project.Result($"select * from {_s}.t").Columns.Select(c => c.Name).Should().Equal("id");
        _project.Count("select count(*) from information_schema.tables where table_name like '%logbook_tmp%'").Should().Be(0, "the half-built table is dropped");
    }

    [Fact]
    public void A_view_can_become_a_table_and_back()
    {
        _project.Write("models/m.sql", "{{ config(materialized='view') }}\nselect 1 as x");
        _project.Run(RunCommand.Run);
        _project.Write("models/m.sql", "{{ config(materialized='table') }}\nselect 2 as x");
        _project.Run(RunCommand.Run).Results.Succeeded.Should().BeTrue();
        _project.Scalar("select table_type from information_schema.tables where table_name = 'm'").Should().Be("BASE TABLE");

        _project.Write("models/m.sql", "{{ config(materialized='view') }}\nselect 3 as x");
        _project.Run(RunCommand.Run).Results.Succeeded.Should().BeTrue();
        _project.Scalar("select table_type from information_schema.tables where table_name = 'm'").Should().Be("VIEW");
        Convert.ToInt32(_project.Scalar($"select x from {_s}.m"), System.Globalization.CultureInfo.InvariantCulture).Should().Be(3);
    }

    [Theory]
    [InlineData("delete+insert")]
    [InlineData("merge")]
    public void Incremental_with_unique_key_updates_changed_rows_and_adds_new_ones(string strategy)
    {
        _project.Write("models/inc.sql", $$$"""
            {{ config(materialized='incremental', unique_key='id', incremental_strategy='{{{strategy}}}') }}
            select id, label, ts from {{ source('raw', 'events') }}
            {% if is_incremental() %}
            where ts >= (select max(ts) from {{ this }}) - interval '2 day'
            {% endif %}
            """);
        var first = _project.Run(RunCommand.Run).Results.Results.Single();
        first.RowsAffected.Should().Be(10);

        _project.Query("update raw.events set label = 'changed' where id = 9; insert into raw.events values (10, 'new', timestamp '2026-01-11')");
        var second = _project.Run(RunCommand.Run).Results.Results.Single();

        second.Status.Should().Be(NodeStatus.Success);
        second.RowsAffected.Should().Be(4, "the look-back window holds ids 7..10, and only those are written");
        _project.Count($"select count(*) from {_s}.inc").Should().Be(11);
        _project.Count($"select count(*) from (select id from {_s}.inc group by id having count(*) > 1) as d").Should().Be(0, "the unique key stays unique");
        _project.Scalar($"select label from {_s}.inc where id = 9").Should().Be("changed");
        _project.Read("target/compiled/demo/models/inc.sql").Should().Contain("max(ts)", "the is_incremental() branch is compiled in on the second run");
    }

    [Theory]
    [InlineData("delete+insert")]
    [InlineData("merge")]
    public void Incremental_predicates_limit_the_rows_an_incremental_run_replaces(string strategy)
    {
        _project.Write("models/inc.sql", $$$"""
            {{ config(materialized='incremental', unique_key='id', incremental_strategy='{{{strategy}}}',
                      incremental_predicates=["logbook_target.ts >= (select min(ts) from logbook_source) - interval '1 day'"]) }}
            select id, label, ts from {{ source('raw', 'events') }}
            {% if is_incremental() %}
            where ts >= (select max(ts) from {{ this }}) - interval '2 day' or label = 'moved'
            {% endif %}
            """);
        _project.Run(RunCommand.Run).Results.Succeeded.Should().BeTrue();

        // New rows from day 7 on, so the target is narrowed to day 6 on: id 9 is replaced there, while id 2
        // (day 2, moved to day 30 at the source) lies outside and stays, as dbt's incremental_predicates would have it.
        _project.Query("""
            update raw.events set label = 'changed' where id = 9;
            update raw.events set label = 'moved', ts = timestamp '2026-01-31' where id = 2;
            insert into raw.events values (10, 'new', timestamp '2026-01-11')
            """);
        var second = _project.Run(RunCommand.Run).Results.Results.Single();

        second.Status.Should().Be(NodeStatus.Success, second.Message);
        _project.Count($"select count(*) from {_s}.inc where id = 9").Should().Be(1, "id 9 lies inside the predicates and was replaced");
        _project.Scalar($"select label from {_s}.inc where id = 9").Should().Be("changed");
        _project.Count($"select count(*) from {_s}.inc where id = 2").Should().Be(2, "the old id 2 lies outside the predicates, so it was not compared, and the moved one was added");
        _project.Count($"select count(*) from {_s}.inc").Should().Be(12);
    }

    [Fact]
    public void Incremental_predicates_without_a_unique_key_replace_the_range_they_select()
    {
        _project.Write("models/inc.sql", """
            {{ config(materialized='incremental', incremental_predicates=["logbook_target.ts >= (select min(ts) from logbook_source)"]) }}
            select id, label, ts from {{ source('raw', 'events') }}
            {% if is_incremental() %}
            where ts >= (select max(ts) from {{ this }}) - interval '2 day'
            {% endif %}
            """);
        _project.Run(RunCommand.Run).Results.Succeeded.Should().BeTrue();

        // Days 7-9 and a new day 10 are recomputed: the source lost id 8 and changed id 9 there, and an old row
        // (day 3) changed too, outside the range, so it keeps its first version.
        _project.Query("""
            delete from raw.events where id = 8;
            update raw.events set label = 'changed' where id in (3, 9);
            insert into raw.events values (10, 'new', timestamp '2026-01-11')
            """);
        var second = _project.Run(RunCommand.Run).Results.Results.Single();

        second.Status.Should().Be(NodeStatus.Success, second.Message);
        second.RowsAffected.Should().Be(3, "ids 7, 9 and 10 are written");
        _project.Query($"select id, label from {_s}.inc order by id").Select(r => $"{r[0]} {r[1]}")
            .Should().Equal("0 e0", "1 e1", "2 e2", "3 e3", "4 e4", "5 e5", "6 e6", "7 e7", "9 changed", "10 new");
    }

    [Fact]
    public void Incremental_without_unique_key_appends()
    {
        _project.Write("models/inc.sql", """
            {{ config(materialized='incremental') }}
            select id from {{ source('raw', 'events') }}
            {% if is_incremental() %} where id > (select max(id) from {{ this }}) {% endif %}
            """);
        _project.Run(RunCommand.Run);
        _project.Query("insert into raw.events values (10, 'x', timestamp '2026-02-01'), (11, 'y', timestamp '2026-02-02')");

        _project.Run(RunCommand.Run).Results.Results.Single().RowsAffected.Should().Be(2);
        _project.Count($"select count(*) from {_s}.inc").Should().Be(12);
    }

    [Fact]
    public void Full_refresh_rebuilds_an_incremental_model_unless_it_opts_out()
    {
        _project.Write("models/inc.sql", """
            {{ config(materialized='incremental', unique_key='id') }}
            select id, label from {{ source('raw', 'events') }}
            {% if is_incremental() %} where false {% endif %}
            """);
        _project.Write("models/keep.sql", """
            {{ config(materialized='incremental', unique_key='id', full_refresh=false) }}
            select id from {{ source('raw', 'events') }}
            {% if is_incremental() %} where false {% endif %}
            """);
        _project.Run(RunCommand.Run);
        _project.Query("delete from raw.events where id >= 5");

        _project.Run(RunCommand.Run, fullRefresh: true).Results.Succeeded.Should().BeTrue();

        _project.Count($"select count(*) from {_s}.inc").Should().Be(5, "--full-refresh rebuilt it from the source");
        _project.Count($"select count(*) from {_s}.keep").Should().Be(10, "full_refresh: false protects it");
    }

    [Fact]
    public void Ephemeral_models_are_inlined_and_never_built()
    {
        _project.Write("models/base.sql", "{{ config(materialized='ephemeral') }}\nselect id from {{ source('raw', 'events') }}");
        _project.Write("models/evens.sql", "{{ config(materialized='ephemeral') }}\nselect id from {{ ref('base') }} where id % 2 = 0");
        _project.Write("models/final.sql", "{{ config(materialized='table') }}\nwith e as (select * from {{ ref('evens') }})\nselect count(*) as n from e");

        var (results, _) = _project.Run(RunCommand.Run);

        results.Results.Select(r => r.Name).Should().Equal("final");
        Convert.ToInt64(_project.Scalar($"select n from {_s}.final"), System.Globalization.CultureInfo.InvariantCulture).Should().Be(5);
        _project.Count("select count(*) from information_schema.tables where table_name in ('base', 'evens')").Should().Be(0);
    }

    [Fact]
    public void Hooks_run_before_and_after_the_build()
    {
        _project.Query($"create table {_s}.hook_log (what varchar)");
        _project.Write("models/h.sql", $$$"""
            {{ config(materialized='table', pre_hook="insert into {{{_s}}}.hook_log values ('pre')", post_hook=["insert into {{{_s}}}.hook_log select 'post ' || count(*) from {{ this }}"]) }}
            select 1 as x
            """);

        _project.Run(RunCommand.Run).Results.Succeeded.Should().BeTrue();

        _project.Query($"select what from {_s}.hook_log order by what").Select(r => r[0]).Should().Equal("post 1", "pre");
    }

    [Fact]
    public void Models_built_in_parallel_into_a_new_schema_all_succeed()
    {
        for (var i = 0; i < 8; i++)
        {
            _project.Write($"models/m{i}.sql", $"{{{{ config(materialized='{(i % 2 == 0 ? "table" : "view")}', schema='fresh') }}}}\nselect {i} as x");
        }

        var (results, _) = _project.Run(RunCommand.Run, threads: 4);

        results.Results.Should().HaveCount(8).And.OnlyContain(r => r.Status == NodeStatus.Success, string.Join("; ", results.Results.Select(r => r.Message)));
        _project.Count("select count(*) from information_schema.tables where table_schema = 'fresh'").Should().Be(8);
    }

    [Fact]
    public void Views_on_a_rebuilt_table_or_view_keep_working_when_only_it_is_selected()
    {
        _project.Write("models/base_t.sql", "{{ config(materialized='table') }}\nselect id from {{ source('raw', 'events') }}");
        _project.Write("models/mid_v.sql", "{{ config(materialized='view') }}\nselect id from {{ ref('base_t') }} where id < 5");
        _project.Write("models/top_v.sql", "{{ config(materialized='view') }}\nselect count(*) as n from {{ ref('mid_v') }}");
        _project.Run(RunCommand.Run).Results.Succeeded.Should().BeTrue();

        // New columns and fewer rows: the table is replaced, and so is the view in the middle.
        _project.Write("models/base_t.sql", "{{ config(materialized='table') }}\nselect id, label from {{ source('raw', 'events') }} where id > 1");
        _project.Run(RunCommand.Run, select: "base_t").Results.Succeeded.Should().BeTrue();
        _project.Count($"select n from {_s}.top_v").Should().Be(3, "the views over the table were kept (created again over the new table on PostgreSQL)");

        _project.Write("models/mid_v.sql", "{{ config(materialized='view') }}\nselect id, label from {{ ref('base_t') }} where id < 4");
        _project.Run(RunCommand.Run, select: "mid_v").Results.Succeeded.Should().BeTrue();
        _project.Count($"select n from {_s}.top_v").Should().Be(2);
    }

    [Fact]
    public void A_dependent_view_that_no_longer_fits_the_rebuilt_table_is_dropped_and_the_model_still_builds()
    {
        _project.Write("models/base_t.sql", "{{ config(materialized='table') }}\nselect id, label from {{ source('raw', 'events') }}");
        _project.Write("models/uses_label.sql", "{{ config(materialized='view') }}\nselect label from {{ ref('base_t') }}");
        _project.Run(RunCommand.Run).Results.Succeeded.Should().BeTrue();

        _project.Write("models/base_t.sql", "{{ config(materialized='table') }}\nselect id from {{ source('raw', 'events') }}");
        var (results, _) = _project.Run(RunCommand.Run, select: "base_t");

        results.Results.Single().Status.Should().Be(NodeStatus.Success, results.Results.Single().Message);
        _project.Result($"select * from {_s}.base_t").Columns.Select(c => c.Name).Should().Equal("id");
        if (_project.Engine == TestEngine.Postgres)
        {
            // DuckDB binds views late and keeps them; PostgreSQL binds them when created, so this one cannot come back.
            _project.Count("select count(*) from information_schema.views where table_name = 'uses_label'").Should().Be(0);
            _project.Count("select count(*) from logbook_audit.audit_detail where step_name = 'restore_view' and message like '%uses_label%could not be created again%'").Should().Be(1);
        }

        _project.Run(RunCommand.Run).Results.Results.Single(r => r.Name == "uses_label").Status.Should().Be(NodeStatus.Error, "rebuilding the stale view reports what is wrong with it");
    }

    [Fact]
    public void Custom_schema_and_alias_name_the_relation()
    {
        _project.Write("models/m.sql", "{{ config(materialized='table', schema='marts', alias='fancy') }}\nselect 1 as x");

        _project.Run(RunCommand.Run).Results.Succeeded.Should().BeTrue();

        _project.Count("select count(*) from marts.fancy").Should().Be(1);
    }
}
