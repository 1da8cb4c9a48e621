using System.Globalization;
using System.Text.Json;
using Logbook.Core.Configuration;
using Logbook.Soc2.Access;
using Logbook.Soc2.Api;
using Logbook.Soc2.Crawl;

namespace Logbook.Soc2.Configuration;

/// <summary>
/// Reads seed 002's <c>configuration.json</c>: a flat object of strings, as the Connector SDK wants
/// (<c>api_key</c>, <c>api_secret</c>, <c>debug_mode</c>), plus optional settings (docs/soc2-connector.md).
/// <c>FIVETRAN_API_KEY</c> / <c>FIVETRAN_API_SECRET</c> stand in for keys the file leaves out. Every problem is
/// one <see cref="LogbookConfigurationException"/> naming the file, line and field, raised before any API call.
/// </summary>
public static class Soc2Configuration
{
    public const string KeyVariable = "FIVETRAN_API_KEY";
    public const string SecretVariable = "FIVETRAN_API_SECRET";

    private static readonly HashSet<string> s_known = new(StringComparer.Ordinal)
    {
        "api_key", "api_secret", "debug_mode", "base_url", "schema", "stale_after_days", "privileged_roles", "max_concurrency",
        "request_timeout_seconds", "max_retries", "retry_after_cap_seconds", "checkpoint_interval",
    };

    /// <param name="path">The configuration file, or null to use the environment variables alone.</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="warn">Receives warnings (an unknown key, a file others can read).</param>
    public static Soc2ConnectorOptions Load(string? path, Func<string, string?> environment, Action<string> warn)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string text = "";
        if (path is not null)
        {
            if (!File.Exists(path))
            {
                throw new LogbookConfigurationException($"configuration file '{path}' does not exist");
            }

            WarnIfReadableByOthers(path, warn);
            text = File.ReadAllText(path);
            values = Parse(path, text, warn);
        }

        SourceLocation? Where(string field) => path is null ? null : Locate(path, text, field);

        string Required(string field, string variable)
        {
            if (values.TryGetValue(field, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value;
            }

            if (environment(variable) is { Length: > 0 } fromEnvironment)
            {
                return fromEnvironment;
            }

            throw new LogbookConfigurationException(
                $"'{field}' is missing{(path is null ? "" : $" from {path}")} and {variable} is not set", path is null ? null : Where(field) ?? new SourceLocation(path, 1, 1));
        }

        int Number(string field, int fallback, int min, int max)
        {
            if (!values.TryGetValue(field, out var raw))
            {
                return fallback;
            }

            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                ? n
                : throw new LogbookConfigurationException($"'{field}' must be a whole number from {min} to {max}, not '{raw}'", Where(field));
        }

        var debug = values.TryGetValue("debug_mode", out var debugText) ? debugText.Trim().ToUpperInvariant() switch
        {
            "TRUE" => true,
            "FALSE" or "" => false,
            _ => throw new LogbookConfigurationException($"'debug_mode' must be \"true\" or \"false\", not '{debugText}'", Where("debug_mode")),
        } : false;
        var baseUrl = values.GetValueOrDefault("base_url") ?? FivetranApiOptions.DefaultBaseUrl;
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new LogbookConfigurationException($"'base_url' must be an http(s) URL, not '{baseUrl}'", Where("base_url"));
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            warn($"{Where("base_url")}: base_url uses plain http, so the API key and secret cross the network unencrypted; use https");
        }

        var privileged = values.TryGetValue("privileged_roles", out var roles)
            ? roles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : new ComplianceRules().PrivilegedRoles;
        return new Soc2ConnectorOptions
        {
            Api = new FivetranApiOptions
            {
                ApiKey = Required("api_key", KeyVariable),
                ApiSecret = Required("api_secret", SecretVariable),
                BaseUrl = baseUrl,
                MaxConcurrency = Number("max_concurrency", 4, 1, 64),
                RequestTimeout = TimeSpan.FromSeconds(Number("request_timeout_seconds", 30, 1, 3600)),
                MaxRetries = Number("max_retries", 3, 0, 20),
                RetryAfterCap = TimeSpan.FromSeconds(Number("retry_after_cap_seconds", 300, 0, 3600)),
            },
            Schema = values.GetValueOrDefault("schema") is { Length: > 0 } schema ? schema : "soc2",
            DebugMode = debug,
            CheckpointInterval = Number("checkpoint_interval", 100, 1, 100_000),
            Rules = new ComplianceRules { StaleAfter = TimeSpan.FromDays(Number("stale_after_days", 90, 1, 3650)), PrivilegedRoles = privileged },
        };
    }

    private static Dictionary<string, string> Parse(string path, string text, Action<string> warn)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            var column = (int)(e.BytePositionInLine ?? 0) + 1;
            throw new LogbookConfigurationException($"not valid JSON: {e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.')}", new SourceLocation(path, line, column));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new LogbookConfigurationException("the configuration must be a JSON object of strings", new SourceLocation(path, 1, 1));
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (values.ContainsKey(property.Name))
                {
                    throw new LogbookConfigurationException($"'{property.Name}' is set twice", Locate(path, text, property.Name, occurrence: 2));
                }

                // The Connector SDK passes every value as a string; numbers and booleans are accepted as their text.
                values[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                    JsonValueKind.Null => "",
                    _ => throw new LogbookConfigurationException($"'{property.Name}' must be a string", Locate(path, text, property.Name)),
                };
                if (!s_known.Contains(property.Name))
                {
                    warn($"{Locate(path, text, property.Name)}: unknown setting '{property.Name}' is ignored");
                }
            }

            return values;
        }
    }

    private static SourceLocation Locate(string path, string text, string field, int occurrence = 1)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            for (var column = lines[i].IndexOf($"\"{field}\"", StringComparison.Ordinal); column >= 0; column = lines[i].IndexOf($"\"{field}\"", column + 1, StringComparison.Ordinal))
            {
                if (--occurrence == 0)
                {
                    return new SourceLocation(path, i + 1, column + 1);
                }
            }
        }

        return new SourceLocation(path, 1, 1);
    }

    private static void WarnIfReadableByOthers(string path, Action<string> warn)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
        {
            warn($"{path} holds API credentials and is readable by {((mode & UnixFileMode.OtherRead) != 0 ? "others" : "its group")}: run 'chmod 600 {path}'");
        }
    }
}
