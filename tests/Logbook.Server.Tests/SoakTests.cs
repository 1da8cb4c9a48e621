using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Logbook.Server.Tests;

/// <summary>
/// The scheduler replicating every 10 seconds while the source receives inserts: no overlapping runs, no memory
/// growth beyond a bound, and source equal to target at the end. The suite runs it for 3 minutes;
/// <c>LOGBOOK_SOAK_MINUTES=10</c> gives the 10 (docs/serve.md records such a run).
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    /// <summary>Managed heap growth allowed between the end of the first minute and the end (after full collections).</summary>
    private const long MemoryBoundBytes = 64L * 1024 * 1024;

    /// <summary>
    /// Working-set growth allowed over the same span: it includes DuckDB's native buffer pool, which holds the
    /// warehouse's pages (the rows inserted here are a few tens of MB).
    /// </summary>
    private const long WorkingSetBoundBytes = 256L * 1024 * 1024;

    [Fact]
    public async Task Replication_every_10_seconds_under_inserts_never_overlaps_keeps_memory_flat_and_ends_equal()
    {
        var minutes = double.Parse(Environment.GetEnvironmentVariable("LOGBOOK_SOAK_MINUTES") ?? "3", CultureInfo.InvariantCulture);
        await using var scenario = new ServerScenario("jobs:\n  - name: replication\n    cron: \"*/10 * * * * *\"\n    sync: { mode: delta }\n");
        var server = await scenario.StartAsync(new ServerOptions { AlertInterval = TimeSpan.FromSeconds(5) });
        using var stop = new CancellationTokenSource();
        var inserted = 0L;
        var inserter = Task.Run(async () =>
        {
            var next = 1;
            while (!stop.IsCancellationRequested)
            {
                scenario.Source($"insert into events (id, body) select i, jsonb_build_object('i', i, 'pad', repeat('x', 300)) from generate_series({next}, {next + 49}) i");
                next += 50;
                Interlocked.Add(ref inserted, 50);
                await Task.Delay(250);
            }
        });

        var watch = Stopwatch.StartNew();
        long? baseline = null;
        long baselineWorkingSet = 0;
        long peak = 0;
        while (watch.Elapsed < TimeSpan.FromMinutes(minutes))
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            peak = Math.Max(peak, heap);
            if (baseline is null && watch.Elapsed > TimeSpan.FromMinutes(1))
            {
                baseline = heap;
                baselineWorkingSet = Environment.WorkingSet;
            }
        }

        await stop.CancelAsync();
        await inserter;
        await server.Scheduler.WhenIdle("replication");
        server.Scheduler.TryTrigger("replication", "final").Should().BeTrue();
        await server.Scheduler.WhenIdle("replication");
        var end = GC.GetTotalMemory(forceFullCollection: true);
        var status = server.Scheduler.Status().Single();
        await server.StopAsync();

        var runs = scenario.Host.RunSql("select started_at, ended_at, status from analytics.analytics_sync_runs order by started_at").Rows;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{minutes} min: {runs.Count} runs, {inserted} rows inserted, skipped overlaps {status.SkippedOverlaps}, managed heap baseline {baseline / 1e6:0.0} MB, end {end / 1e6:0.0} MB, peak {peak / 1e6:0.0} MB, working set {baselineWorkingSet / 1e6:0} MB after the first minute, {Environment.WorkingSet / 1e6:0} MB at the end"));
        runs.Count.Should().BeGreaterThanOrEqualTo((int)(minutes * 6) - 2, "a run every 10 seconds");
        runs.Should().OnlyContain(r => (string)r[2]! == "success");
        for (var i = 1; i < runs.Count; i++)
        {
            ((DateTime)runs[i][0]!).Should().BeOnOrAfter((DateTime)runs[i - 1][1]!, "runs of a stream never overlap");
        }

        (end - baseline!.Value).Should().BeLessThan(MemoryBoundBytes, "the managed heap stays flat after the first minute");
        (Environment.WorkingSet - baselineWorkingSet).Should().BeLessThan(WorkingSetBoundBytes, "native memory (DuckDB, Npgsql buffers) stays bounded too");
        var source = scenario.Cluster.Psql(scenario.SourceDatabase, "select count(*) || ':' || md5(string_agg(id || '=' || body::text, ',' order by id)) from events").Trim();
        var target = scenario.Host.RunSql("select count(*) || ':' || md5(string_agg(cast(id as varchar) || '=' || cast(body as varchar), ',' order by id)) from analytics.raw_events").Rows.Single()[0];
        target.Should().Be(source, "every inserted row arrived exactly once");
        scenario.SourceCount().Should().Be(inserted);
    }
}
