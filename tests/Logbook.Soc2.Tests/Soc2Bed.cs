using System.Globalization;
using Logbook.Audit;
using Logbook.Core.Warehouses;
using Logbook.FivetranApiFake;
using Logbook.Soc2.Api;
using Logbook.Soc2.Crawl;
using Logbook.Warehouse.DuckDb;

namespace Logbook.Soc2.Tests;

/// <summary>
/// One test's world: a fake Fivetran API serving <see cref="Account"/> on loopback, a DuckDB warehouse in a temp
/// folder, and connector options tuned for tests (small pages so paging is exercised, millisecond back-offs).
/// </summary>
internal sealed class Soc2Bed : IAsyncDisposable
{
    /// <summary>The example credentials of Fivetran's API docs (fivetran_rest_api.md).</summary>
    public const string ApiKey = "d9c4511349dd4b86";
    public const string ApiSecret = "1f6f2d161365888a1943160ccdb8d968";
    public const string BasicToken = "ZDljNDUxMTM0OWRkNGI4NjoxZjZmMmQxNjEzNjU4ODhhMTk0MzE2MGNjZGI4ZDk2OA==";

    private Soc2Bed(FakeAccount account, FakeFivetranServer server, TempFolder folder, IWarehouse warehouse)
    {
        Account = account;
        Server = server;
        Folder = folder;
        Warehouse = warehouse;
    }

    public FakeAccount Account { get; }

    public FakeFivetranServer Server { get; }

    public TempFolder Folder { get; }

    public IWarehouse Warehouse { get; }

    public List<string> Warnings { get; } = [];

    public static async Task<Soc2Bed> StartAsync(FakeAccount account, TempFolder? folder = null)
    {
        var server = await FakeFivetranServer.StartAsync(account, ApiKey, ApiSecret);
        folder ??= new TempFolder();
        var warehouse = DuckDbWarehouse.FromTarget(
            new WarehouseTarget("test", WarehouseKind.DuckDb, new Dictionary<string, string> { ["path"] = "warehouse.duckdb" }), folder.Path);
        return new Soc2Bed(account, server, folder, warehouse);
    }

    /// <summary>An account whose logins are recent relative to today, so compliance statuses do not drift with the calendar.</summary>
    public static FakeAccount Generate(int users, int teams, int seed = 1) => FakeAccount.Generate(users, teams, seed: seed, now: DateTimeOffset.UtcNow);

    public FivetranApiOptions Api(int pageSize = 7) => new()
    {
        ApiKey = ApiKey,
        ApiSecret = ApiSecret,
        BaseUrl = Server.BaseUrl,
        PageSize = pageSize,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        RetryAfterCap = TimeSpan.FromMilliseconds(20),
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    public Soc2ConnectorOptions Options(bool debug = false, int checkpointInterval = 10, FivetranApiOptions? api = null) =>
        new() { Api = api ?? Api(), DebugMode = debug, CheckpointInterval = checkpointInterval };

    /// <summary>Runs the connector as the CLI does: one audited job, dead runs marked first.</summary>
    public async Task<Soc2RunResult> RunAsync(Soc2ConnectorOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var audit = AuditLog.Open(Warehouse, new AuditOptions { TargetName = "test" }, Warnings.Add);
        audit.MarkAbandoned();
        return await new Soc2Connector(Warehouse, audit, options ?? Options()).RunAsync(cancellationToken);
    }

    public List<object?[]> Query(string sql, params object?[] parameters) => WarehouseRows.Query(Warehouse, sql, parameters);

    public long Count(string sql, params object?[] parameters) => Query(sql, parameters).Single()[0] switch
    {
        System.Numerics.BigInteger huge => (long)huge, // DuckDB's sum() of bigint is a HUGEINT
        var value => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    /// <summary>The published grants as (user, type, team, group, connection, role) keys.</summary>
    public HashSet<GrantKey> PublishedGrants() => Query(
            "select user_id, grant_type, team_id, group_id, connection_id, role_name from soc2.soc2_access_control")
        .Select(r => new GrantKey((string)r[0]!, (string)r[1]!, (string?)r[2], (string?)r[3], (string?)r[4], (string)r[5]!))
        .ToHashSet();

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Folder.Dispose();
    }
}
