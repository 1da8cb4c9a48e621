using System.Globalization;
using Logbook.Core.Replication;
using Logbook.Core.Runs;
using Logbook.Core.Warehouses;
using Logbook.Warehouse.DuckDb;
using Logbook.Warehouse.Postgres;
using Logbook.Warehouse.Postgres.Replication;
using Npgsql;

namespace Logbook.Replication.Tests;

/// <summary>Where the copy lands.</summary>
public enum Destination
{
    DuckDb,
    Postgres,
}

/// <summary>
/// A source database of its own on the shared cluster, a destination (a DuckDB file or another database of the
/// cluster), and a replicator between them; <see cref="AssertEqual"/> compares source and target row by row.
/// </summary>
internal sealed class SyncScenario : IDisposable
{
    private readonly TempFolder _folder = new();

    public SyncScenario(Destination destination = Destination.DuckDb, string? sourceSetup = null)
    {
        Cluster = PostgresCluster.Shared;
        SourceDatabase = Cluster.CreateDatabase("src");
        SourceConnectionString = Cluster.ConnectionString(SourceDatabase);
        if (sourceSetup is not null)
        {
            Source(sourceSetup);
        }

        ReplicationSource = PostgresReplicationSource.FromTarget(new WarehouseTarget("source", WarehouseKind.Postgres, new Dictionary<string, string> { ["connection_string"] = SourceConnectionString + ";Pooling=true" }));
        Warehouse = destination == Destination.DuckDb
            ? DuckDbWarehouse.FromTarget(new WarehouseTarget("duck", WarehouseKind.DuckDb, new Dictionary<string, string> { ["path"] = System.IO.Path.Combine(_folder.Path, "warehouse.duckdb") }), _folder.Path)
            : PostgresWarehouse.FromTarget(new WarehouseTarget("pg", WarehouseKind.Postgres, new Dictionary<string, string> { ["connection_string"] = Cluster.ConnectionString(Cluster.CreateDatabase("dst")) }));
    }

    public PostgresCluster Cluster { get; }

    public string SourceDatabase { get; }

    public string SourceConnectionString { get; }

    /// <summary>The source, pooled as in production (its pool closes with it).</summary>
    public IReplicationSource ReplicationSource { get; }

    public IWarehouse Warehouse { get; }

    public string FolderPath => _folder.Path;

    /// <summary>The one stream of most scenarios: <c>public.events</c> into <c>analytics.raw_events</c>.</summary>
    public static ReplicationStream Events { get; } = new() { Name = "events", SourceTable = "events", TargetTable = "raw_events" };

    public ReplicationSettings Settings { get; set; } = new() { Streams = [Events], BatchSize = 10_000, SafetyLag = TimeSpan.Zero };

    /// <summary>Runs SQL on the source.</summary>
    public void Source(string sql)
    {
        using var connection = new NpgsqlConnection(SourceConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public object? SourceScalar(string sql)
    {
        using var connection = new NpgsqlConnection(SourceConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    public NpgsqlConnection OpenSource()
    {
        var connection = new NpgsqlConnection(SourceConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Runs the request; every stream must succeed.</summary>
    public StreamSyncResult Sync(SyncRequest? request = null, IJobLog? log = null)
    {
        var results = Run(request, log);
        results.Should().OnlyContain(r => r.Status == "success", string.Join("; ", results.Select(r => r.Error)));
        return results[0];
    }

    public IReadOnlyList<StreamSyncResult> Run(SyncRequest? request = null, IJobLog? log = null) =>
        new Replicator(Warehouse, ReplicationSource, Settings, log ?? new NullJobLog("test")).Run(request ?? new SyncRequest());

    public List<object?[]> Target(string sql, params object?[] parameters) => WarehouseRows.Query(Warehouse, sql, parameters);

    public long TargetCount(string table = "raw_events") => Convert.ToInt64(Target($"select count(*) from analytics.{table}")[0][0], CultureInfo.InvariantCulture);

    /// <summary>
    /// Source and target hold the same rows: each source row's columns (text forms, timestamps as UTC instants) equal
    /// the target row with its key, and neither has a row the other lacks.
    /// </summary>
    public void AssertEqual(string sourceTable = "events", string targetTable = "raw_events", string key = "id")
    {
        var columns = new List<(string Name, string Type)>();
        using (var connection = OpenSource())
        using (var command = new NpgsqlCommand($"select column_name, data_type from information_schema.columns where table_schema = 'public' and table_name = '{sourceTable}' order by ordinal_position", connection))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var source = SourceRows(sourceTable, columns, key);
        var target = TargetRows(targetTable, [.. columns.Select(c => c.Name)], key);
        // Set differences, not BeEquivalentTo: that matches collections pairwise, quadratic on 25,000 keys.
        source.Keys.Except(target.Keys).Take(5).Should().BeEmpty("every source row reaches the target");
        target.Keys.Except(source.Keys).Take(5).Should().BeEmpty("the target has no row the source lacks");
        target.Count.Should().Be(source.Count);
        foreach (var (id, row) in source)
        {
            if (!target[id].SequenceEqual(row))
            {
                target[id].Should().Equal(row, $"row {id} is copied exactly");
            }
        }
    }

    private Dictionary<string, string?[]> SourceRows(string table, List<(string Name, string Type)> columns, string key)
    {
        // Naive timestamps are instants in the server's zone: the target keeps them as UTC instants.
        var select = string.Join(", ", columns.Select(c => c.Type switch
        {
            "timestamp without time zone" => $"to_char((\"{c.Name}\" at time zone current_setting('TimeZone')) at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')",
            "timestamp with time zone" => $"to_char(\"{c.Name}\" at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')",
            _ => $"\"{c.Name}\"::text",
        }));
        var rows = new Dictionary<string, string?[]>();
        using var connection = OpenSource();
        using var command = new NpgsqlCommand($"select \"{key}\"::text, {select} from public.\"{table}\"", connection);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0), [.. Enumerable.Range(1, columns.Count).Select(i => reader.IsDBNull(i) ? null : reader.GetString(i))]);
        }

        return rows;
    }

    private Dictionary<string, string?[]> TargetRows(string table, List<string> columns, string key)
    {
        var rows = new Dictionary<string, string?[]>();
        foreach (var row in Target($"select cast(\"{key}\" as varchar), {string.Join(", ", columns.Select(c => $"\"{c}\""))} from analytics.\"{table}\""))
        {
            rows.Add((string)row[0]!, [.. row.Skip(1).Select(Text)]);
        }

        return rows;
    }

    /// <summary>A target value in the text form PostgreSQL gives the source's (timestamps as UTC, microseconds).</summary>
    private string? Text(object? value) => value switch
    {
        null => null,
        DateTime t => t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString(t.Ticks % TimeSpan.TicksPerSecond == 0 ? "HH:mm:ss" : "HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        byte[] bytes => "\\x" + Convert.ToHexStringLower(bytes),
        Guid g => g.ToString("D"),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        // jsonb's text form is canonical; the warehouse keeps that text (DuckDB) or the same jsonb (PostgreSQL).
        _ => value.ToString(),
    };

    public void Dispose()
    {
        ReplicationSource.Dispose();
        _folder.Dispose();
    }
}
