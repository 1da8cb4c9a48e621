using System.Globalization;
using System.Reflection;

namespace Logbook.Bench;

/// <summary>
/// On-demand benchmarks (never run in CI). Usage:
/// <c>dotnet run -c Release --project bench/Logbook.Bench -- provider [--rows N] [--runs R] [--diagnostics] [--out DIR]</c>
/// or <c>... -- engine [--models N] [--threads T] [--runs R] [--out DIR]</c>
/// or <c>... -- fivetran [--connections N] [--days D] [--threads T] [--memory-limit L] [--keep DIR] [--out DIR]</c>
/// or <c>... -- soc2 [--users N] [--teams N] [--latency-ms L] [--threads T] [--out DIR]</c>
/// or <c>... -- replication [--rows N] [--batch-size N] [--runs R] [--out DIR]</c>. See bench/README.md.
/// </summary>
internal static class Program
{
    private const string Usage = """
        Usage: dotnet run -c Release --project bench/Logbook.Bench -- <benchmark> [options]

        Benchmarks:
          provider   Logbook.DuckDb: appender insert, DuckDbDataReader read (typed and boxed)
                     and the engine's own scan of the same columns, on a temporary database file.
          engine     The model engine: parse and `build` of a generated project of small models,
                     with and without the audit log; the engine's own time per model.
          fivetran   The shipped Fivetran analytics project over ~10M generated log rows: a full
                     build, then an incremental build after one more day; wall time, peak memory.
          soc2       The SOC2 access connector against the API fake (5,000 users, 200 teams, 20 ms a
                     call): wall time and API calls against the fewest the endpoints allow.
          replication  ai_audit_logs (about 1 KB of JSON a row) in a throwaway PostgreSQL cluster: a full
                     sync into DuckDB and into PostgreSQL, rows/s against the floor (binary COPY export).

        Options (all):
          --runs R        timed runs per measurement; the median is reported (default 3)
          --out DIR       where to write the results (default: bench/results of this repository)

        provider:
          --rows N        rows to insert and read (default 10,000,000; '_' and ',' separators allowed)
          --diagnostics   always run the per-getter breakdown (it runs anyway when the read is below target)

        engine:
          --models N      models in the generated project (default 200)
          --threads T     the build's --threads (default 4)

        fivetran:
          --connections N generated connections (default 300)
          --days D        days built in full; one more day is generated for the incremental (default 30)
          --threads T     the builds' --threads (default 4)
          --memory-limit L DuckDB's memory_limit for the warehouse, e.g. 3GB (default: DuckDB's own)
          --engine E      duckdb (default: a warehouse file) or postgres (a throwaway local PostgreSQL 15
                          cluster started for the run, as the tests do)
          --keep DIR      duckdb: copy the warehouse as it is before the incremental build into DIR, with the
                          project and a profile, to time the incremental build by hand again and again

        soc2:
          --users N       users in the generated account (default 5,000)
          --teams N       teams (default 200)
          --latency-ms L  delay of every API call (default 20)
          --threads T     the connector's max_concurrency (default 4)

        replication:
          --rows N        rows of ai_audit_logs generated in the source (default 5,000,000)
          --batch-size N  the replicator's rows per page and per warehouse transaction (default 10,000)
          --runs R        rounds of floor and syncs (default 1 here: a 5M-row round takes minutes)
        """;

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        var benchmark = args[0];
        var options = new BenchOptions();
        var rowsGiven = false;
        var runsGiven = false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs":
                    options.Runs = (int)ParseCount(args, ref i, "--runs");
                    runsGiven = true;
                    break;
                case "--out":
                    options.OutputDirectory = Value(args, ref i, "--out");
                    break;
                case "--rows" when benchmark is "provider" or "replication":
                    options.Rows = ParseCount(args, ref i, "--rows");
                    rowsGiven = true;
                    break;
                case "--batch-size" when benchmark == "replication":
                    options.BatchSize = (int)ParseCount(args, ref i, "--batch-size");
                    break;
                case "--diagnostics" when benchmark == "provider":
                    options.ForceDiagnostics = true;
                    break;
                case "--models" when benchmark == "engine":
                    options.Models = (int)ParseCount(args, ref i, "--models");
                    break;
                case "--users" when benchmark == "soc2":
                    options.Users = (int)ParseCount(args, ref i, "--users");
                    break;
                case "--teams" when benchmark == "soc2":
                    options.Teams = (int)ParseCount(args, ref i, "--teams");
                    break;
                case "--latency-ms" when benchmark == "soc2":
                    options.LatencyMs = (int)ParseCount(args, ref i, "--latency-ms");
                    break;
                case "--threads" when benchmark is "engine" or "fivetran" or "soc2":
                    options.Threads = (int)ParseCount(args, ref i, "--threads");
                    break;
                case "--connections" when benchmark == "fivetran":
                    options.Connections = (int)ParseCount(args, ref i, "--connections");
                    break;
                case "--days" when benchmark == "fivetran":
                    options.Days = (int)ParseCount(args, ref i, "--days");
                    break;
                case "--engine" when benchmark == "fivetran":
                    options.Engine = Value(args, ref i, "--engine") is "duckdb" or "postgres" ? args[i] : throw new ArgumentException("--engine takes duckdb or postgres");
                    break;
                case "--memory-limit" when benchmark == "fivetran":
                    options.MemoryLimit = Value(args, ref i, "--memory-limit");
                    break;
                case "--keep" when benchmark == "fivetran":
                    options.KeepDirectory = Path.GetFullPath(Value(args, ref i, "--keep"));
                    break;
                default:
                    return Fail($"Unknown option '{args[i]}' for '{benchmark}'.");
            }
        }

        if (benchmark == "replication")
        {
            options.Rows = rowsGiven ? options.Rows : ReplicationBenchmark.DefaultRows;
            options.Runs = runsGiven ? options.Runs : 1;
        }

        options.OutputDirectory ??= Path.Combine(BenchRoot(), "results");
        options.RepositoryRoot = Path.GetFullPath(Path.Combine(BenchRoot(), ".."));
        return benchmark switch
        {
            "provider" => ProviderBenchmark.Run(options),
            "engine" => EngineBenchmark.Run(options),
            "fivetran" => FivetranBenchmark.Run(options),
            "soc2" => Soc2Benchmark.Run(options),
            "replication" => ReplicationBenchmark.Run(options),
            _ => Fail($"Unknown benchmark '{benchmark}'."),
        };
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine(Usage);
        return 2;
    }

    private static string Value(string[] args, ref int i, string name)
    {
        if (i + 1 >= args.Length)
        {
            throw new ArgumentException($"{name} needs a value.");
        }

        return args[++i];
    }

    private static long ParseCount(string[] args, ref int i, string name)
    {
        var text = Value(args, ref i, name).Replace("_", string.Empty, StringComparison.Ordinal).Replace(",", string.Empty, StringComparison.Ordinal);
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || (name != "--rows" && value > int.MaxValue))
        {
            throw new ArgumentException($"{name} needs a positive whole number, not '{args[i]}'.");
        }

        return value;
    }

    /// <summary>The repository's bench/ folder, recorded at build time (see the csproj).</summary>
    private static string BenchRoot() =>
        typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Logbook.Bench.Root")?.Value
        ?? Path.Combine(Directory.GetCurrentDirectory(), "bench");
}

/// <summary>The command line; each benchmark reads the options it accepts.</summary>
internal sealed class BenchOptions
{
    public int Runs { get; set; } = 3;

    public string? OutputDirectory { get; set; }

    /// <summary>The repository the benchmark was built from, to record which source was measured.</summary>
    public string RepositoryRoot { get; set; } = Directory.GetCurrentDirectory();

    /// <summary>provider: rows to insert and read; replication: rows generated in the source (default 5,000,000 there).</summary>
    public long Rows { get; set; } = 10_000_000;

    /// <summary>replication: the replicator's batch size.</summary>
    public int BatchSize { get; set; } = 10_000;

    /// <summary>provider: always run the diagnostics.</summary>
    public bool ForceDiagnostics { get; set; }

    /// <summary>engine: models in the generated project.</summary>
    public int Models { get; set; } = 200;

    /// <summary>engine, fivetran: the build's <c>--threads</c>.</summary>
    public int Threads { get; set; } = 4;

    /// <summary>fivetran: generated connections.</summary>
    public int Connections { get; set; } = 300;

    /// <summary>fivetran: days in the full build (one more is generated for the incremental one).</summary>
    public int Days { get; set; } = 30;

    /// <summary>fivetran: the warehouse, <c>duckdb</c> (a file) or <c>postgres</c> (a throwaway local cluster).</summary>
    public string Engine { get; set; } = "duckdb";

    /// <summary>fivetran: DuckDB's <c>memory_limit</c>, or null for its default.</summary>
    public string? MemoryLimit { get; set; }

    /// <summary>fivetran: where to copy the warehouse as it is before the incremental build, or null.</summary>
    public string? KeepDirectory { get; set; }

    /// <summary>soc2: users and teams of the generated account, and the delay of every API call.</summary>
    public int Users { get; set; } = 5_000;

    public int Teams { get; set; } = 200;

    public int LatencyMs { get; set; } = 20;
}
