using System.Globalization;
using Logbook.Core.Querying;
using Logbook.Hosting;
using Logbook.Samples.FivetranLog;

namespace Logbook.Samples.Tests;

/// <summary>A throw-away DuckDB file reached through Hosting, as the CLI reaches it.</summary>
internal sealed class SampleWarehouse : IDisposable
{
    /// <summary>Small and fast, but big enough for every role (7+ connections) and a sync across midnight (2+ days).</summary>
    public static readonly FivetranLogOptions Small = new() { Seed = 42, Connections = 12, Days = 4, Until = new DateOnly(2026, 3, 1) };

    private readonly TempFolder _folder = new();

    public SampleWarehouse(string file = "warehouse.duckdb")
    {
        Host = LogbookHost.Load(new HostOptions { WarehousePath = System.IO.Path.Combine(_folder.Path, file) }, _folder.Environment);
    }

    public LogbookHost Host { get; }

    public FivetranLogResult Generate(FivetranLogOptions options, CancellationToken cancellationToken = default) =>
        Host.GenerateFivetranLog(options, cancellationToken);

    /// <summary>
    /// <c>j(text, key)</c>: a top-level JSON field as text, NULL for text that is not JSON (DuckDB's own functions
    /// throw on it, and a filter may evaluate them before a json_valid guard).
    /// </summary>
    private const string JsonMacro = "create or replace temp macro j(m, k) as case when json_valid(m) then json_extract_string(m, '$.' || k) end;\n";

    public IReadOnlyList<object?[]> Rows(string sql) => Host.RunSql(JsonMacro + sql).Rows;

    public object? Scalar(string sql) => Rows(sql)[0][0];

    public long Count(string sql) => Convert.ToInt64(Scalar(sql), CultureInfo.InvariantCulture);

    /// <summary>Row count and an order-independent checksum of every value of a table.</summary>
    public string Checksum(string table) => Convert.ToString(Rows($"select count(*) || ':' || coalesce(sum(hash(t)::hugeint), 0) from fivetran_log.\"{table}\" t")[0][0], CultureInfo.InvariantCulture)!;

    public void Dispose() => _folder.Dispose();
}

/// <summary>One small dataset shared by the read-only tests of a class.</summary>
public sealed class SmallDataset : IDisposable
{
    public SmallDataset()
    {
        Warehouse = new SampleWarehouse();
        Result = Warehouse.Generate(SampleWarehouse.Small);
    }

    internal SampleWarehouse Warehouse { get; }

    internal FivetranLogResult Result { get; }

    public void Dispose() => Warehouse.Dispose();
}
