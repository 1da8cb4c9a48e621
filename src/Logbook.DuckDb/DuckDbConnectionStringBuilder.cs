using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Logbook.DuckDb;

/// <summary>
/// Connection strings: <c>Data Source=path</c> (a file, <c>:memory:</c> for a private in-memory database, or
/// <c>:memory:name</c> for one shared by name within the process), <c>Read Only=true</c>, <c>TimeZone</c>
/// (default <c>UTC</c>, so TIMESTAMPTZ arithmetic does not depend on the machine), and any other key is passed
/// to DuckDB as a start-up option (for example <c>threads=4;memory_limit=2GB</c>).
/// A string without '=' is taken as the data source itself.
/// </summary>
public sealed class DuckDbConnectionStringBuilder : DbConnectionStringBuilder
{
    private const string DataSourceKey = "Data Source";
    private const string ReadOnlyKey = "Read Only";
    private const string TimeZoneKey = "TimeZone";

    private static readonly HashSet<string> s_dataSourceAliases = new(StringComparer.OrdinalIgnoreCase) { "Data Source", "DataSource", "Database" };
    private static readonly HashSet<string> s_readOnlyAliases = new(StringComparer.OrdinalIgnoreCase) { "Read Only", "ReadOnly" };

    public DuckDbConnectionStringBuilder()
    {
    }

    public DuckDbConnectionStringBuilder(string? connectionString)
    {
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            if (connectionString.Contains('=', StringComparison.Ordinal))
            {
                ConnectionString = connectionString;
            }
            else
            {
                DataSource = connectionString.Trim();
            }
        }
    }

    /// <summary>The database file, <c>:memory:</c> or <c>:memory:name</c>.</summary>
    [AllowNull]
    public string DataSource
    {
        get => Find(s_dataSourceAliases) ?? ":memory:";
        set => this[DataSourceKey] = value;
    }

    /// <summary>Open the database read-only (DuckDB's <c>access_mode=READ_ONLY</c>).</summary>
    public bool ReadOnly
    {
        get => bool.TryParse(Find(s_readOnlyAliases), out var value) && value;
        set => this[ReadOnlyKey] = value;
    }

    /// <summary>The session time zone set on every connection; empty keeps DuckDB's default (the machine's zone).</summary>
    [AllowNull]
    public string TimeZone
    {
        get => TryGetValue(TimeZoneKey, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty : "UTC";
        set => this[TimeZoneKey] = value;
    }

    /// <summary>The DuckDB start-up options: every key that is not one of ours.</summary>
    internal Dictionary<string, string> EngineOptions()
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string key in Keys)
        {
            if (s_dataSourceAliases.Contains(key) || s_readOnlyAliases.Contains(key) || key.Equals(TimeZoneKey, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            options[key] = Convert.ToString(this[key], System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }

        if (ReadOnly)
        {
            options["access_mode"] = "READ_ONLY";
        }

        return options;
    }

    private string? Find(HashSet<string> aliases)
    {
        foreach (var alias in aliases)
        {
            if (TryGetValue(alias, out var value))
            {
                return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
