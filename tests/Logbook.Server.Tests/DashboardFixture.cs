using System.Diagnostics;
using System.Globalization;
using Logbook.Core.Querying;
using Logbook.FivetranApiFake;
using Logbook.Hosting;
using Logbook.Replication;
using Logbook.Soc2.Api;
using Logbook.Soc2.Crawl;
using Logbook.Transform.Execution;
using Microsoft.Playwright;

namespace Logbook.Server.Tests;

/// <summary>
/// One world for every dashboard test, built once: the shipped Fivetran project with demo data (small), a SOC2
/// connector run against the fake Fivetran API, a few replication runs (one failing) from an in-memory source, all
/// into one DuckDB file; <c>logbook serve</c>'s server on a free loopback port without its scheduler; and headless
/// Debian Chromium driven by Playwright.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private const string ApiKey = "d9c4511349dd4b86";
    private const string ApiSecret = "1f6f2d161365888a1943160ccdb8d968";

    private readonly TempFolder _folder = new();
    private LogbookServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public LogbookHost Host { get; private set; } = null!;

    public LogbookServer Server => _server ?? throw new InvalidOperationException("the server did not start");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium did not start");

    public string BaseUrl { get; private set; } = "";

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public List<string> Warnings { get; } = [];

    /// <summary>How long building the world took (for the test output).</summary>
    public TimeSpan SetUp { get; private set; }

    /// <summary>The repository's root: the folder of Logbook.slnx above the test binaries.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ScreenshotFolder => Path.Combine(RepoRoot, "docs", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"the dashboard tests drive Debian's Chromium at {ChromiumPath}, which is not installed: apt-get install -y chromium");
        }

        var clock = Stopwatch.StartNew();
        var environment = _folder.Environment;
        var directory = Path.Combine(_folder.Path, "demo");
        var demo = FivetranDemo.Run(
            new FivetranDemoOptions { Directory = directory, Connections = 8, Days = 21, Threads = 2 },
            environment,
            new QuietRunReporter(),
            _ => { },
            CancellationToken.None);
        if (!demo.Build.Succeeded)
        {
            throw new InvalidOperationException("the demo build failed");
        }

        Host = LogbookHost.Load(new HostOptions { ProjectDirectory = directory }, environment);
        await RunSoc2Async();
        RunReplication(environment);

        _server = LogbookServer.Create(Host, environment, null, new ServerOptions { Urls = "http://127.0.0.1:0", RunScheduler = false }, Warnings.Add);
        await _server.StartAsync();
        BaseUrl = _server.Addresses[0].TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
        SetUp = clock.Elapsed;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Http.Dispose();
        _folder.Dispose();
    }

    /// <summary>Runs SQL on the warehouse the server reads.</summary>
    public SqlResult Sql(string sql) => Host.RunSql(sql);

    public long Long(string sql) => ToLong(Sql(sql).Rows[0][0]);

    public double Double(string sql) => Sql(sql).Rows[0][0] switch
    {
        null => 0,
        System.Numerics.BigInteger big => (double)big,
        var value => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };

    /// <summary>An integer from the warehouse (DuckDB's sums are HUGEINT, read as <see cref="System.Numerics.BigInteger"/>).</summary>
    public static long ToLong(object? value) => value switch
    {
        null => 0,
        System.Numerics.BigInteger big => (long)big,
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    private async Task RunSoc2Async()
    {
        await using var api = await FakeFivetranServer.StartAsync(FakeAccount.Generate(30, 3, now: DateTimeOffset.UtcNow), ApiKey, ApiSecret);
        var options = new Soc2ConnectorOptions
        {
            Api = new FivetranApiOptions
            {
                ApiKey = ApiKey,
                ApiSecret = ApiSecret,
                BaseUrl = api.BaseUrl,
                RetryBaseDelay = TimeSpan.FromMilliseconds(5),
                RetryAfterCap = TimeSpan.FromMilliseconds(20),
                RequestTimeout = TimeSpan.FromSeconds(10),
            },
        };
        Soc2Job.Run(Host, options, Warnings.Add, CancellationToken.None);
    }

    /// <summary>
    /// Four delta runs of the shipped streams, five minutes apart on the source's clock (the last five minutes ago),
    /// each after the application wrote more rows; market_snapshots fails in the third.
    /// </summary>
    private void RunReplication(Logbook.Core.Configuration.ConfigurationEnvironment environment)
    {
        var (settings, _, _) = ReplicationConfigFile.Load(Host.Project.Directory, environment.GetVariable);
        // A safety lag leaves the newest rows for the next run, so each run ends with some latency to show.
        settings = settings with { SafetyLag = TimeSpan.FromSeconds(40), BatchSize = 500 };
        using var source = new MemoryReplicationSource();
        var tables = settings.Streams.Select(s => s.SourceTable).ToList();
        var start = DateTime.UtcNow - TimeSpan.FromMinutes(20);
        for (var run = 0; run < 4; run++)
        {
            source.Clock = start + TimeSpan.FromMinutes(5 * run);
            foreach (var (table, i) in tables.Select((t, i) => (t, i)))
            {
                source.Add(table, 200 + (300 * i) + (150 * run), TimeSpan.FromMinutes(5));
            }

            source.Failing.Clear();
            if (run == 2)
            {
                source.Failing.Add("market_snapshots");
            }

            ReplicationJob.Run(Host, settings, source, new SyncRequest(), Warnings.Add, CancellationToken.None);
        }
    }

    private static string FindRepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Logbook.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Logbook.slnx above {AppContext.BaseDirectory}");
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
