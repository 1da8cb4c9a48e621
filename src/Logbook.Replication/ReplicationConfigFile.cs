using System.Globalization;
using Logbook.Core.Configuration;
using Logbook.Core.Replication;
using YamlDotNet.RepresentationModel;

namespace Logbook.Replication;

/// <summary>
/// <c>replication.yml</c> in the project folder (docs/replication.md); without one, the seed's shipped streams.
/// <code>
/// source_target: app_db          # a postgres output of the profile; default: $DATABASE_URL
/// schema: analytics
/// batch_size: 10000
/// safety_lag: 5s
/// streams:
///   - name: ai_audit_logs
///     source: public.ai_audit_logs
///     target: raw_ai_audit_logs
///     key: id
///     cursor: created_at
///     derived:
///       response_duration_ms: { path: response_metadata.durationMs, type: double }
/// </code>
/// Errors name the file, line and column.
/// </summary>
public static class ReplicationConfigFile
{
    public const string FileName = "replication.yml";

    /// <summary>The settings and the optional source target name.</summary>
    public static (ReplicationSettings Settings, string? SourceTarget, string? File) Load(string projectDirectory, Func<string, string?> variable)
    {
        var path = Path.Combine(projectDirectory, FileName);
        if (!File.Exists(path))
        {
            return (ShippedStreams.Settings(variable), null, null);
        }

        var file = YamlFile.Load(path, variable);
        var settings = new ReplicationSettings { Streams = [] };
        string? sourceTarget = null;
        YamlNode? streamsNode = null;
        foreach (var (key, keyNode, value) in file.Entries(file.Root))
        {
            switch (key)
            {
                case "source_target":
                    sourceTarget = file.RequiredScalar(value, "'source_target'");
                    break;
                case "schema":
                    settings = settings with { Schema = file.RequiredScalar(value, "'schema'") };
                    break;
                case "batch_size":
                    settings = settings with { BatchSize = PositiveInt(file, value, "'batch_size'") };
                    break;
                case "safety_lag":
                    settings = settings with { SafetyLag = Durations.Parse(file.RequiredScalar(value, "'safety_lag'"), allowZero: true) ?? throw file.Error(value, "'safety_lag' must be a duration such as 5s, 1m or 0s") };
                    break;
                case "streams":
                    streamsNode = value;
                    break;
                default:
                    throw file.Error(keyNode, $"unknown key '{key}' (expected source_target, schema, batch_size, safety_lag, streams)");
            }
        }

        if (streamsNode is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            throw file.Error(streamsNode ?? file.Root, "'streams' must be a list of streams, each with at least 'source' and 'target'");
        }

        var streams = sequence.Children.Select(node => Stream(file, node)).ToList();
        foreach (var duplicate in streams.GroupBy(s => s.Name).Where(g => g.Count() > 1))
        {
            throw file.Error(streamsNode, $"two streams are called '{duplicate.Key}'");
        }

        return (settings with { Streams = streams }, sourceTarget, path);
    }

    private static ReplicationStream Stream(YamlFile file, YamlNode node)
    {
        var mapping = file.Mapping(node, "a stream");
        string? name = null, source = null, target = null, key = null, cursor = null;
        var derived = new List<DerivedColumn>();
        foreach (var (entry, keyNode, value) in file.Entries(mapping))
        {
            switch (entry)
            {
                case "name": name = file.RequiredScalar(value, "'name'"); break;
                case "source": source = file.RequiredScalar(value, "'source'"); break;
                case "target": target = file.RequiredScalar(value, "'target'"); break;
                case "key": key = file.RequiredScalar(value, "'key'"); break;
                case "cursor": cursor = file.RequiredScalar(value, "'cursor'"); break;
                case "derived":
                    foreach (var (column, _, spec) in file.Entries(file.Mapping(value, "'derived'")))
                    {
                        derived.Add(Derived(file, column, spec));
                    }

                    break;
                default:
                    throw file.Error(keyNode, $"unknown key '{entry}' in a stream (expected name, source, target, key, cursor, derived)");
            }
        }

        if (source is null || target is null)
        {
            throw file.Error(node, "a stream needs 'source' (schema.table or table) and 'target' (a table name)");
        }

        var dot = source.IndexOf('.', StringComparison.Ordinal);
        var stream = new ReplicationStream
        {
            Name = name ?? (dot < 0 ? source : source[(dot + 1)..]),
            SourceSchema = dot < 0 ? "public" : source[..dot],
            SourceTable = dot < 0 ? source : source[(dot + 1)..],
            TargetTable = target,
            Derived = derived,
        };
        return stream with { KeyColumn = key ?? stream.KeyColumn, CursorColumn = cursor ?? stream.CursorColumn };
    }

    private static DerivedColumn Derived(YamlFile file, string column, YamlNode spec)
    {
        string? path = null;
        var type = DerivedType.Text;
        foreach (var (entry, keyNode, value) in file.Entries(file.Mapping(spec, $"derived column '{column}'")))
        {
            switch (entry)
            {
                case "path":
                    path = file.RequiredScalar(value, "'path'");
                    break;
                case "type":
                    var text = file.RequiredScalar(value, "'type'");
                    type = text.ToLowerInvariant() switch
                    {
                        "text" or "varchar" or "string" => DerivedType.Text,
                        "double" or "number" or "float" => DerivedType.Double,
                        "bigint" or "integer" or "int" => DerivedType.BigInt,
                        "boolean" or "bool" => DerivedType.Boolean,
                        "timestamp" or "timestamptz" => DerivedType.Timestamp,
                        _ => throw file.Error(value, $"derived column '{column}': type '{text}' is not one of text, double, bigint, boolean, timestamp"),
                    };
                    break;
                default:
                    throw file.Error(keyNode, $"unknown key '{entry}' in derived column '{column}' (expected path, type)");
            }
        }

        try
        {
            return DerivedColumn.Parse(column, path ?? throw file.Error(spec, $"derived column '{column}' needs a 'path' such as response_metadata.durationMs"), type);
        }
        catch (ArgumentException e)
        {
            throw file.Error(spec, e.Message);
        }
    }

    private static int PositiveInt(YamlFile file, YamlNode node, string what) =>
        int.TryParse(file.RequiredScalar(node, what), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw file.Error(node, $"{what} must be a positive whole number");
}

/// <summary>Durations as the seed writes them: <c>24h</c>, <c>30m</c>, <c>90s</c>, <c>7d</c>, <c>500ms</c>.</summary>
public static class Durations
{
    public static TimeSpan? Parse(string text, bool allowZero = false)
    {
        text = text.Trim();
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], "ms") : text.Length > 1 ? (text[..^1], text[^1..]) : (text, string.Empty);
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        TimeSpan? span = unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(value),
            "s" => TimeSpan.FromSeconds(value),
            "m" => TimeSpan.FromMinutes(value),
            "h" => TimeSpan.FromHours(value),
            "d" => TimeSpan.FromDays(value),
            _ => null,
        };
        return span is { } s && (s > TimeSpan.Zero || allowZero && s == TimeSpan.Zero) ? s : null;
    }
}
