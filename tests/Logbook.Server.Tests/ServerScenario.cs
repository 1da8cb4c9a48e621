using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Logbook.Hosting;
using Logbook.Server.Scheduling;

namespace Logbook.Server.Tests;

/// <summary>
/// A project folder with a DuckDB warehouse, a PostgreSQL source database with an <c>events</c> table replicated by
/// <c>replication.yml</c>, and a <see cref="LogbookServer"/> on a free loopback port.
/// </summary>
internal sealed class ServerScenario : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<LogbookServer> _servers = [];

    public ServerScenario(string? schedule = null)
    {
        Cluster = PostgresCluster.Shared;
        SourceDatabase = Cluster.CreateDatabase("serve");
        Cluster.Psql(SourceDatabase, """
            create table events (id bigint primary key, created_at timestamptz not null default now(), body jsonb);
            create index on events (created_at, id);
            """);
        _folder.Variables["DATABASE_URL"] = $"postgres://{Cluster.User}:{PostgresCluster.Password}@127.0.0.1:{Cluster.Port.ToString(CultureInfo.InvariantCulture)}/{SourceDatabase}";
        _folder.Write("replication.yml", "safety_lag: 0s\nbatch_size: 500\nstreams:\n  - source: events\n    target: raw_events\n");
        _folder.Write("schedule.yml", schedule ?? "jobs:\n  - name: replication\n    cron: \"0 0 1 1 *\"\n    sync: { mode: delta }\n");
        _host = new Lazy<LogbookHost>(() => LogbookHost.Load(new HostOptions { ProjectDirectory = _folder.Path }, _folder.Environment));
    }

    private readonly Lazy<LogbookHost> _host;

    public PostgresCluster Cluster { get; }

    public string SourceDatabase { get; }

    /// <summary>Loaded on first use, so a test can add project files first.</summary>
    public LogbookHost Host => _host.Value;

    public string Folder => _folder.Path;

    public List<string> Warnings { get; } = [];

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async Task<LogbookServer> StartAsync(ServerOptions? options = null, HttpMessageHandler? webhookHandler = null)
    {
        var server = LogbookServer.Create(
            Host,
            _folder.Environment,
            null,
            (options ?? new ServerOptions()) with { Urls = options?.Urls is { } urls && urls != ServerOptions.DefaultUrls ? urls : "http://127.0.0.1:0" },
            message => { lock (Warnings) { Warnings.Add(message); } },
            webhookHandler: webhookHandler);
        _servers.Add(server);
        await server.StartAsync();
        return server;
    }

    public void Source(string sql) => Cluster.Psql(SourceDatabase, sql);

    public long SourceCount() => long.Parse(Cluster.Psql(SourceDatabase, "select count(*) from events").Trim(), CultureInfo.InvariantCulture);

    public object? Warehouse(string sql) => Host.RunSql(sql).Rows.FirstOrDefault()?[0];

    public static async Task<JsonElement> Json(HttpClient http, string url)
    {
        using var response = await http.GetAsync(new Uri(url));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Runs a job through the API and waits for it to finish.</summary>
    public static async Task<JobRun> RunJob(LogbookServer server, HttpClient http, string job)
    {
        using var response = await http.PostAsync(new Uri($"{server.Addresses[0]}/api/jobs/{job}/run"), null);
        ((int)response.StatusCode).Should().Be(202, await response.Content.ReadAsStringAsync());
        await server.Scheduler.WhenIdle(job);
        return server.Scheduler.Status().Single(s => s.Job.Name == job).LastRun!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        Http.Dispose();
        _folder.Dispose();
    }
}
