using System.Diagnostics;
using System.Globalization;
using System.Text;
using Logbook.Analytics;
using Logbook.Core.Configuration;
using Logbook.Hosting;
using Logbook.Samples.FivetranLog;
using Logbook.Transform.Execution;

namespace Logbook.Bench;

/// <summary>
/// Issue 4's benchmark: the shipped Fivetran analytics project (<c>projects/fivetran_log</c>) built over a generated
/// <c>fivetran_log</c> dataset of about 10M log rows. The last generated day is held back, a full-refresh
/// <c>build</c> runs over the rest, then the held-back day is appended and an incremental <c>build</c> runs, as a
/// scheduled refresh would the next day. Wall time and peak memory (the process's peak resident set, DuckDB
/// included, reset before each build) of each, and the slowest nodes.
/// </summary>
internal static class FivetranBenchmark
{
    private const double FullTargetSeconds = 60;
    private const double IncrementalTargetShare = 0.10;
    private const double MemoryTargetGiB = 4;

    /// <summary>A fixed end date, so every run generates the same data.</summary>
    private static readonly DateOnly s_until = new(2026, 11, 1);

    public static int Run(BenchOptions options)
    {
        var started = DateTime.UtcNow;
        var machine = MachineInfo.Describe();
        var source = MachineInfo.SourceOf(options.RepositoryRoot, "src", "projects");
        var busyBefore = BenchReport.SettleDown();
        using var temporary = new TemporaryFolder();
        var project = Path.Combine(temporary.Path, "project");
        ShippedProject.FivetranLog.WriteTo(project);
        var profiles = Directory.CreateDirectory(Path.Combine(temporary.Path, "profiles")).FullName;
        var postgres = options.Engine == "postgres";
        File.WriteAllText(Path.Combine(profiles, "profiles.yml"), postgres ? PostgresProfile() : Profile(Path.Combine(temporary.Path, "warehouse.duckdb"), options.MemoryLimit));
        var environment = new ConfigurationEnvironment
        {
            GetVariable = name => name == PasswordVariable ? Logbook.TestSupport.PostgresCluster.Password : null,
            CurrentDirectory = temporary.Path,
            HomeDirectory = Directory.CreateDirectory(Path.Combine(temporary.Path, "home")).FullName,
        };
        var host = LogbookHost.Load(new HostOptions { ProjectDirectory = project, ProfilesDirectory = profiles }, environment);
        var threads = host.RunSql(postgres ? "select 'parallel workers per gather: ' || current_setting('max_parallel_workers_per_gather')" : "select current_setting('threads')").Rows[0][0] ?? "?";
        var memoryLimit = host.RunSql(postgres ? "select 'shared_buffers ' || current_setting('shared_buffers') || ', work_mem ' || current_setting('work_mem')" : "select current_setting('memory_limit')").Rows[0][0] ?? "?";

        // 1. The dataset: days + 1 generated, the last day's log rows moved aside.
        Measurement.Progress($"generating {options.Connections} connections x {options.Days + 1} days into {temporary.Path}");
        var sample = FivetranLogGenerator.Generate(host.Warehouse, new FivetranLogOptions
        {
            Seed = 42,
            Connections = options.Connections,
            Days = options.Days + 1,
            Until = s_until,
        });
        var heldBackFrom = sample.End.AddDays(-1);
        var cut = heldBackFrom.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        // The generator writes the log connection by connection; the Platform Connector appends it as rows arrive,
        // so both parts are stored in arrival order (rows without _fivetran_synced by their event time), as a
        // real fivetran_log.log is laid out. That is what lets an incremental read skip the old row groups.
        host.RunSql($"""
            create schema bench_holdback;
            create table bench_holdback.log as select * from fivetran_log.log where time_stamp >= timestamp '{cut}' order by {ArrivalOrder};
            create table fivetran_log.log_by_arrival as select * from fivetran_log.log where time_stamp < timestamp '{cut}' order by {ArrivalOrder};
            drop table fivetran_log.log;
            alter table fivetran_log.log_by_arrival rename to log;
            checkpoint;
            """);
        var logRows = Count(host, "fivetran_log.log");
        var heldBack = Count(host, "bench_holdback.log");
        Measurement.Progress($"generated {sample.TotalRows:N0} rows in {sample.Elapsed.TotalSeconds:N1} s; log: {logRows:N0} rows built first, {heldBack:N0} held back");

        // 2. Full refresh of everything, "now" = the start of the held-back day.
        var full = Build(host, environment, cut, fullRefresh: true, options.Threads);
        Measurement.Progress($"full build: {full.Seconds:N1} s, peak {Gib(full.PeakBytes):N2} GiB{CheckpointNote(full)}");

        // 3. The next day arrives; an incremental build, "now" = the end of the data.
        host.RunSql("insert into fivetran_log.log select * from bench_holdback.log; checkpoint;");
        if (options.KeepDirectory is { } keep && !postgres)
        {
            Keep(keep, temporary.Path, project, options.MemoryLimit);
        }

        var end = sample.End.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var incremental = Build(host, environment, end, fullRefresh: false, options.Threads);
        Measurement.Progress($"incremental build: {incremental.Seconds:N1} s, peak {Gib(incremental.PeakBytes):N2} GiB{CheckpointNote(incremental)}");

        var fileBytes = postgres
            ? Count(host, "(select pg_database_size(current_database()) as n) as size")
            : new FileInfo(Path.Combine(temporary.Path, "warehouse.duckdb")).Length;
        var load = new Load(busyBefore, MachineInfo.CpuBusy(TimeSpan.FromSeconds(2)));
        var report = Report(options, started, machine, source, load, threads, memoryLimit, sample, logRows, heldBack, full, incremental, fileBytes);
        BenchReport.Publish(options.OutputDirectory!, postgres ? "fivetran-postgres" : "fivetran", started, report);
        return full.Results.Succeeded && incremental.Results.Succeeded ? 0 : 1;
    }

    private const string PasswordVariable = "LOGBOOK_BENCH_PG_PASSWORD";

    private const string ArrivalOrder = "coalesce(_fivetran_synced, time_stamp), time_stamp";

    /// <summary>A database of its own on the throwaway cluster (fsync off, as in the tests); work_mem raised for the database, as an analytics server would have it.</summary>
    private static string PostgresProfile()
    {
        var cluster = Logbook.TestSupport.PostgresCluster.Shared;
        var database = cluster.CreateDatabase("bench");
        cluster.Psql("postgres", $"alter database \"{database}\" set work_mem = '256MB'");
        return cluster.Profile("fivetran_log", "bench", database, PasswordVariable, pooling: true);
    }

    private static string Profile(string warehouse, string? memoryLimit)
    {
        var text = new StringBuilder();
        text.AppendLine("fivetran_log:").AppendLine("  target: bench").AppendLine("  outputs:").AppendLine("    bench:");
        text.AppendLine("      type: duckdb").AppendLine($"      path: '{warehouse}'");
        if (memoryLimit is not null)
        {
            text.AppendLine($"      memory_limit: '{memoryLimit}'");
        }

        return text.ToString();
    }

    /// <summary>
    /// A copy of the warehouse as the incremental build finds it (checkpointed just before), the project and a
    /// profile, so that the incremental build can be timed by hand on a fresh copy each time.
    /// </summary>
    private static void Keep(string keep, string temporary, string project, string? memoryLimit)
    {
        Directory.CreateDirectory(keep);
        File.Copy(Path.Combine(temporary, "warehouse.duckdb"), Path.Combine(keep, "before-incremental.duckdb"), overwrite: true);
        CopyDirectory(project, Path.Combine(keep, "project"));
        File.WriteAllText(Path.Combine(keep, "profiles.yml"), Profile(Path.Combine(keep, "warehouse.duckdb"), memoryLimit));
        // Written to disk now: 1.6 GB of dirty pages flushed during the incremental build slowed it by a second.
        using (var copy = new FileStream(Path.Combine(keep, "before-incremental.duckdb"), FileMode.Open, FileAccess.ReadWrite))
        {
            copy.Flush(flushToDisk: true);
        }

        Measurement.Progress($"kept the warehouse before the incremental build in {keep}");
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static long Count(LogbookHost host, string relation) =>
        Convert.ToInt64(host.RunSql(relation.StartsWith('(') ? $"select n from {relation}" : $"select count(*) from {relation}").Rows[0][0], CultureInfo.InvariantCulture);

    private static BuildRun Build(LogbookHost host, ConfigurationEnvironment environment, string asOf, bool fullRefresh, int threads)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        PeakMemory.Reset();
        var engine = new ModelEngine(host, environment);
        var startedAt = DateTime.UtcNow;
        var stopwatch = Stopwatch.StartNew();
        var manifest = engine.Parse($"{{fivetran_as_of: '{asOf}'}}");
        var parsed = stopwatch.Elapsed.TotalSeconds;
        var results = engine.Run(manifest, new RunOptions { Command = RunCommand.Build, FullRefresh = fullRefresh, Threads = threads }, new QuietRunReporter(), CancellationToken.None);
        stopwatch.Stop();
        if (Environment.GetEnvironmentVariable("LOGBOOK_BENCH_TIMELINE") == "1")
        {
            // Where the wall time went: when each slow node started and ended, from the start of the build.
            var lastEnd = results.Results.Where(r => r.Timing.Count > 0).Max(r => (r.Timing[^1].CompletedAt - startedAt).TotalSeconds);
            Measurement.Progress($"timeline: parsed at {parsed:N3} s, last node done at {lastEnd:N3} s, built at {stopwatch.Elapsed.TotalSeconds:N3} s");
            foreach (var node in results.Results.Where(r => r.Timing.Count > 0).OrderBy(r => r.Timing[0].StartedAt))
            {
                var start = (node.Timing[0].StartedAt - startedAt).TotalSeconds;
                if (node.ExecutionTime >= 0.1 || start < parsed + 0.2)
                {
                    Measurement.Progress($"  {start,7:N3} +{node.ExecutionTime:N3} {node.Name} [{string.Join(", ", node.Timing.Select(t => $"{t.Name} {(t.StartedAt - startedAt).TotalSeconds:N3}-{(t.CompletedAt - startedAt).TotalSeconds:N3}"))}]");
                }
            }
        }
        var run = new BuildRun(results, stopwatch.Elapsed.TotalSeconds, PeakMemory.Bytes(), Checkpoint(host));
        if (!results.Succeeded)
        {
            foreach (var failure in results.Results.Where(r => r.IsFailure))
            {
                Measurement.Progress($"FAILED {failure.Name}: {failure.Message}");
            }
        }

        return run;
    }

    /// <summary>
    /// On DuckDB: the write-ahead log the build left, and a timed <c>checkpoint</c> of it, reported beside the build.
    /// DuckDB checkpoints at a commit once the log passes 16 MiB, and when the last connection closes; a build that
    /// left work for a later checkpoint would look faster than it is, and this line would show it.
    /// </summary>
    private static (string Wal, double Seconds)? Checkpoint(LogbookHost host)
    {
        if (host.Warehouse.Kind != Logbook.Core.Warehouses.WarehouseKind.DuckDb)
        {
            return null;
        }

        var wal = host.RunSql("select wal_size from pragma_database_size()").Rows[0][0]?.ToString() ?? "?";
        var stopwatch = Stopwatch.StartNew();
        host.RunSql("checkpoint");
        return (wal, stopwatch.Elapsed.TotalSeconds);
    }

    private static string CheckpointNote(BuildRun run) =>
        run.Checkpoint is { } checkpoint ? $"; then {checkpoint.Wal} of WAL checkpointed in {checkpoint.Seconds:N2} s" : string.Empty;

    private static double Gib(long bytes) => bytes / (1024.0 * 1024 * 1024);

    private static string Report(BenchOptions options, DateTime started, MachineInfo machine, string source, Load load, object threads, object memoryLimit,
        FivetranLogResult sample, long logRows, long heldBack, BuildRun full, BuildRun incremental, long fileBytes)
    {
        var share = incremental.Seconds / full.Seconds;
        var peak = Gib(Math.Max(full.PeakBytes, incremental.PeakBytes));
        var text = new StringBuilder();
        var postgres = options.Engine == "postgres";
        text.AppendLine($"# Logbook Fivetran analytics benchmark{(postgres ? " on PostgreSQL" : string.Empty)}").AppendLine();
        text.AppendLine($"- Run (UTC): {started:yyyy-MM-dd HH:mm:ss}");
        text.AppendLine($"- Command: `dotnet run -c Release --project bench/Logbook.Bench -- fivetran --connections {options.Connections} --days {options.Days} --threads {options.Threads}{(options.MemoryLimit is null ? "" : $" --memory-limit {options.MemoryLimit}")}{(postgres ? " --engine postgres" : string.Empty)}`");
        if (postgres)
        {
            text.AppendLine("- Warehouse: a throwaway local PostgreSQL 15 cluster (`tests/Logbook.TestSupport/PostgresCluster.cs`: fsync, synchronous commit and full-page writes off; "
                + $"default shared_buffers; work_mem 256MB for the database) on the same 2 cores. Peak memory is Logbook's process only, not the server's. {memoryLimit}.");
        }

        text.AppendLine($"- Source: {source}");
        text.AppendLine($"- Data: `FivetranLogGenerator` (seed 42, until {s_until:yyyy-MM-dd}), {options.Connections} connections over {options.Days + 1} days: "
            + $"{sample.TotalRows:N0} rows in {sample.Tables.Count} tables, generated in {sample.Elapsed.TotalSeconds:N1} s (untimed). The last day's "
            + $"`log` rows ({heldBack:N0}) are moved aside; the full build reads {logRows:N0} log rows.");
        text.AppendLine($"- Path measured: `ModelEngine.Parse` + `ModelEngine.Run` (`build --full-refresh --threads {options.Threads}`, every model and test of the "
            + "shipped project, audit log on), with `fivetran_as_of` = the start of the held-back day; then the held-back rows are appended and "
            + $"`build --threads {options.Threads}` runs incrementally with `fivetran_as_of` = the end of the data. One run of each (a full build is the "
            + "measurement; its warm-up would be the measurement itself).");
        text.AppendLine("- Peak memory: the process's peak resident set (`VmHWM`, DuckDB's buffers included), reset through `/proc/self/clear_refs` "
            + $"before each build. DuckDB `memory_limit` = {memoryLimit}. Warehouse file at the end: {Gib(fileBytes):N2} GiB.");
        text.AppendLine();
        BenchReport.AppendMachine(text, machine, threads, load, "the times are less reliable.");

        text.AppendLine("## Results").AppendLine();
        text.AppendLine("| Build | Nodes (ok / failed) | Wall s | Peak memory GiB | Target | |");
        text.AppendLine("|---|---:|---:|---:|---|---|");
        text.AppendLine($"| Full refresh, {logRows:N0} log rows | {Nodes(full)} | {full.Seconds:N1} | {Gib(full.PeakBytes):N2} | < {FullTargetSeconds:N0} s | **{Verdict(full.Seconds < FullTargetSeconds)}** |");
        text.AppendLine($"| Incremental, +{heldBack:N0} log rows | {Nodes(incremental)} | {incremental.Seconds:N1} | {Gib(incremental.PeakBytes):N2} | < {IncrementalTargetShare:P0} of full | **{share:P1}: {Verdict(share < IncrementalTargetShare)}** |");
        text.AppendLine($"| Peak memory, both builds | | | {peak:N2} | < {MemoryTargetGiB:N0} GiB | **{Verdict(peak < MemoryTargetGiB)}** |");
        text.AppendLine();
        if (full.Checkpoint is { } fullCheckpoint && incremental.Checkpoint is { } incrementalCheckpoint)
        {
            var withCheckpoints = (incremental.Seconds + incrementalCheckpoint.Seconds) / (full.Seconds + fullCheckpoint.Seconds);
            text.AppendLine($"Write-ahead log left when each build returns, and a `checkpoint` of it right after (not counted above): full refresh {fullCheckpoint.Wal}, "
                + $"{fullCheckpoint.Seconds:N2} s; incremental {incrementalCheckpoint.Wal}, {incrementalCheckpoint.Seconds:N2} s. With that checkpoint "
                + $"counted, the incremental build is {withCheckpoints:P1} of the full one. (DuckDB also checkpoints when a build closes its last "
                + "connection, so whatever the build wrote is checkpointed inside its own time.)");
            text.AppendLine();
        }
        foreach (var (label, run) in new[] { ("full refresh", full), ("incremental", incremental) })
        {
            text.AppendLine($"## Slowest nodes, {label}").AppendLine();
            text.AppendLine("| Node | Type | Status | Seconds | Rows |").AppendLine("|---|---|---|---:|---:|");
            foreach (var node in run.Results.Results.OrderByDescending(r => r.ExecutionTime).Take(12))
            {
                text.AppendLine($"| `{node.Name}` | {node.ResourceType} | {node.Status} | {node.ExecutionTime:N2} | {node.RowsAffected?.ToString("N0", CultureInfo.InvariantCulture) ?? ""} |");
            }

            text.AppendLine();
            text.AppendLine($"Σ node time {run.Results.Results.Sum(r => r.ExecutionTime):N1} s over {run.Results.Results.Count} nodes.");
            foreach (var failure in run.Results.Results.Where(r => r.IsFailure))
            {
                text.AppendLine($"- **{failure.Status}** `{failure.Name}`: {failure.Message}");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static string Nodes(BuildRun run) =>
        $"{run.Results.Results.Count(r => !r.IsFailure && r.Status != NodeStatus.Skipped)} / {run.Results.Results.Count(r => r.IsFailure || r.Status == NodeStatus.Skipped)}";

    private static string Verdict(bool pass) => pass ? "PASS" : "FAIL";

    private sealed record BuildRun(RunResults Results, double Seconds, long PeakBytes, (string Wal, double Seconds)? Checkpoint);
}
