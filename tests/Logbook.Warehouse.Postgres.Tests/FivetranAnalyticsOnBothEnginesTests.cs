using System.Globalization;
using System.Numerics;
using Logbook.Analytics;
using Logbook.Hosting;
using Logbook.Samples.FivetranLog;
using Logbook.Transform.Execution;

namespace Logbook.Warehouse.Postgres.Tests;

/// <summary>
/// The shipped Fivetran analytics project on the same generated <c>fivetran_log</c> data, built on DuckDB and on
/// PostgreSQL: both builds pass every data test, and every model built (staging, intermediate and every mart)
/// holds the same rows on both engines, then again after an incremental build on one more day of data.
/// </summary>
public sealed class FivetranAnalyticsOnBothEnginesTests : IDisposable
{
    private static readonly DateOnly s_until = new(2026, 11, 1);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Every_model_holds_the_same_rows_on_duckdb_and_postgresql_after_a_full_and_an_incremental_build()
    {
        var database = PostgresCluster.Shared.CreateDatabase("fivetran");
        var duck = Project("duckdb", profiles: null);
        var pg = Project("postgres", PostgresCluster.Shared.Profile("fivetran_log", "pg", database, "LOGBOOK_TEST_PG_PASSWORD", pooling: false));

        // 35 days: the trend mart's 28-day baseline fills. The last day arrives before the second build.
        foreach (var (host, _) in new[] { duck, pg })
        {
            host.GenerateFivetranLog(new FivetranLogOptions { Seed = 11, Connections = 6, Days = 35, Until = s_until });
            host.RunSql("create table fivetran_log.log_last_day as select * from fivetran_log.log where time_stamp >= cast('2026-10-31' as timestamp)");
            host.RunSql("delete from fivetran_log.log where time_stamp >= cast('2026-10-31' as timestamp)");
        }

        var models = BuildBoth(duck, pg, "2026-10-31 00:00:00", fullRefresh: true);
        models.Should().Contain(m => m.StartsWith("fct_fivetran_logs.", StringComparison.Ordinal)).And.HaveCountGreaterThan(20);
        CompareAll(duck, pg, models);

        foreach (var (host, _) in new[] { duck, pg })
        {
            host.RunSql("insert into fivetran_log.log select * from fivetran_log.log_last_day");
        }

        CompareAll(duck, pg, BuildBoth(duck, pg, "2026-11-01 00:00:00", fullRefresh: false));
    }

    private (LogbookHost Host, ModelEngine Engine) Project(string name, string? profiles)
    {
        var directory = _folder.Folder(name);
        ShippedProject.FivetranLog.WriteTo(directory);
        _folder.Variables["LOGBOOK_TEST_PG_PASSWORD"] = PostgresCluster.Password;
        var environment = new Logbook.Core.Configuration.ConfigurationEnvironment
        {
            GetVariable = _folder.Environment.GetVariable,
            CurrentDirectory = directory,
            HomeDirectory = _folder.Home,
        };
        if (profiles is not null)
        {
            File.WriteAllText(Path.Combine(directory, "profiles.yml"), profiles);
        }

        var host = LogbookHost.Load(new HostOptions { ProjectDirectory = directory }, environment);
        return (host, new ModelEngine(host, environment));
    }

    /// <summary>Builds both projects as of <paramref name="asOf"/>; returns the relations every model built, as schema.name.</summary>
    private static List<string> BuildBoth((LogbookHost Host, ModelEngine Engine) duck, (LogbookHost Host, ModelEngine Engine) pg, string asOf, bool fullRefresh)
    {
        List<string>? relations = null;
        foreach (var (host, engine) in new[] { duck, pg })
        {
            var manifest = engine.Parse($"{{fivetran_as_of: '{asOf}'}}");
            var reporter = new QuietRunReporter();
            var results = engine.Run(manifest, new RunOptions { Command = RunCommand.Build, FullRefresh = fullRefresh, Threads = 2 }, reporter, CancellationToken.None);
            results.Results.Where(r => r.IsFailure || r.Status == NodeStatus.Warn).Should().BeEmpty($"every model and data test passes on {host.Warehouse.Kind}");
            relations ??= [.. manifest.Models.Values.Where(m => m.RelationName is not null).Select(m => $"{m.Schema}.{m.Alias}").Order(StringComparer.Ordinal)];
        }

        return relations!;
    }

    private static void CompareAll((LogbookHost Host, ModelEngine Engine) duck, (LogbookHost Host, ModelEngine Engine) pg, List<string> relations)
    {
        var rowsPerRelation = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var relation in relations)
        {
            var (duckColumns, duckRows) = Canonical(duck.Host, relation);
            rowsPerRelation[relation] = duckRows.Count;
            var (pgColumns, pgRows) = Canonical(pg.Host, relation);
            pgColumns.Should().Equal(duckColumns, relation);
            pgRows.Should().HaveCount(duckRows.Count, relation);
            var different = duckRows.Zip(pgRows).Where(pair => pair.First != pair.Second).Take(3).Select(pair => $"\n  duckdb:     {pair.First}\n  postgresql: {pair.Second}").ToList();
            different.Should().BeEmpty($"{relation} differs ({string.Join(", ", duckColumns)}):{string.Concat(different)}");
        }

        // Equal because both are full, not because both are empty.
        rowsPerRelation["fct_fivetran_logs.fct_fivetran_sync_performance"].Should().BeGreaterThan(100);
        rowsPerRelation.Where(r => r.Key.StartsWith("fct_fivetran_logs.", StringComparison.Ordinal) && r.Value > 0).Should().HaveCountGreaterThan(10);
    }

    /// <summary>A relation's column names and rows as sorted text, values written the same way whatever the engine's type.</summary>
    private static (List<string> Columns, List<string> Rows) Canonical(LogbookHost host, string relation)
    {
        var result = host.RunSql($"select * from {relation}");
        var rows = result.Rows.Select(row => string.Join(" | ", row.Select(Text))).Order(StringComparer.Ordinal).ToList();
        return ([.. result.Columns.Select(c => c.Name)], rows);
    }

    private static string Text(object? value) => value switch
    {
        null or DBNull => "NULL",
        string s => s,
        bool b => b ? "true" : "false",
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        BigInteger i => i.ToString(CultureInfo.InvariantCulture),
        byte or short or int or long or sbyte or ushort or uint or ulong => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        decimal or double or float => Number(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?",
    };

    /// <summary>Numbers to 9 significant digits: the engines may sum or average in a different order or type.</summary>
    private static string Number(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15 ? ((long)value).ToString(CultureInfo.InvariantCulture) : value.ToString("G9", CultureInfo.InvariantCulture);
}
