using System.Globalization;
using Logbook.Core.Configuration;
using Logbook.Core.Querying;
using Logbook.Hosting;
using Logbook.Transform.Execution;
using Logbook.Transform.Project;

namespace Logbook.Transform.Tests.Support;

/// <summary>The warehouse engines the engine's own suite runs against (one suite, parameterized by engine).</summary>
public enum TestEngine
{
    DuckDb,
    Postgres,
}

/// <summary>
/// A throw-away model project on disk, run through the same Hosting entry points the CLI uses: on DuckDB with its
/// own file (<c>warehouse.duckdb</c>, the default target), or on PostgreSQL with a fresh database of the shared
/// throwaway cluster, reached through a <c>type: postgres</c> profile (the password through <c>env_var()</c>;
/// without pooling, since every host of every test would otherwise keep its own pool of idle server connections).
/// </summary>
internal sealed class EngineProject : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string? _postgresDatabase;

    public EngineProject(string name = "demo", string? projectYaml = null, TestEngine engine = TestEngine.DuckDb)
    {
        Engine = engine;
        Write("logbook.yml", projectYaml ?? $"name: {name}\n");
        if (engine == TestEngine.Postgres)
        {
            _postgresDatabase = PostgresCluster.Shared.CreateDatabase("engine");
            _folder.Variables["LOGBOOK_TEST_PG_PASSWORD"] = PostgresCluster.Password;
            _folder.Variables["LOGBOOK_PROFILES_DIR"] = _folder.Folder("pg-profiles");
        }
    }

    public TestEngine Engine { get; }

    /// <summary>The schema models build in by default: DuckDB's <c>main</c>, PostgreSQL's <c>public</c>.</summary>
    public string Schema => Engine == TestEngine.Postgres ? "public" : "main";

    /// <summary>SQL that fails at run time, on either engine, with a message containing <paramref name="textExpression"/>'s value.</summary>
    public static string FailWith(string textExpression) => $"cast({textExpression} as integer)";

    public string Path => _folder.Path;

    public Dictionary<string, string> Variables => _folder.Variables;

    /// <summary>The isolated configuration environment the project is loaded with.</summary>
    public ConfigurationEnvironment Environment => _folder.Environment;

    public string Write(string relativePath, string text) => _folder.Write(relativePath, text);

    public void Delete(string relativePath) => File.Delete(System.IO.Path.Combine(Path, relativePath));

    public string Read(string relativePath) => File.ReadAllText(System.IO.Path.Combine(Path, relativePath));

    public bool Exists(string relativePath) => File.Exists(System.IO.Path.Combine(Path, relativePath));

    public LogbookHost Host()
    {
        if (_postgresDatabase is not null)
        {
            // The profile is named after the project as logbook.yml says now (tests rewrite it).
            var project = ConfigurationLoader.LoadProject(Path, _folder.Environment);
            var profile = project.Profile ?? project.Name;
            File.WriteAllText(
                System.IO.Path.Combine(_folder.Variables["LOGBOOK_PROFILES_DIR"], "profiles.yml"),
                PostgresCluster.Shared.Profile(profile, "pg", _postgresDatabase, "LOGBOOK_TEST_PG_PASSWORD", pooling: false));
        }

        return LogbookHost.Load(new HostOptions { ProjectDirectory = Path }, _folder.Environment);
    }

    public ModelEngine ModelEngine(bool audit = true) => new(Host(), _folder.Environment) { Audit = audit };

    public Manifest Parse(string? vars = null) => ModelEngine().Parse(vars);

    /// <summary>Parses a project that must be refused and returns the error, checked to be a single line.</summary>
    public string ParseError<TException>(string? vars = null)
        where TException : Exception
    {
        var error = FluentActions.Invoking(() => Parse(vars)).Should().Throw<TException>().Which.Message;
        error.Should().NotContain("\n", "a project error is one line");
        return error;
    }

    /// <summary>Parses and runs one invocation; the reporter records what a console would show.</summary>
    public (RunResults Results, RecordingReporter Reporter) Run(RunCommand command, string? select = null, string? exclude = null, int threads = 4, bool fullRefresh = false, bool failFast = false, string? vars = null, bool audit = true, CancellationToken cancellationToken = default)
    {
        var engine = ModelEngine(audit);
        var manifest = engine.Parse(vars);
        var reporter = new RecordingReporter();
        var results = engine.Run(manifest, new RunOptions { Command = command, Select = select, Exclude = exclude, Threads = threads, FullRefresh = fullRefresh, FailFast = failFast }, reporter, cancellationToken);
        return (results, reporter);
    }

    /// <summary>Runs SQL on the project's warehouse and returns the last result's rows.</summary>
    public IReadOnlyList<object?[]> Query(string sql) => Host().RunSql(sql).Rows;

    public object? Scalar(string sql) => Query(sql)[0][0];

    public long Count(string sql) => Convert.ToInt64(Scalar(sql), CultureInfo.InvariantCulture);

    public SqlResult Result(string sql) => Host().RunSql(sql);

    public void Dispose() => _folder.Dispose();
}

/// <summary>Keeps every reporter call, in order.</summary>
internal sealed class RecordingReporter : IRunReporter
{
    public List<string> Events { get; } = [];

    public List<string> Warnings { get; } = [];

    public List<(PlannedNode Node, NodeResult Result)> Finished { get; } = [];

    public void RunStarting(int nodeCount, int threads, string summary) => Events.Add($"start {nodeCount} {summary}");

    public void NodeStarting(int index, int total, PlannedNode node) => Events.Add($"START {node.Name}");

    public void NodeFinished(int index, int total, PlannedNode node, NodeResult result)
    {
        Events.Add($"{result.Status} {node.Name}");
        Finished.Add((node, result));
    }

    public void Warning(string message) => Warnings.Add(message);

    public void RunFinished(RunResults results) => Events.Add("finished");
}
