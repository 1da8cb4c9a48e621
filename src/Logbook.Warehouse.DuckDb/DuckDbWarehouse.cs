using System.Data.Common;
using System.Globalization;
using Logbook.Core.Configuration;
using Logbook.Core.Templates;
using Logbook.Core.Warehouses;
using Logbook.DuckDb;

namespace Logbook.Warehouse.DuckDb;

/// <summary>
/// The embedded DuckDB warehouse. Target settings: <c>path</c> (default <c>warehouse.duckdb</c>; relative to the
/// project folder; <c>:memory:</c> for a throw-away database), <c>read_only</c>, <c>threads</c>,
/// <c>memory_limit</c> (passed to DuckDB as the start-up options of the same name) and <c>schema</c> (for models).
/// </summary>
public sealed class DuckDbWarehouse : IWarehouse
{
    private static readonly string[] s_settings = ["path", "read_only", "threads", "memory_limit", "schema"];

    private readonly WarehouseTarget _target;

    private DuckDbWarehouse(WarehouseTarget target, string databasePath, bool readOnly, int? threads, string? memoryLimit)
    {
        _target = target;
        DatabasePath = databasePath;
        ReadOnly = readOnly;
        Threads = threads;
        MemoryLimit = memoryLimit;
        var builder = new DuckDbConnectionStringBuilder { DataSource = databasePath };
        if (readOnly)
        {
            builder.ReadOnly = true;
        }

        if (threads is not null)
        {
            builder["threads"] = threads.Value.ToString(CultureInfo.InvariantCulture);
        }

        if (memoryLimit is not null)
        {
            builder["memory_limit"] = memoryLimit;
        }

        ConnectionString = builder.ConnectionString;
    }

    /// <summary>The database file (absolute), or <c>:memory:</c>.</summary>
    public string DatabasePath { get; }

    public bool ReadOnly { get; }

    public int? Threads { get; }

    public string? MemoryLimit { get; }

    /// <summary>The provider connection string this warehouse opens.</summary>
    public string ConnectionString { get; }

    public WarehouseKind Kind => WarehouseKind.DuckDb;

    public ISqlDialect Dialect => SqlDialects.DuckDb;

    /// <summary>The target's <c>schema</c> setting, else DuckDB's default schema <c>main</c>.</summary>
    public string DefaultSchema => _target.Get("schema") is { Length: > 0 } schema ? schema : "main";

    /// <summary>DuckDB's message (first line), without the SQL; other exceptions by their first line.</summary>
    public string DescribeError(Exception exception) =>
        FirstLine(exception is DuckDbException duckDb ? duckDb.EngineMessage : exception.Message);

    public string Description
    {
        get
        {
            var options = new List<string>();
            if (ReadOnly)
            {
                options.Add("read-only");
            }

            if (Threads is not null)
            {
                options.Add(string.Create(CultureInfo.InvariantCulture, $"threads={Threads}"));
            }

            if (MemoryLimit is not null)
            {
                options.Add($"memory_limit={MemoryLimit}");
            }

            var where = IsInMemory ? "in-memory DuckDB database" : $"DuckDB database {DatabasePath}";
            return options.Count == 0 ? where : $"{where} ({string.Join(", ", options)})";
        }
    }

    /// <summary>The version of the loaded DuckDB library, for example <c>v1.5.6</c>.</summary>
    public static string LibraryVersion => DuckDbConnection.LibraryVersion;

    public bool IsInMemory => DatabasePath.StartsWith(":memory:", StringComparison.Ordinal);

    /// <summary>Builds the warehouse for a <c>type: duckdb</c> target; relative paths are resolved against <paramref name="projectDirectory"/>.</summary>
    /// <exception cref="LogbookConfigurationException">A setting is unknown or has an invalid value.</exception>
    public static DuckDbWarehouse FromTarget(WarehouseTarget target, string projectDirectory)
    {
        if (target.Type != WarehouseKind.DuckDb)
        {
            throw new ArgumentException($"Target '{target.Name}' is a {target.Type.ToConfigName()} target, not duckdb.", nameof(target));
        }

        foreach (var key in target.Settings.Keys)
        {
            if (!s_settings.Contains(key, StringComparer.Ordinal))
            {
                throw new LogbookConfigurationException(
                    $"unknown setting '{key}' for duckdb target '{target.Name}' (known: {string.Join(", ", s_settings)})",
                    target.Locate(key));
            }
        }

        var path = target.Get("path") ?? ConfigurationLoader.DefaultDuckDbPath;
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new LogbookConfigurationException($"'path' of target '{target.Name}' is empty", target.Locate("path"));
        }

        if (!path.StartsWith(":memory:", StringComparison.Ordinal))
        {
            path = Path.GetFullPath(ExpandHome(path), projectDirectory);
        }

        return new DuckDbWarehouse(
            target,
            path,
            ReadBoolean(target, "read_only"),
            ReadThreads(target),
            target.Get("memory_limit"));
    }

    /// <summary>
    /// Opens a connection, creating the database file's folder first when it is missing (unless read-only).
    /// A start-up option DuckDB rejects (for example a bad memory_limit) is a configuration error.
    /// </summary>
    public DbConnection OpenConnection()
    {
        if (!IsInMemory && !ReadOnly)
        {
            var folder = Path.GetDirectoryName(DatabasePath);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        var connection = new DuckDbConnection(ConnectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (ArgumentException e)
        {
            connection.Dispose();
            // The provider names the rejected start-up option; blame that setting's line when we can tell which.
            var setting = Array.Find(["memory_limit", "threads"], key => e.Message.Contains($"'{key}'", StringComparison.Ordinal));
            throw new LogbookConfigurationException($"target '{_target.Name}': {e.Message}", setting is null ? _target.Source : _target.Locate(setting), e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A bulk load through DuckDB's appender, in the connection's transaction if one is open.</summary>
    public IBulkWriter OpenBulkWriter(DbConnection connection, string schema, string table)
    {
        if (connection is not DuckDbConnection duckDb)
        {
            throw new ArgumentException($"A DuckDB bulk load needs a DuckDB connection, not a {connection.GetType().Name}.", nameof(connection));
        }

        return new DuckDbBulkWriter(duckDb.CreateAppender(schema, table));
    }

    /// <summary>
    /// For a DuckDB engine error: the first line of DuckDB's message and the first line of the SQL that failed,
    /// as one line. False for any other exception.
    /// </summary>
    public static bool TryDescribeError(Exception exception, out string description)
    {
        if (exception is DuckDbException duckDb)
        {
            var message = FirstLine(duckDb.EngineMessage);
            description = duckDb.SqlFirstLine is { } sql ? $"{message} [SQL: {sql}]" : message;
            return true;
        }

        description = string.Empty;
        return false;
    }

    private static string FirstLine(string text)
    {
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (!line.IsWhiteSpace())
            {
                return line.Trim().ToString();
            }
        }

        return text.Trim();
    }

    private static bool ReadBoolean(WarehouseTarget target, string key)
    {
        var text = target.Get(key);
        if (text is null)
        {
            return false;
        }

        return bool.TryParse(text.Trim(), out var value)
            ? value
            : throw new LogbookConfigurationException($"'{key}' of target '{target.Name}' must be true or false, not '{text}'", target.Locate(key));
    }

    private static int? ReadThreads(WarehouseTarget target)
    {
        var text = target.Get("threads");
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var threads) && threads > 0
            ? threads
            : throw new LogbookConfigurationException($"'threads' of target '{target.Name}' must be a positive whole number, not '{text}'", target.Locate("threads"));
    }

    private static string ExpandHome(string path)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return path.Length == 1 ? home : Path.Combine(home, path[2..]);
        }

        return path;
    }
}
