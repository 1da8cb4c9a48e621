using System.Globalization;
using Logbook.Analytics.Tests.Support;
using Logbook.Samples.FivetranLog;

namespace Logbook.Analytics.Tests;

/// <summary>
/// Issue 4: an incremental run gives exactly the rows of a full refresh. Generated data (dirt included) arrives in
/// three loads, split on arrival (<c>_fivetran_synced</c>) so that syncs, days and the look-back straddle the
/// splits, plus late rows: events of the first day that arrive only with the last load. One project builds after
/// every load (full, then incremental twice); the other builds once, from scratch; every model must match.
/// </summary>
public sealed class IncrementalEquivalenceTests
{
    private static readonly FivetranLogOptions s_data = new()
    {
        Seed = 7,
        Connections = 10,
        Days = 5,
        Until = new DateOnly(2026, 3, 10),
        IncludeOptionalTables = true,
    };

    private const string Vars = "{fivetran_as_of: '2026-03-10 00:00:00'}";

    private static readonly string[] s_schemas = ["stg_fivetran_log", "int_fivetran_log", "fct_fivetran_logs"];

    [Fact]
    public void Incremental_builds_after_each_load_equal_one_full_refresh_in_every_model()
    {
        using var incremental = new FivetranProject();
        using var full = new FivetranProject();
        foreach (var project in new[] { incremental, full })
        {
            project.Generate(s_data);
            // Late rows: a sample of the first day's events is delivered only with the last load.
            project.Sql("""
                update fivetran_log.log set _fivetran_synced = timestamp '2026-03-09 23:30:00'
                where time_stamp < timestamp '2026-03-06 00:00:00' and hash(id) % 50 = 0
                """);
            // Rows without _fivetran_synced: they arrive by their event time, through the incremental models' second
            // arrival branch (no synced, created at or after the mark).
            project.Sql("""
                update fivetran_log.log set _fivetran_synced = null
                where time_stamp >= timestamp '2026-03-07 00:00:00' and hash(id) % 40 = 1
                """);
            project.Sql("""
                create schema pending;
                create table pending.log as select * from fivetran_log.log where coalesce(_fivetran_synced, time_stamp) >= timestamp '2026-03-08 13:00:00';
                delete from fivetran_log.log where coalesce(_fivetran_synced, time_stamp) >= timestamp '2026-03-08 13:00:00';
                """);
        }

        var late = incremental.Count("select count(*) from pending.log where time_stamp < timestamp '2026-03-06 00:00:00'");
        late.Should().BeGreaterThan(10, "the data must hold late rows for the test to mean anything");
        incremental.Count("""
            select count(*) from (select sync_id from fivetran_log.log intersect select sync_id from pending.log where time_stamp < timestamp '2026-03-09')
            """).Should().BeGreaterThan(0, "some syncs must straddle the first split");

        incremental.Count("select count(*) from pending.log where _fivetran_synced is null").Should().BeGreaterThan(10, "rows without _fivetran_synced must arrive in the incremental loads");
        incremental.Count("""
            select count(*) from pending.log
            where event in ('SEVERE', 'WARNING') or message_event in ('create_table', 'alter_table', 'create_schema', 'change_schema_config') or message_data like '%actor%'
            """).Should().BeGreaterThan(10, "notable events must arrive in the incremental loads");

        incremental.Build(vars: Vars, fullRefresh: true);
        Load(incremental, "timestamp '2026-03-09 08:00:00'");
        var second = incremental.Build(vars: Vars).Results;
        foreach (var (model, relation) in new[]
        {
            ("stg_fivetran_log__log", "stg_fivetran_log.stg_fivetran_log__log"),
            ("int_fivetran_log__syncs", "int_fivetran_log.int_fivetran_log__syncs"),
            ("int_fivetran_log__notable_events", "int_fivetran_log.int_fivetran_log__notable_events"),
        })
        {
            second.Single(r => r.Name == model).RowsAffected.Should().BeLessThan(incremental.Count($"select count(*) from {relation}") / 2, $"the second build of {model} reads only what arrived (and the margin)");
        }

        // A connection renamed between runs: tables joined to the dimensions must show the new name on old rows too.
        foreach (var project in new[] { incremental, full })
        {
            project.Sql("""
                update fivetran_log.connection set connection_name = 'renamed'
                where connection_id = (select min(connection_id) from fivetran_log.connection)
                """);
        }

        Load(incremental, "timestamp '9999-01-01'");
        incremental.Build(vars: Vars);

        Load(full, "timestamp '9999-01-01'");
        full.Build(vars: Vars, fullRefresh: true);

        AssertSameRows(full, incremental);
    }

    /// <summary>
    /// The next day's build as a scheduler runs it: the as-of date moves on a day and the day's rows arrive, no
    /// connection changes. Models that can recompute a part (fct_fivetran_daily_api_usage: only the days from the
    /// earliest changed one) must take that path, and still equal a full refresh; then the as-of date goes back a day
    /// (a backfill), which must drop the later days.
    /// </summary>
    [Fact]
    public void The_next_days_incremental_build_recomputes_only_recent_days_and_equals_a_full_refresh()
    {
        using var incremental = new FivetranProject();
        using var full = new FivetranProject();
        GenerateHoldingBack("time_stamp >= timestamp '2026-03-09 00:00:00'", incremental, full);

        incremental.Build(vars: "{fivetran_as_of: '2026-03-09 00:00:00'}", fullRefresh: true);
        Load(incremental, "timestamp '9999-01-01'");
        var next = incremental.Build(vars: Vars).Results;

        Load(full, "timestamp '9999-01-01'");
        full.Build(vars: Vars, fullRefresh: true);

        var daily = "fct_fivetran_logs.fct_fivetran_daily_api_usage";
        foreach (var (model, relation) in new[]
        {
            ("fct_fivetran_daily_api_usage", daily),
            ("int_fivetran_log__error_events", "int_fivetran_log.int_fivetran_log__error_events"),
            ("fct_fivetran_error_monitoring", "fct_fivetran_logs.fct_fivetran_error_monitoring"),
        })
        {
            next.Single(r => r.Name == model).RowsAffected.Should().BeLessThan(incremental.Count($"select count(*) from {relation}") / 2, $"{model} rewrites only the recent rows");
        }

        AssertSameRows(full, incremental);

        incremental.Build(vars: "{fivetran_as_of: '2026-03-09 00:00:00'}");
        full.Build(vars: "{fivetran_as_of: '2026-03-09 00:00:00'}", fullRefresh: true);
        incremental.Count($"select count(*) from {daily} where date_day > date '2026-03-09'").Should().Be(0);
        AssertSameRows(full, incremental);
    }

    /// <summary>
    /// A rule of fivetran_error_category_rules edited between builds: the incremental error models write only what
    /// differs, so they must find the stored errors whose category the edit changed, with no new log row at all.
    /// </summary>
    [Fact]
    public void Editing_an_error_category_rule_reclassifies_the_stored_errors_in_the_next_incremental_build()
    {
        using var incremental = new FivetranProject();
        using var full = new FivetranProject();
        GenerateHoldingBack("false", incremental, full);
        incremental.Build(vars: Vars, fullRefresh: true);
        var errors = "int_fivetran_log.int_fivetran_log__error_events";
        var authentication = incremental.Count($"select count(*) from {errors} where error_category = 'authentication'");
        authentication.Should().BeGreaterThan(0, "the data must hold authentication errors for the edit to matter");

        foreach (var project in new[] { incremental, full })
        {
            var rules = System.IO.Path.Combine(project.Path, "models", "intermediate", "fivetran_error_category_rules.sql");
            File.WriteAllText(rules, File.ReadAllText(rules).Replace("'authentication', '%", "'permissions', '%", StringComparison.Ordinal));
        }

        var next = incremental.Build(vars: Vars).Results;
        full.Build(vars: Vars, fullRefresh: true);

        incremental.Count($"select count(*) from {errors} where error_category = 'authentication'").Should().Be(0);
        next.Single(r => r.Name == "int_fivetran_log__error_events").RowsAffected.Should().Be(authentication, "only the reclassified events are rewritten");
        AssertSameRows(full, incremental);
    }

    /// <summary>
    /// A project built before the log has any row (set up before the connector's first sync): every incremental
    /// model's high-water mark starts empty, and the next build must still read everything that arrived.
    /// </summary>
    [Fact]
    public void Incremental_build_after_a_first_build_over_an_empty_log_equals_a_full_refresh()
    {
        using var incremental = new FivetranProject();
        using var full = new FivetranProject();
        GenerateHoldingBack("true", incremental, full);

        incremental.Build(vars: Vars, fullRefresh: true);
        incremental.Count("select count(*) from stg_fivetran_log.stg_fivetran_log__log").Should().Be(0);
        Load(incremental, "timestamp '9999-01-01'");
        incremental.Build(vars: Vars);

        Load(full, "timestamp '9999-01-01'");
        full.Build(vars: Vars, fullRefresh: true);

        full.Count("select count(*) from fct_fivetran_logs.fct_fivetran_sync_performance").Should().BeGreaterThan(1000);
        AssertSameRows(full, incremental);
    }

    /// <summary>Generates the same data into each project, and moves the log rows <paramref name="heldBack"/> selects to pending.log.</summary>
    private static void GenerateHoldingBack(string heldBack, params FivetranProject[] projects)
    {
        foreach (var project in projects)
        {
            project.Generate(s_data);
            project.Sql($"""
                create schema pending;
                create table pending.log as select * from fivetran_log.log where {heldBack};
                delete from fivetran_log.log where {heldBack};
                """);
        }
    }

    /// <summary>Every table of the project's schemas holds the same rows in both warehouses.</summary>
    private static void AssertSameRows(FivetranProject full, FivetranProject incremental)
    {
        var relations = incremental.Rows($"""
            select table_schema || '.' || table_name from information_schema.tables
            where table_schema in ({string.Join(", ", s_schemas.Select(FivetranProject.Q))}) and table_type = 'BASE TABLE'
            order by 1
            """).Select(r => (string)r[0]!).ToList();
        relations.Should().Contain(["stg_fivetran_log.stg_fivetran_log__log", "int_fivetran_log.int_fivetran_log__syncs", "int_fivetran_log.int_fivetran_log__notable_events", "fct_fivetran_logs.fct_fivetran_sync_performance"]);
        full.Count("select count(*) from int_fivetran_log.int_fivetran_log__syncs").Should().BeGreaterThan(1000);
        foreach (var relation in relations)
        {
            var expected = Canonical(full, relation);
            var actual = Canonical(incremental, relation);
            var missing = expected.Except(actual).Take(3).ToList();
            var extra = actual.Except(expected).Take(3).ToList();
            (missing.Count + extra.Count).Should().Be(0, $"{relation} must equal the full refresh; missing {string.Join(" | ", missing)}; extra {string.Join(" | ", extra)}");
            actual.Count.Should().Be(expected.Count, relation);
        }
    }

    /// <summary>Moves the pending rows that arrived before <paramref name="until"/> into the log.</summary>
    private static void Load(FivetranProject project, string until) => project.Sql($"""
        insert into fivetran_log.log select * from pending.log where coalesce(_fivetran_synced, time_stamp) < {until};
        delete from pending.log where coalesce(_fivetran_synced, time_stamp) < {until};
        """);

    /// <summary>
    /// Every row as one invariant text, sorted: a multiset comparison that tolerates no difference, except in the
    /// last bits of a double: DuckDB sums doubles in whatever order its threads and the tables' physical row order
    /// give (9419.69 vs 9419.689999999999 for the same six values), so doubles are compared to 12 significant digits.
    /// </summary>
    private static List<string> Canonical(FivetranProject project, string relation) =>
        [.. project.Rows($"select * from {relation}")
            .Select(row => string.Join("\u241f", row.Select(Text)))
            .Order(StringComparer.Ordinal)];

    private static string Text(object? value) => value switch
    {
        null => "<null>",
        double d => d.ToString("G12", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "<null>",
    };
}
