using System.Diagnostics;
using System.Globalization;
using System.Text;
using Logbook.Audit;
using Logbook.Core.Warehouses;
using Logbook.FivetranApiFake;
using Logbook.Soc2.Api;
using Logbook.Soc2.Crawl;
using Logbook.Warehouse.DuckDb;

namespace Logbook.Bench;

/// <summary>
/// Issue 5's benchmark: the SOC2 access connector against the local API fake serving a generated account of 5,000
/// users and 200 teams, every call delayed by 20 ms (a round trip to api.fivetran.com). Wall time and the API calls
/// made, against the fewest calls the endpoints allow and the fastest wall time that bound and the concurrency allow.
/// </summary>
internal static class Soc2Benchmark
{
    private const string Key = "bench-key";
    private const string Secret = "bench-secret";

    public static int Run(BenchOptions options)
    {
        var started = DateTime.UtcNow;
        var machine = MachineInfo.Describe();
        var source = MachineInfo.SourceOf(options.RepositoryRoot, "src/Logbook.Soc2", "tests/Logbook.FivetranApiFake");
        var busyBefore = BenchReport.SettleDown();
        using var temporary = new TemporaryFolder();
        var account = FakeAccount.Generate(options.Users, options.Teams, groups: 20, connectionsPerGroup: 5, now: DateTimeOffset.UtcNow);
        var latency = TimeSpan.FromMilliseconds(options.LatencyMs);
        // The quota is set above what one run needs, so the measurement is the crawl, not the fake's rate limit.
        var server = FakeFivetranServer.StartAsync(account, Key, Secret, latency: latency, quota: 1_000_000).GetAwaiter().GetResult();
        try
        {
            var warehouse = DuckDbWarehouse.FromTarget(
                new WarehouseTarget("bench", WarehouseKind.DuckDb, new Dictionary<string, string> { ["path"] = "warehouse.duckdb" }), temporary.Path);
            var connector = new Soc2ConnectorOptions
            {
                Api = new FivetranApiOptions { ApiKey = Key, ApiSecret = Secret, BaseUrl = server.BaseUrl, MaxConcurrency = options.Threads },
            };
            var minimum = MinimumCalls(account, connector.Api.PageSize);
            Measurement.Progress($"crawling {account.Users.Count:N0} users and {account.Teams.Count:N0} teams at {options.LatencyMs} ms a call, concurrency {options.Threads}");
            var warnings = new List<string>();
            var clock = Stopwatch.StartNew();
            Soc2RunResult result;
            using (var audit = AuditLog.Open(warehouse, new AuditOptions { TargetName = "bench" }, warnings.Add))
            {
                result = new Soc2Connector(warehouse, audit, connector).RunAsync().GetAwaiter().GetResult();
            }

            clock.Stop();
            Measurement.Progress($"done: {clock.Elapsed.TotalSeconds:N1} s, {server.Requests:N0} calls (minimum {minimum.Total:N0}), {result.Grants:N0} grants");
            var load = new Load(busyBefore, MachineInfo.CpuBusy(TimeSpan.FromSeconds(2)));
            var report = Report(options, started, machine, source, load, account, connector, minimum, result, clock.Elapsed, server.Requests, server.MaxInFlight, warnings);
            BenchReport.Publish(options.OutputDirectory!, "soc2", started, report);
            return 0;
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// The fewest calls that read the account: each collection once per page of <paramref name="pageSize"/> (at least
    /// one page), and the per-principal lists (2 per user, 3 per team) likewise; the sequential calls are the lists.
    /// </summary>
    private static Calls MinimumCalls(FakeAccount account, int pageSize)
    {
        int Pages(int items) => Math.Max(1, (items + pageSize - 1) / pageSize);
        var lists = 1 + Pages(account.Roles.Count) + Pages(account.Users.Count) + Pages(account.Groups.Count) + Pages(account.Connections.Count) + Pages(account.Teams.Count);
        var users = account.Users.Sum(u => Pages(account.UserGroups[(string)u["id"]!].Count) + Pages(account.UserConnections[(string)u["id"]!].Count));
        var teams = account.Teams.Sum(t => Pages(account.TeamUsers[(string)t["id"]!].Count) + Pages(account.TeamGroups[(string)t["id"]!].Count) + Pages(account.TeamConnections[(string)t["id"]!].Count));
        return new Calls(lists, users, teams);
    }

    private sealed record Calls(int Lists, int PerUser, int PerTeam)
    {
        public int Total => Lists + PerUser + PerTeam;
    }

    private static string Report(BenchOptions options, DateTime started, MachineInfo machine, string source, Load load, FakeAccount account,
        Soc2ConnectorOptions connector, Calls minimum, Soc2RunResult result, TimeSpan wall, int calls, int maxInFlight, List<string> warnings)
    {
        var latency = options.LatencyMs / 1000.0;
        // Lists run one after another; per-principal calls run `concurrency` at a time.
        var ideal = (minimum.Lists * latency) + (Math.Ceiling((minimum.PerUser + minimum.PerTeam) / (double)options.Threads) * latency);
        var text = new StringBuilder();
        text.AppendLine("# Logbook SOC2 access connector benchmark").AppendLine();
        text.AppendLine($"- Run (UTC): {started:yyyy-MM-dd HH:mm:ss}");
        text.AppendLine($"- Command: `dotnet run -c Release --project bench/Logbook.Bench -- soc2 --users {options.Users} --teams {options.Teams} --latency-ms {options.LatencyMs} --threads {options.Threads}`");
        text.AppendLine($"- Source: {source}");
        text.AppendLine($"- Account: `FakeAccount.Generate` (seed 1): {account.Users.Count:N0} users, {account.Teams.Count:N0} teams, {account.Groups.Count} groups, "
            + $"{account.Connections.Count} connections, {account.Roles.Count} roles; served by `FakeFivetranServer` on loopback, every request delayed {options.LatencyMs} ms.");
        text.AppendLine($"- Path measured: `Soc2Connector.RunAsync` as `logbook connector soc2` runs it (audit log on, DuckDB warehouse file), defaults: page size "
            + $"{connector.Api.PageSize}, concurrency {connector.Api.MaxConcurrency}, checkpoint every {connector.CheckpointInterval} users or teams, "
            + $"{connector.Api.MaxRetries} retries. One run (a crawl's warm-up would be the crawl).");
        text.AppendLine();
        BenchReport.AppendMachine(text, machine, "(default)", load, "the times are less reliable.");
        text.AppendLine("## Results").AppendLine();
        text.AppendLine("| Figure | Value |").AppendLine("|---|---:|");
        text.AppendLine($"| Wall time | {wall.TotalSeconds:N1} s |");
        text.AppendLine($"| API calls made | {calls:N0} |");
        text.AppendLine($"| Minimum calls the endpoints allow | {minimum.Total:N0} ({minimum.Lists} list pages + {minimum.PerUser:N0} per-user + {minimum.PerTeam:N0} per-team) |");
        text.AppendLine($"| Calls over the minimum | {calls - minimum.Total:N0} ({(calls - minimum.Total) / (double)minimum.Total:P1}) |");
        text.AppendLine($"| Fastest wall time at {options.LatencyMs} ms and concurrency {options.Threads} (latency only) | {ideal:N1} s |");
        text.AppendLine($"| Wall time / that bound | {wall.TotalSeconds / ideal:N2}x |");
        text.AppendLine($"| Most calls in flight (seen by the fake) | {maxInFlight} |");
        text.AppendLine($"| Grants published | {result.Grants:N0} |");
        text.AppendLine($"| Calls per second | {calls / wall.TotalSeconds:N0} |");
        text.AppendLine();
        if (warnings.Count > 0)
        {
            text.AppendLine("Warnings: " + string.Join("; ", warnings)).AppendLine();
        }

        return text.ToString();
    }
}
