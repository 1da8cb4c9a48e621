using System.Globalization;
using System.Text;
using Logbook.Core.Configuration;
using Logbook.Hosting;
using Logbook.Transform.Execution;
using Logbook.Transform.Project;

namespace Logbook.Bench;

/// <summary>
/// The model engine benchmark: a generated project of small models (<see cref="GeneratedProject"/>) parsed and
/// built through the Hosting entry points the CLI uses (<see cref="LogbookHost"/>, <see cref="ModelEngine"/>),
/// with the audit log on and off, on a fresh warehouse file per build. A <see cref="TimedWarehouse"/> measures the
/// time spent inside the warehouse, so the engine's own time is what is left of the build's wall time.
/// </summary>
internal static class EngineBenchmark
{
    /// <summary>The engine's own time per model in a full build must stay under this (milliseconds).</summary>
    private const double OverheadTargetMs = 20;

    /// <summary>The audit log may add no more than this to a full build's wall time.</summary>
    private const double AuditTarget = 0.05;

    public static int Run(BenchOptions options)
    {
        var started = DateTime.UtcNow;
        var machine = MachineInfo.Describe();
        var source = MachineInfo.SourceOf(options.RepositoryRoot, "src");
        var busyBefore = BenchReport.SettleDown();
        using var temporary = new TemporaryFolder();
        var folder = temporary.Path;
        Measurement.Progress($"project: {folder}");
        var project = Path.Combine(folder, "project");
        var shape = GeneratedProject.Write(project, options.Models);
        var environment = new ConfigurationEnvironment
        {
            GetVariable = _ => null,
            CurrentDirectory = folder,
            HomeDirectory = Directory.CreateDirectory(Path.Combine(folder, "home")).FullName,
        };
        var runs = 0;
        LogbookHost Host() => LogbookHost.Load(
            new HostOptions { ProjectDirectory = project, WarehousePath = Path.Combine(folder, "warehouses", $"{++runs}", "warehouse.duckdb") },
            environment);

        // 1. Parse: project -> manifest.
        var parseHost = Host();
        var threads = parseHost.RunSql("select current_setting('threads')").Rows[0][0] ?? "?";
        var parseEngine = new ModelEngine(parseHost, environment);
        var parse = Measurement.Time("Parse (project -> manifest)", shape.Models, options.Runs, () => parseEngine.Parse(null), manifest =>
        {
            Expect(manifest.Models.Count, shape.Models, "models in the manifest");
            Expect(manifest.Tests.Count, shape.Tests, "tests in the manifest");
        }, unit: "models");

        // 2-4. Full builds with the audit log on and off, interleaved, each on a fresh warehouse file.
        var on = new BuildSeries("Build, audit log on", audit: true, shape, options.Threads, Host, environment);
        var off = new BuildSeries("Build, audit log off", audit: false, shape, options.Threads, Host, environment);
        var measured = Measurement.TimeInterleaved(shape.Models, "models", options.Runs, warmUp: true, [on.Pass, off.Pass]);
        var onRuns = on.Timed(measured[0]);
        var offRuns = off.Timed(measured[1]);

        var result = new EngineResult(shape, options.Threads, parse, onRuns, offRuns);
        Measurement.Progress($"engine time per model: {result.OverheadMs:N2} ms ({(result.OverheadPass ? "PASS" : "FAIL")}); audit log adds {result.AuditShare:P1}, paired median {result.PairedAuditShare:P1} ({(result.AuditPass ? "PASS" : "FAIL")})");

        var load = new Load(busyBefore, MachineInfo.CpuBusy(TimeSpan.FromSeconds(2)));
        var report = Report(options, started, machine, source, load, threads, result, [.. on.Warnings, .. off.Warnings]);
        BenchReport.Publish(options.OutputDirectory!, "engine", started, report);
        return 0;
    }

    private static void Expect(int actual, int expected, string what)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"Wrong {what}: got {actual}, expected {expected}.");
        }
    }

    private static string Report(BenchOptions options, DateTime started, MachineInfo machine, string source, Load load, object threads, EngineResult r, IReadOnlyList<string> warnings)
    {
        var shape = r.Shape;
        var n = shape.Models;
        var text = new StringBuilder();
        text.AppendLine("# Logbook model engine benchmark").AppendLine();
        text.AppendLine($"- Run (UTC): {started:yyyy-MM-dd HH:mm:ss}");
        text.AppendLine($"- Command: `dotnet run -c Release --project bench/Logbook.Bench -- engine --models {n} --threads {r.Threads}{(options.Runs != 3 ? $" --runs {options.Runs}" : "")}`");
        text.AppendLine($"- Source: {source}");
        text.AppendLine($"- Project (generated in a temporary folder, deleted afterwards): {n} models = {shape.Seeds} seed tables of 100 rows "
            + $"(`select range as id, ... from range(100)`), {shape.Chains} chained on the model before, {shape.Fans} fanned out from a hub "
            + $"(every 25th model), {shape.Joins} joining 2-3 parents ({shape.Edges} refs in all); {shape.Tables} tables and {shape.Views} views; "
            + $"{shape.Tests} generic tests (`not_null` and `unique` on every 20th model). `build` runs {n + shape.Tests} nodes.");
        text.AppendLine($"- Path measured: `LogbookHost.Load` → `ModelEngine.Parse` → `ModelEngine.Run` (`build`, `--threads {r.Threads}`), as the CLI does, "
            + "without console output. The audit log is switched off with `ModelEngine.Audit = false` (a `NullJobLog`). Each build gets a fresh "
            + "warehouse file (`--warehouse`), opened by the build itself; all builds succeed and the audit-on builds leave one `completed` "
            + "summary row per node (checked after each build, untimed).");
        text.AppendLine("- Warehouse time: the warehouse is wrapped (`TimedWarehouse`) so every call into it is timed: executing a statement, each "
            + "`Read()` and the disposal of its reader, opening and closing connections, begin/commit/rollback. *Warehouse busy* is the wall time "
            + "during which at least one such call of the models and tests was running (the union of their intervals over all threads); the audit "
            + "log's statements (those naming its schema) are counted apart, as engine time. **Engine time per model = (build wall time − warehouse busy) / models**: "
            + "the wall time the engine alone spends (planning, compiling, writing files, audit writes, scheduling), with the tests' share included.");
        text.AppendLine($"- Timing: parse and each build run once untimed (warm-up), then {options.Runs} timed runs; the audit-on and audit-off builds "
            + "are interleaved (on, off, on, off, ...). **Figures are medians**; every run is listed. Each timed run starts after a full GC.");
        text.AppendLine();
        BenchReport.AppendMachine(text, machine, threads, load, "the figures are less reliable.");

        text.AppendLine("## Results").AppendLine();
        text.AppendLine("| Measurement | Median | Per model | Runs |");
        text.AppendLine("|---|---:|---:|---|");
        text.AppendLine($"| Parse (project → manifest) | {r.Parse.Median:N3} s | {r.Parse.Median * 1000 / n:N3} ms | {BenchReport.Runs(r.Parse.Seconds)} s |");
        foreach (var series in new[] { r.On, r.Off })
        {
            var label = series == r.On ? "audit log on" : "audit log off";
            text.AppendLine($"| Build wall time, {label} | {series.Wall:N3} s | {series.Wall * 1000 / n:N2} ms | {BenchReport.Runs(series.Runs.Select(x => x.Wall))} s |");
            text.AppendLine($"| Warehouse busy, {label} | {series.Busy:N3} s | {series.Busy * 1000 / n:N2} ms | {BenchReport.Runs(series.Runs.Select(x => x.Models.Busy))} s |");
            text.AppendLine($"| **Engine time**, {label} | {series.Overhead * n / 1000:N3} s | **{series.Overhead:N2} ms** | {BenchReport.Runs(series.Runs.Select(x => x.OverheadMs(n)), "N2")} ms/model |");
        }

        text.AppendLine();
        text.AppendLine($"**Engine time per model at --threads {r.Threads} = {r.OverheadMs:N2} ms** (audit log on; target < {OverheadTargetMs:N0} ms): "
            + $"**{(r.OverheadPass ? "PASS" : "FAIL")}**. With the parse it is {r.OverheadMs + (r.Parse.Median * 1000 / n):N2} ms per model.");
        text.AppendLine();
        text.AppendLine($"**The audit log adds {r.AuditShare:P1} to a full build** ({r.On.Wall:N3} s on vs {r.Off.Wall:N3} s off, medians; target < {AuditTarget:P0}): "
            + $"**{(r.AuditPass ? "PASS" : "FAIL")}** (both this and the median of the paired rounds, {r.PairedAuditShare:P1}, must be under the target). Paired by round: {string.Join(", ", r.On.Runs.Zip(r.Off.Runs, (a, b) => ((a.Wall - b.Wall) / b.Wall).ToString("P1", CultureInfo.InvariantCulture)))}.");
        text.AppendLine();

        text.AppendLine("## Where the build's time goes").AppendLine();
        text.AppendLine("Medians over the timed runs. Thread time is summed over all threads (node threads and the scheduler), so it can exceed the wall time.");
        text.AppendLine();
        text.AppendLine("| | Audit on | Audit off |");
        text.AppendLine("|---|---:|---:|");
        Line(text, "Build wall time (`ModelEngine.Run`)", r, x => x.Wall, "s");
        Line(text, "of which inside `RunTask` (its own clock)", r, x => x.TaskElapsed, "s");
        Line(text, "Warehouse busy (wall, models and tests)", r, x => x.Models.Busy, "s");
        Line(text, "Engine alone (wall − warehouse busy)", r, x => x.Wall - x.Models.Busy, "s");
        Line(text, "Audit statements busy (wall)", r, x => x.Audit.Busy, "s");
        Line(text, "Σ node time (each node's `execution_time`)", r, x => x.NodeSeconds, "s");
        Line(text, "Σ compile phase of the nodes (render, write `target/compiled`, audit `compile` step)", r, x => x.CompileSeconds, "s");
        Line(text, "Σ warehouse calls of models and tests (thread time)", r, x => x.Models.Sum, "s");
        Line(text, "Σ audit statements (thread time)", r, x => x.Audit.Sum, "s");
        Line(text, "Statements of models and tests", r, x => x.Models.Statements, "");
        Line(text, "Audit statements", r, x => x.Audit.Statements, "");
        text.AppendLine();

        text.AppendLine("## Statements by kind").AppendLine();
        text.AppendLine($"Each statement's execution (for a query, until its reader is returned), averaged over the {r.On.Runs.Count} timed builds. "
            + "A kind is the statement's first line with the models' names replaced by `<name>`.");
        text.AppendLine();
        text.AppendLine("| Build | Statement | Per build | ms each | Σ s per build |");
        text.AppendLine("|---|---|---:|---:|---:|");
        Kinds(text, "audit on: the audit log's", r.On.Runs.Select(x => x.AuditKinds));
        Kinds(text, "audit on: models and tests", r.On.Runs.Select(x => x.ModelKinds));
        Kinds(text, "audit off: models and tests", r.Off.Runs.Select(x => x.ModelKinds));
        text.AppendLine();

        text.AppendLine("## Every run").AppendLine();
        text.AppendLine("| Round | Audit | Wall s | Warehouse busy s | Engine ms/model | Σ warehouse calls s (statements) | Σ audit s (statements) | Σ node s |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < r.On.Runs.Count; i++)
        {
            foreach (var (label, run) in new[] { ("on", r.On.Runs[i]), ("off", r.Off.Runs[i]) })
            {
                text.AppendLine($"| {i + 1} | {label} | {run.Wall:N3} | {run.Models.Busy:N3} | {run.OverheadMs(n):N2} | {run.Models.Sum:N3} ({run.Models.Statements:N0}) | {run.Audit.Sum:N3} ({run.Audit.Statements:N0}) | {run.NodeSeconds:N3} |");
            }
        }

        if (warnings.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Warnings the engine reported").AppendLine();
            foreach (var warning in warnings.Distinct(StringComparer.Ordinal))
            {
                text.AppendLine($"- {warning}");
            }
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, string name, EngineResult r, Func<BuildRun, double> value, string unit)
    {
        var format = unit.Length == 0 ? "N0" : "N3";
        var suffix = unit.Length == 0 ? "" : " " + unit;
        text.AppendLine($"| {name} | {Measurement.MedianOf(r.On.Runs.Select(value)).ToString(format, CultureInfo.InvariantCulture)}{suffix} | {Measurement.MedianOf(r.Off.Runs.Select(value)).ToString(format, CultureInfo.InvariantCulture)}{suffix} |");
    }

    private static void Kinds(StringBuilder text, string build, IEnumerable<IReadOnlyDictionary<string, (int Count, double Seconds)>> runs)
    {
        var all = runs.ToList();
        var kinds = all.SelectMany(k => k).GroupBy(k => k.Key, StringComparer.Ordinal)
            .Select(g => (Kind: g.Key, Count: (double)g.Sum(k => k.Value.Count) / all.Count, Seconds: g.Sum(k => k.Value.Seconds) / all.Count))
            .OrderByDescending(k => k.Seconds);
        foreach (var (kind, count, seconds) in kinds)
        {
            text.AppendLine($"| {build} | `{kind.Replace("|", "\\|", StringComparison.Ordinal)}` | {count:N0} | {seconds * 1000 / count:N2} | {seconds:N3} |");
        }
    }

    /// <summary>One timed build: its wall time (from the harness) and what the warehouse and run results said.</summary>
    private sealed record BuildRun(
        SqlTime Models,
        SqlTime Audit,
        IReadOnlyDictionary<string, (int Count, double Seconds)> ModelKinds,
        IReadOnlyDictionary<string, (int Count, double Seconds)> AuditKinds,
        double TaskElapsed,
        double NodeSeconds,
        double CompileSeconds)
    {
        public double Wall { get; init; }

        public double OverheadMs(int models) => (Wall - Models.Busy) * 1000 / models;
    }

    /// <summary>The timed builds of one setting, with their medians.</summary>
    private sealed record Series(IReadOnlyList<BuildRun> Runs, int ModelCount)
    {
        public double Wall => Measurement.MedianOf(Runs.Select(r => r.Wall));

        public double Busy => Measurement.MedianOf(Runs.Select(r => r.Models.Busy));

        /// <summary>Median of the runs' engine time per model, in milliseconds.</summary>
        public double Overhead => Measurement.MedianOf(Runs.Select(r => r.OverheadMs(ModelCount)));
    }

    private sealed record EngineResult(GeneratedProject Shape, int Threads, Measurement Parse, Series On, Series Off)
    {
        public double OverheadMs => On.Overhead;

        public bool OverheadPass => OverheadMs < OverheadTargetMs;

        public double AuditShare => (On.Wall - Off.Wall) / Off.Wall;

        /// <summary>The median of the per-round shares (on vs off of the same round): steadier against a slow spell than the share of the medians.</summary>
        public double PairedAuditShare
        {
            get
            {
                var shares = On.Runs.Zip(Off.Runs, (a, b) => (a.Wall - b.Wall) / b.Wall).Order().ToList();
                return shares.Count == 0 ? double.NaN : shares.Count % 2 == 1 ? shares[shares.Count / 2] : (shares[(shares.Count / 2) - 1] + shares[shares.Count / 2]) / 2;
            }
        }

        /// <summary>Both readings must be under the target: on a noisy machine either alone can flatter.</summary>
        public bool AuditPass => AuditShare < AuditTarget && PairedAuditShare < AuditTarget;
    }

    /// <summary>
    /// The builds of one setting (audit on or off) as a <see cref="Timed"/> pass: before each, untimed, a fresh host
    /// on a new warehouse file, wrapped in a <see cref="TimedWarehouse"/>, and the parse; the pass is the build;
    /// after it, untimed, the checks, and the warehouse file is deleted.
    /// </summary>
    private sealed class BuildSeries(string name, bool audit, GeneratedProject shape, int threads, Func<LogbookHost> newHost, ConfigurationEnvironment environment)
    {
        private readonly List<BuildRun> _runs = [];
        private LogbookHost? _host;
        private TimedWarehouse? _warehouse;
        private ModelEngine? _engine;
        private Manifest? _manifest;
        private RunResults? _results;

        public List<string> Warnings { get; } = [];

        public Timed Pass => new(name, Build) { Before = Prepare, After = Check };

        /// <summary>The timed runs (the first recorded build was the warm-up) with the harness's wall times.</summary>
        public Series Timed(Measurement measurement) =>
            new([.. _runs.Skip(1).Zip(measurement.Seconds, (run, wall) => run with { Wall = wall })], shape.Models);

        private void Prepare()
        {
            _host = newHost();
            _warehouse = new TimedWarehouse(_host.Warehouse, $"\"{_host.Project.AuditSchema}\"");
            _engine = new ModelEngine(_host.WithWarehouse(_warehouse), environment) { Audit = audit };
            _manifest = _engine.Parse(null);
        }

        private void Build() =>
            _results = _engine!.Run(_manifest!, new RunOptions { Command = RunCommand.Build, Threads = threads }, new QuietRunReporter(Warnings.Add), CancellationToken.None);

        private void Check()
        {
            var results = _results ?? throw new InvalidOperationException("The build did not run.");
            if (!results.Succeeded || results.Results.Count != shape.Models + shape.Tests)
            {
                var failed = results.Results.FirstOrDefault(x => x.IsFailure);
                throw new InvalidOperationException($"{name}: expected {shape.Models + shape.Tests} successful nodes, got {results.Results.Count} ({failed?.Name}: {failed?.Message})");
            }

            var schema = _host!.Project.AuditSchema;
            var recorded = audit
                ? $"select count(*) from \"{schema}\".audit_summary where invocation_id = '{results.InvocationId}' and status = 'completed'"
                : $"select count(*) from information_schema.schemata where schema_name = '{schema}'";
            var count = Convert.ToInt32(_host.RunSql(recorded).Rows[0][0], CultureInfo.InvariantCulture);
            Expect(count, audit ? results.Results.Count : 0, audit ? "completed audit summary rows" : "audit schemas (audit off)");
            if (!audit && _warehouse!.Audit.Snapshot().Statements != 0)
            {
                throw new InvalidOperationException("Audit statements ran with the audit log off.");
            }

            _runs.Add(new BuildRun(
                _warehouse!.Models.Snapshot(),
                _warehouse.Audit.Snapshot(),
                _warehouse.Models.Kinds(),
                _warehouse.Audit.Kinds(),
                results.ElapsedSeconds,
                results.Results.Sum(x => x.ExecutionTime),
                results.Results.Sum(x => x.Timing.Where(t => t.Name == "compile").Sum(t => (t.CompletedAt - t.StartedAt).TotalSeconds))));

            var databaseFolder = Path.GetDirectoryName(_host.Configuration.Target.Get("path"))!;
            (_host, _warehouse, _engine, _manifest, _results) = (null, null, null, null, null);
            Directory.Delete(databaseFolder, recursive: true);
        }
    }
}
