using System.Globalization;
using Logbook.Core.Configuration;
using Logbook.Core.Warehouses;
using Npgsql;

namespace Logbook.Warehouse.Postgres;

/// <summary>
/// A <c>type: postgres</c> target as an Npgsql connection string. dbt-postgres's keys (<c>host</c>, <c>port</c>,
/// <c>user</c>, <c>password</c>, <c>dbname</c>, <c>schema</c>, <c>sslmode</c>, <c>connect_timeout</c>,
/// <c>threads</c>, and <c>command_timeout</c>: seconds a statement may run, default 0 = no limit), or the whole connection as <c>url</c> (<c>postgres://user:password@host:port/dbname?sslmode=require</c>)
/// or <c>connection_string</c> (Npgsql's <c>Host=...;Username=...</c> form); separate keys override those parts.
/// </summary>
internal static class PostgresTargetSettings
{
    public static readonly string[] Known = ["host", "port", "user", "password", "dbname", "database", "schema", "sslmode", "connect_timeout", "command_timeout", "threads", "url", "connection_string", "application_name"];

    public static NpgsqlConnectionStringBuilder Build(WarehouseTarget target)
    {
        foreach (var key in target.Settings.Keys.Where(k => !Known.Contains(k, StringComparer.Ordinal)))
        {
            throw new LogbookConfigurationException(
                $"unknown setting '{key}' for postgres target '{target.Name}' (known: {string.Join(", ", Known)})", target.Locate(key));
        }

        if (target.Get("url") is not null && target.Get("connection_string") is not null)
        {
            throw new LogbookConfigurationException($"postgres target '{target.Name}' has both 'url' and 'connection_string'; keep one", target.Locate("connection_string"));
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = target.Get("url") is { } url ? FromUrl(url) : new NpgsqlConnectionStringBuilder(target.Get("connection_string") ?? string.Empty);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException or KeyNotFoundException)
        {
            var key = target.Get("url") is null ? "connection_string" : "url";
            throw new LogbookConfigurationException($"'{key}' of postgres target '{target.Name}' is not valid: {e.Message.Split('\n')[0]}", target.Locate(key));
        }

        Set(target, "host", value => builder.Host = value);
        Set(target, "port", value => builder.Port = PositiveInt(target, "port", value));
        Set(target, "user", value => builder.Username = value);
        Set(target, "password", value => builder.Password = value);
        Set(target, "dbname", value => builder.Database = value);
        Set(target, "database", value => builder.Database = value);
        Set(target, "connect_timeout", value => builder.Timeout = PositiveInt(target, "connect_timeout", value));
        // Npgsql's 30 s default would cut off a model that scans millions of rows; like DuckDB, no limit unless asked.
        builder.CommandTimeout = target.Get("command_timeout") is { } commandTimeout
            ? (int.TryParse(commandTimeout.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : throw new LogbookConfigurationException($"'command_timeout' of target '{target.Name}' must be a whole number of seconds (0 for none), not '{commandTimeout}'", target.Locate("command_timeout")))
            : 0;
        Set(target, "application_name", value => builder.ApplicationName = value);
        Set(target, "sslmode", value => builder.SslMode = Enum.TryParse<SslMode>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var mode)
            ? mode
            : throw new LogbookConfigurationException($"'sslmode' of target '{target.Name}' must be one of disable, allow, prefer, require, verify-ca, verify-full, not '{value}'", target.Locate("sslmode")));
        if (target.Get("threads") is { } threads)
        {
            PositiveInt(target, "threads", threads);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new LogbookConfigurationException($"postgres target '{target.Name}' needs a 'host' (or a 'url')", target.Source);
        }

        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            throw new LogbookConfigurationException($"postgres target '{target.Name}' needs a 'dbname' (or a 'url')", target.Source);
        }

        builder.ApplicationName ??= "logbook";
        return builder;
    }

    /// <summary><c>postgres://user:password@host:port/dbname?sslmode=require&amp;connect_timeout=10</c> (libpq's URI form, percent-encoded parts).</summary>
    public static NpgsqlConnectionStringBuilder FromUrl(string url)
    {
        var uri = new Uri(url);
        if (uri.Scheme is not ("postgres" or "postgresql"))
        {
            throw new FormatException($"a PostgreSQL URL starts with postgres:// or postgresql://, not {uri.Scheme}://");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            switch (key)
            {
                case "sslmode":
                    builder.SslMode = Enum.Parse<SslMode>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true);
                    break;
                case "connect_timeout":
                    builder.Timeout = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                default:
                    throw new FormatException($"unknown URL parameter '{key}' (known: sslmode, connect_timeout, application_name)");
            }
        }

        return builder;
    }

    private static void Set(WarehouseTarget target, string key, Action<string> apply)
    {
        if (target.Get(key) is { } value)
        {
            apply(value);
        }
    }

    private static int PositiveInt(WarehouseTarget target, string key, string text) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new LogbookConfigurationException($"'{key}' of target '{target.Name}' must be a positive whole number, not '{text}'", target.Locate(key));
}
